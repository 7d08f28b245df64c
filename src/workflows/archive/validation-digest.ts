import type { BlockersSummary, ValidationReport } from '../../integrations/archiver.js';
import { clip, context, escapeMrkdwn, message, section } from '../kit/blocks.js';
import type { Block, ThreadMessage } from '../../integrations/slack.js';
import { plural } from '../kit/wording.js';

const EXAMPLES_PER_AUTHOR = 3;
const EXAMPLE_LENGTH = 300;

export interface Digest {
  message: ThreadMessage;
  /** Builds the complete list, one line per message, when it does not fit in the message; undefined when it does. */
  fullList?: () => string;
  total: number;
}

interface Tally {
  total: number;
  byAuthor: Map<string, number>;
  byType: Map<string, number>;
  examples: Map<string, string[]>;
  expectedFileReference: number;
}

/** The entity type of a DSP submittable URL (`…/api/samples/<id>` → samples), or the key itself. */
export function entityType(submittable: string): string {
  const api = submittable.lastIndexOf('/api/');
  if (api < 0) return submittable;
  const end = submittable.indexOf('/', api + 5);
  return end > api + 5 ? submittable.slice(api + 5, end) : submittable;
}

function isSequencingRun(type: string): boolean {
  return type === 'assayData' || type === 'sequencingRuns';
}

function tally(report: ValidationReport): Tally {
  const t: Tally = {
    total: 0,
    byAuthor: new Map(),
    byType: new Map(),
    examples: new Map(),
    expectedFileReference: 0,
  };
  for (const { submittable, messages } of report.errors) {
    const type = entityType(submittable);
    for (const [author, list] of Object.entries(messages)) {
      t.total += list.length;
      t.byAuthor.set(author, (t.byAuthor.get(author) ?? 0) + list.length);
      t.byType.set(type, (t.byType.get(type) ?? 0) + list.length);
      if (author === 'FileReference' && isSequencingRun(type)) t.expectedFileReference += list.length;
      let examples = t.examples.get(author);
      if (!examples) t.examples.set(author, (examples = []));
      for (const message of list) {
        if (examples.length < EXAMPLES_PER_AUTHOR && !examples.includes(message)) examples.push(message);
      }
    }
  }
  return t;
}

function counts(map: Map<string, number>): string {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${n}`)
    .join(' · ');
}

/** A Block Kit digest of the validation report and blockers that stays within Slack's limits at any size. */
export function validationDigest(
  env: string,
  dsp: { dspUuid: string; created: string },
  report: ValidationReport,
  blockers: BlockersSummary,
): Digest {
  const t = tally(report);
  const blocks: Block[] = [];
  const found =
    t.total === 0
      ? 'no validation errors'
      : `${plural(t.total, 'error')} on ${plural(report.errors.length, 'entity', 'entities')}`;
  const headline = `*DSP submission \`${dsp.dspUuid}\`* (${env}, created ${dsp.created}): ${found}.`;
  blocks.push(section(headline));
  if (t.total > 0) {
    blocks.push(section(`*By validation author:* ${counts(t.byAuthor)}\n*By entity type:* ${counts(t.byType)}`));
    for (const [author, examples] of [...t.examples.entries()].slice(0, 12)) {
      const expected =
        author === 'FileReference' && t.expectedFileReference > 0
          ? ` _(${t.expectedFileReference} on sequencing runs: expected until the data files are uploaded)_`
          : '';
      const lines = examples.map((e) => `> ${clip(escapeMrkdwn(e.replace(/\s+/g, ' ')), EXAMPLE_LENGTH)}`);
      blocks.push(section(`*${author}* (${t.byAuthor.get(author)})${expected}\n${lines.join('\n')}`));
    }
  }
  const issues = Object.values(blockers.issuesPerDataType)
    .map((i) => `${i.displayName} ${i.count}`)
    .join(', ');
  blocks.push(
    context(
      `Pending results: ${report.pendingCount}`,
      `Files not ready: ${blockers.notReadyFileCount}`,
      `Metadata blockers: ${blockers.totalMetadataBlockers}${issues ? ` (${issues})` : ''}`,
      blockers.emptySubmission ? 'DSP submission is empty' : 'DSP submission has content',
    ),
  );
  const shown = [...t.examples.values()].reduce((n, list) => n + list.length, 0);
  const fullList = t.total > shown ? () => fullErrorList(report) : undefined;
  if (fullList) blocks.push(context(`The complete list of ${t.total} messages is in the attached file.`));
  return { message: message(headline.replace(/\*/g, ''), blocks), fullList, total: t.total };
}

function fullErrorList(report: ValidationReport): string {
  const lines = ['entity_type\tauthor\tsubmittable\tmessage'];
  for (const { submittable, messages } of report.errors) {
    const type = entityType(submittable);
    for (const [author, list] of Object.entries(messages)) {
      for (const message of list) lines.push(`${type}\t${author}\t${submittable}\t${message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
