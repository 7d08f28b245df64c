import type { ValidationEntry } from '../../integrations/archiver-validation.js';
import type { EnvironmentArchiver } from '../../integrations/keyed-archiver.js';

const EXAMPLES_PER_AUTHOR = 3;
/** Examples are shown clipped to a few hundred characters; a longer message is not kept whole. */
const EXAMPLE_KEPT_CHARS = 1000;
/** Authors and entity types counted by name; a body with more (a broken archiver) has the rest counted together. */
const NAMES_KEPT = 100;
export const OTHER_NAMES = '(others)';
/** The complete list stops growing here: about 150,000 typical lines, a bounded share of memory. */
export const FULL_LIST_MAX_CHARS = 32_000_000;
const LINES_PER_CHUNK = 1000;
const FULL_LIST_HEADER = 'entity_type\tauthor\tsubmittable\tmessage\n';

/** What an archiving run keeps of `/validationErrors`: counts and a few examples, never the whole body. */
export interface ValidationReport {
  /** Messages in all. */
  total: number;
  /** Submittables with messages. */
  entities: number;
  pendingCount: number;
  fileReference: number;
  /** FileReference messages on sequencing runs: expected until the data files are uploaded. */
  expectedFileReference: number;
  byAuthor: ReadonlyMap<string, number>;
  byType: ReadonlyMap<string, number>;
  examples: ReadonlyMap<string, readonly string[]>;
  /** The complete list as TSV when it was asked for; `listed` is below `total` when it reached its cap. */
  fullList?: { listed: number; text(): string };
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

/** Adds n to a name's count, or to the others' once NAMES_KEPT names are counted; the name it counted under. */
function count(map: Map<string, number>, name: string, n: number): string {
  const key = map.has(name) || map.size < NAMES_KEPT ? name : OTHER_NAMES;
  map.set(key, (map.get(key) ?? 0) + n);
  return key;
}

const TSV_BREAK = /[\t\r\n]/;
const TSV_BREAKS = /[\t\r\n]+/g;

/** The complete list, one TSV line per message, joined in chunks as the messages arrive and capped. */
class FullList {
  private readonly chunks: string[] = [];
  private lines: string[] = [];
  private chars = 0;
  listed = 0;

  add(type: string, author: string, submittable: string, message: string): void {
    const text = TSV_BREAK.test(message) ? message.replace(TSV_BREAKS, ' ') : message;
    const line = `${type}\t${author}\t${submittable}\t${text}\n`;
    if (this.chars + line.length > FULL_LIST_MAX_CHARS) return;
    this.chars += line.length;
    this.listed += 1;
    this.lines.push(line);
    if (this.lines.length === LINES_PER_CHUNK) this.flush();
  }

  text(): string {
    this.flush();
    return FULL_LIST_HEADER + this.chunks.join('');
  }

  private flush(): void {
    if (this.lines.length > 0) this.chunks.push(this.lines.join(''));
    this.lines = [];
  }
}

/** Counts `/validationErrors` entries one at a time as they are parsed, keeping only what a report needs. */
export class ValidationTally {
  private total = 0;
  private entities = 0;
  private fileReference = 0;
  private expectedFileReference = 0;
  private readonly byAuthor = new Map<string, number>();
  private readonly byType = new Map<string, number>();
  private readonly examples = new Map<string, string[]>();
  private readonly fullList: FullList | undefined;

  constructor(options: { fullList: boolean }) {
    this.fullList = options.fullList ? new FullList() : undefined;
  }

  add({ submittable, messages }: ValidationEntry): void {
    this.entities += 1;
    const type = entityType(submittable);
    for (const [author, list] of Object.entries(messages)) {
      this.total += list.length;
      count(this.byType, type, list.length);
      const name = count(this.byAuthor, author, list.length);
      if (author === 'FileReference') {
        this.fileReference += list.length;
        if (isSequencingRun(type)) this.expectedFileReference += list.length;
      }
      let examples = this.examples.get(name);
      if (!examples) this.examples.set(name, (examples = []));
      for (const message of list) {
        if (examples.length < EXAMPLES_PER_AUTHOR) {
          const kept = message.length > EXAMPLE_KEPT_CHARS ? message.slice(0, EXAMPLE_KEPT_CHARS) : message;
          if (!examples.includes(kept)) examples.push(kept);
        }
        this.fullList?.add(type, author, submittable, message);
      }
    }
  }

  report(pendingCount: number): ValidationReport {
    const { total, entities, fileReference, expectedFileReference, byAuthor, byType, examples, fullList } = this;
    return {
      total,
      entities,
      pendingCount,
      fileReference,
      expectedFileReference,
      byAuthor,
      byType,
      examples,
      ...(fullList ? { fullList: { listed: fullList.listed, text: () => fullList.text() } } : {}),
    };
  }
}

/** Reads `/validationErrors` as it streams in; with `fullList`, also builds the complete list for a file. */
export async function readValidation(
  archiver: Pick<EnvironmentArchiver, 'validationErrors'>,
  dspUuid: string,
  options: { fullList: boolean } = { fullList: false },
): Promise<ValidationReport> {
  const tally = new ValidationTally(options);
  const { pendingCount } = await archiver.validationErrors(dspUuid, (entry) => tally.add(entry));
  return tally.report(pendingCount);
}
