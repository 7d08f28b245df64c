import type { BlockersSummary } from '../../integrations/archiver.js';
import { plural } from '../kit/wording.js';
import type { ValidationReport } from './validation-report.js';

export interface Readiness {
  ready: boolean;
  /** What still blocks completion, in a wrangler's words; empty when ready. */
  blocking: string[];
}

/** What DSP has still to validate: `3 pending validation results`, `validation still pending`, or nothing. */
export function pendingValidation(report: ValidationReport, blockers: BlockersSummary): string | undefined {
  if (report.pendingCount > 0) return plural(report.pendingCount, 'pending validation result');
  return blockers.anyPendingValidationResult ? 'validation still pending' : undefined;
}

/** The contract's "ready to complete" check (§2.2): no errors, nothing pending, no blockers, not empty. */
export function readiness(report: ValidationReport, blockers: BlockersSummary): Readiness {
  const errorCount = report.total;
  const fileReferenceCount = report.fileReference;
  const blocking: string[] = [];
  if (blockers.notReadyFileCount > 0) blocking.push(`${plural(blockers.notReadyFileCount, 'file')} not ready`);
  if (fileReferenceCount > 0) blocking.push(plural(fileReferenceCount, 'FileReference error'));
  if (errorCount > fileReferenceCount) blocking.push(plural(errorCount - fileReferenceCount, 'other validation error'));
  const pending = pendingValidation(report, blockers);
  if (pending) blocking.push(pending);
  if (blockers.totalMetadataBlockers > 0) blocking.push(plural(blockers.totalMetadataBlockers, 'metadata blocker'));
  if (blockers.emptySubmission) blocking.push('the DSP submission is empty');
  return { ready: blocking.length === 0, blocking };
}
