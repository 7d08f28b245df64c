import type { BlockersSummary } from '../../integrations/archiver.js';
import { plural } from '../kit/wording.js';
import type { ValidationReport } from './validation-report.js';

export interface Readiness {
  ready: boolean;
  /** What still blocks completion, in a wrangler's words; empty when ready. */
  blocking: string[];
}

/** The contract's "ready to complete" check (§2.2): no errors, nothing pending, no blockers, not empty. */
export function readiness(report: ValidationReport, blockers: BlockersSummary): Readiness {
  const errorCount = report.total;
  const fileReferenceCount = report.fileReference;
  const blocking: string[] = [];
  if (blockers.notReadyFileCount > 0) blocking.push(`${plural(blockers.notReadyFileCount, 'file')} not ready`);
  if (fileReferenceCount > 0) blocking.push(plural(fileReferenceCount, 'FileReference error'));
  if (errorCount > fileReferenceCount) blocking.push(plural(errorCount - fileReferenceCount, 'other validation error'));
  if (report.pendingCount > 0 || blockers.anyPendingValidationResult) {
    blocking.push(
      report.pendingCount > 0 ? plural(report.pendingCount, 'pending validation result') : 'validation still pending',
    );
  }
  if (blockers.totalMetadataBlockers > 0) blocking.push(plural(blockers.totalMetadataBlockers, 'metadata blocker'));
  if (blockers.emptySubmission) blocking.push('the DSP submission is empty');
  return { ready: blocking.length === 0, blocking };
}
