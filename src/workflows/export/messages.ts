import type { ExportJob } from '../../integrations/ingest.js';
import { escapeMrkdwn } from '../kit/blocks.js';
import { duration, plural, slackDate } from '../kit/wording.js';
import { projectLabel, type ProjectNames } from '../portal/messages.js';
import { runbookAdvice, type ExportVerdict, type StuckReason } from './verdict.js';

const ERRORS_SHOWN = 5;

export interface ExportSummary {
  submissionUuid: string;
  env: string;
  /** The envelope's state as ingest spells it. */
  state: string;
  project: ProjectNames | null;
  verdict: ExportVerdict;
  /** EXPORTED entities of the latest job, when they were counted. */
  exportedAssays?: number;
  now: number;
}

function destinationText(job: ExportJob): string {
  if (!job.destination) return '';
  const version = job.destination.version ? ` ${escapeMrkdwn(job.destination.version)}` : '';
  return ` to ${escapeMrkdwn(job.destination.name)}${version}`;
}

function progressText(job: ExportJob, exportedAssays: number | undefined): string {
  const assays =
    job.totalAssayCount === null
      ? exportedAssays === undefined
        ? 'assay count not given'
        : `${plural(exportedAssays, 'assay')} exported`
      : `${exportedAssays ?? '?'} of ${plural(job.totalAssayCount, 'assay')} exported`;
  const transfer = job.dataTransferComplete === true ? 'data transfer complete' : 'data transfer not confirmed';
  return `${assays} · ${transfer}`;
}

const REASONS: Record<StuckReason, (verdict: Extract<ExportVerdict, { kind: 'stuck' }>) => string> = {
  stale: (v) => `still EXPORTING, with no update for ${duration(v.quietForMs)}`,
  failed: () => 'the job FAILED',
  errors: (v) => `the job reports ${plural(v.job.errors.length, 'error')}`,
};

/** Said once per stall while a submission waits for its export with nothing changing. */
export function exportStalledText(state: string, since: string, giveUpAfter: string): string {
  return (
    `:hourglass: Nothing has changed for ${since}: the submission is still ${escapeMrkdwn(state)}. ` +
    `The bot keeps following it, and stops after ${giveUpAfter} without a change (\`/hca retry\` follows it again).`
  );
}

/** Why the export looks stuck, in one line. */
export function stuckText(verdict: Extract<ExportVerdict, { kind: 'stuck' }>): string {
  return `:warning: *Export looks stuck:* ${verdict.reasons.map((r) => REASONS[r](verdict)).join('; ')}.`;
}

function errorLines(job: ExportJob): string[] {
  if (job.errors.length === 0) return [];
  const shown = job.errors.slice(0, ERRORS_SHOWN).map((e) => `• ${escapeMrkdwn(e.slice(0, 300))}`);
  const more = job.errors.length > ERRORS_SHOWN ? [`…and ${job.errors.length - ERRORS_SHOWN} more`] : [];
  return ['Errors:', ...shown, ...more];
}

/** `/hca export`: where the submission is between Archived and Exported, and what its latest export job says. */
export function exportSummaryLines(summary: ExportSummary): string[] {
  const { verdict } = summary;
  const label = projectLabel(summary.project);
  const head = [
    `*Export of submission \`${summary.submissionUuid}\`* (${summary.env})${label ? ` · ${label}` : ''}`,
    `Ingest state: ${escapeMrkdwn(summary.state)}`,
  ];
  if (verdict.kind === 'none') {
    const why = /^export/i.test(summary.state)
      ? 'ingest lists no export job for it yet.'
      : 'it has not been exported: export follows Archived when Export was among its submit actions.';
    return [...head, `No export job: ${why}`];
  }
  const { job } = verdict;
  const lines = [
    ...head,
    `Latest export job: ${job.status}${destinationText(job)}, started ${slackDate(job.createdAt)}, last updated ${slackDate(job.updatedAt)} (${duration(summary.now - job.updatedAt)} ago)`,
    `Progress: ${progressText(job, summary.exportedAssays)}`,
  ];
  if (verdict.kind !== 'stuck') return lines;
  return [...lines, stuckText(verdict), ...errorLines(job), ...runbookAdvice(verdict).map((a) => `• ${a}`)];
}

/** After Exported: the managed-access SOP's next steps. */
export function exportedNextSteps(formUrl: string, estimateText: string | undefined): string[] {
  return [
    '*Next steps:*',
    `1. Fill in the <${formUrl}|data release import form>.`,
    `2. Watch the portal until the project is live, then verify it and send the link to the contributor.${estimateText ? ` It is ${estimateText}.` : ''}`,
  ];
}
