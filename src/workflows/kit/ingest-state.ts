/** An ingest `submissionState` as compared: lower case, single spaces ("Graph valid", "GRAPH_VALID" → "graph valid"). */
export function normalState(state: string): string {
  return state
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');
}

/** The states a submission reaches once ingest has marked it archived. */
export const ARCHIVED_OR_LATER: ReadonlySet<string> = new Set([
  'archived',
  'exporting',
  'exported',
  'cleanup',
  'complete',
]);

/** The states of an exported submission (the staging manager may have cleaned up after it). */
export const EXPORTED_OR_LATER: ReadonlySet<string> = new Set(['exported', 'cleanup', 'complete']);

/** The states on the way from submit to export: a submission in one of them is worth following. */
export const ON_THE_WAY_TO_EXPORT: ReadonlySet<string> = new Set([
  'submitted',
  'processing',
  'archiving',
  'archived',
  'exporting',
]);
