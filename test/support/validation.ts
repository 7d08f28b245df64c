import type { ArchiverClient, BlockersSummary } from '../../src/integrations/archiver.js';
import type { ValidationEntry } from '../../src/integrations/archiver-validation.js';
import { ValidationTally } from '../../src/workflows/archive/validation-report.js';

/** Everything `/validationErrors` hands over, gathered: for tests that look at a small body whole. */
export async function validationErrorsOf(client: ArchiverClient, dspUuid: string, apiKey: string) {
  const errors: ValidationEntry[] = [];
  const { pendingCount } = await client.validationErrors(dspUuid, apiKey, (entry) => errors.push(entry));
  return { errors, pendingCount };
}

/** The report an archiving run makes of these entries, as if `/validationErrors` had streamed them. */
export function reportOf(entries: ValidationEntry[], pendingCount: number, options = { fullList: false }) {
  const tally = new ValidationTally(options);
  for (const entry of entries) tally.add(entry);
  return tally.report(pendingCount);
}

/** `/blockers` when nothing blocks completion. */
export const NO_BLOCKERS: BlockersSummary = {
  notReadyFileCount: 0,
  totalMetadataBlockers: 0,
  emptySubmission: false,
  anyPendingValidationResult: false,
  issuesPerDataType: {},
};
