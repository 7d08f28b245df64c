import type { BlockersSummary } from '../../integrations/archiver.js';
import { clip, context, escapeMrkdwn, message, section } from '../kit/blocks.js';
import type { Block, ThreadMessage } from '../../integrations/slack.js';
import { plural, readableDate } from '../kit/wording.js';
import { pendingValidation } from './readiness.js';
import type { ValidationReport } from './validation-report.js';

const EXAMPLE_LENGTH = 300;

export interface Digest {
  message: ThreadMessage;
  /** The complete list as a file, when the message cannot hold every message and the report has the list. */
  file?: { title: string; content(): string };
  total: number;
}

function counts(map: ReadonlyMap<string, number>): string {
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
  const blocks: Block[] = [];
  const pending = pendingValidation(report, blockers);
  const found =
    report.total === 0
      ? pending
        ? `no validation errors yet (${pending})`
        : 'no validation errors'
      : `${plural(report.total, 'error')} on ${plural(report.entities, 'entity', 'entities')}${pending ? ` (${pending})` : ''}`;
  const headline = `*DSP submission \`${dsp.dspUuid}\`* (${env}, created ${readableDate(dsp.created)}): ${found}.`;
  blocks.push(section(headline));
  if (report.total > 0) {
    blocks.push(
      section(`*By validation author:* ${counts(report.byAuthor)}\n*By entity type:* ${counts(report.byType)}`),
    );
    for (const [author, examples] of [...report.examples.entries()].slice(0, 12)) {
      const expected =
        author === 'FileReference' && report.expectedFileReference > 0
          ? ` _(${report.expectedFileReference} on sequencing runs: expected until the data files are uploaded)_`
          : '';
      const lines = examples.map((e) => `> ${clip(escapeMrkdwn(e.replace(/\s+/g, ' ')), EXAMPLE_LENGTH)}`);
      blocks.push(section(`*${author}* (${report.byAuthor.get(author)})${expected}\n${lines.join('\n')}`));
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
  const shown = [...report.examples.values()].reduce((n, list) => n + list.length, 0);
  const list = report.total > shown ? report.fullList : undefined;
  if (!list) return { message: message(headline.replace(/\*/g, ''), blocks), total: report.total };
  const complete = list.listed === report.total;
  blocks.push(
    context(
      complete
        ? `The complete list of ${report.total} messages is in the attached file.`
        : `The first ${list.listed} of ${report.total} messages are in the attached file; \`GET /archiveSubmissions/${dsp.dspUuid}/validationErrors\` has them all.`,
    ),
  );
  return {
    message: message(headline.replace(/\*/g, ''), blocks),
    file: {
      title: complete
        ? `All ${report.total} validation messages`
        : `The first ${list.listed} of ${report.total} validation messages`,
      content: () => list.text(),
    },
    total: report.total,
  };
}
