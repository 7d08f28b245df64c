import type { ExportJob } from '../../integrations/ingest.js';

/** Why an export looks stuck, as the team's runbook (`stuck-submissions-export.md`) tells the cases apart. */
export type StuckReason = 'stale' | 'failed' | 'errors';

export type ExportVerdict =
  | { kind: 'none' }
  | { kind: 'exporting'; job: ExportJob }
  | { kind: 'exported'; job: ExportJob }
  | { kind: 'stuck'; job: ExportJob; reasons: StuckReason[]; quietForMs: number };

/** The job that speaks for the export: the newest one not DEPRECATED (superseded by a re-export). */
export function latestJob(jobs: readonly ExportJob[]): ExportJob | undefined {
  return jobs
    .filter((job) => job.status !== 'DEPRECATED')
    .reduce<ExportJob | undefined>(
      (latest, job) => (!latest || job.createdAt > latest.createdAt ? job : latest),
      undefined,
    );
}

/**
 * Stuck: the latest job is still EXPORTING and has not been updated for `stuckAfterMs`, it FAILED, or it carries
 * errors. Otherwise it is exporting or exported.
 */
export function exportVerdict(jobs: readonly ExportJob[], now: number, stuckAfterMs: number): ExportVerdict {
  const job = latestJob(jobs);
  if (!job) return { kind: 'none' };
  const quietForMs = Math.max(0, now - job.updatedAt);
  const reasons: StuckReason[] = [];
  if (job.status === 'EXPORTING' && quietForMs > stuckAfterMs) reasons.push('stale');
  if (job.status === 'FAILED') reasons.push('failed');
  if (job.errors.length > 0) reasons.push('errors');
  if (reasons.length > 0) return { kind: 'stuck', job, reasons, quietForMs };
  return job.status === 'EXPORTED' ? { kind: 'exported', job } : { kind: 'exporting', job };
}

/** What the runbook suggests for a stuck export, one line per cause found. */
export function runbookAdvice(verdict: Extract<ExportVerdict, { kind: 'stuck' }>): string[] {
  const advice: string[] = [];
  if (verdict.reasons.includes('stale')) {
    advice.push(
      verdict.job.dataTransferComplete === true
        ? 'The data transfer is confirmed but the exporter went quiet: look for failed messages in the exporter logs ' +
            '(`stern ingest-exporter`) and in the `ingest.exporter.errored.queue` queue, and move them back to be ' +
            'processed again if the cause has passed.'
        : 'The data transfer is not confirmed (`isDataTransferComplete` is not true): the exporter may have timed out ' +
            'waiting for the GCP Storage Transfer job. Check the transfer (`gcloud transfer jobs monitor`, or ' +
            '`get_status.py`); if it finished, patch the export job’s `context` with `isDataTransferComplete: true`.',
    );
  }
  if (verdict.reasons.includes('failed') || verdict.reasons.includes('errors')) {
    advice.push(
      'Exporter errors: read the errors listed here and the messages in `ingest.exporter.errored.queue` (without ' +
        'acknowledging them). A failed request for the GCP transfer status is fixed by deleting the exporter pod so ' +
        'a new one processes the message again.',
    );
  }
  advice.push('If it stays stuck, open a “stuck in export” issue in hca-ebi-wrangler-central with the short name.');
  return advice;
}
