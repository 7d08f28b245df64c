import type { ArchiveSubmissionRecord, UploadJob } from '../../integrations/archiver.js';
import type { ThreadMessage } from '../../integrations/slack.js';
import type { Run } from '../../store/runs.js';
import { CANCEL_ACTION } from '../engine/status-message.js';
import { actions, escapeMrkdwn, message, section } from '../kit/blocks.js';
import { duration, plural, slackDate } from '../kit/wording.js';
import { ARCHIVE_ACTIONS } from './questions.js';
import type { uploadScript } from './upload-script.js';

/** What the archive run's messages need of its parameters and state. */
export interface ArchiveFacts {
  submissionUuid: string;
  environment: string;
  noRuns: boolean;
}

/** Steps grouped as a wrangler sees them: the status message changes when the phase does, not with every step. */
export const PHASE_OF: Record<string, string> = {
  'check-state': 'start',
  guard: 'start',
  'choose-existing': 'choose',
  create: 'dsp',
  'await-dsp': 'dsp',
  'create-unknown': 'create-unknown',
  digest: 'plan',
  plan: 'plan',
  'wait-files': 'files',
  'request-approval': 'approval',
  approval: 'approval',
  complete: 'follow',
  follow: 'follow',
  summary: 'follow',
};

/** The status message's lines: where the run stands in a wrangler's words, and its DSP submission. */
export function describeStep(
  run: Run,
  state: {
    phaseSince?: number;
    dsp?: { dspUuid: string };
    createUnknown?: boolean;
    blocking?: string[];
    accessions?: number;
  },
): string[] {
  const since = state.phaseSince ? ` since ${slackDate(state.phaseSince)}` : '';
  const dsp = state.dsp ? `DSP submission \`${state.dsp.dspUuid}\`` : undefined;
  const phases: Record<string, string> = {
    start: 'Checking the submission and looking for an existing DSP submission',
    choose: `Waiting${since} for an operator to choose the existing DSP submission or a new one`,
    dsp: `Waiting${since} for the archiver to create the DSP submission${state.createUnknown ? " (the create request's outcome is unknown)" : ''}`,
    'create-unknown': `Waiting${since} for a person to decide whether to create the DSP submission again`,
    plan: `Waiting${since} for the file upload plan`,
    files: `Waiting${since} for the files: ${(state.blocking ?? []).join(', ') || 'checking'}`,
    approval: `Waiting${since} for approval to complete the submission`,
    follow: `Completed: waiting${since} for accessions`,
  };
  const current = phases[PHASE_OF[run.step] ?? ''] ?? run.step;
  const where =
    run.status === 'succeeded'
      ? `Archived: ${plural(state.accessions ?? 0, 'entity', 'entities')} accessioned`
      : run.finishedAt
        ? `Stopped while: ${current.replace(/ since .*? (for|to) /, ' $1 ')}`
        : current;
  return [where, ...(dsp ? [dsp] : [])];
}

export function notArchiving(facts: ArchiveFacts, state: string): string {
  return `Ingest submission ${facts.submissionUuid} (${facts.environment}) is in state "${state}"; archiving needs it in "Archiving". Nothing was sent to the archiver.`;
}

export function uncheckedNote(stateUnchecked: boolean | undefined): string {
  return stateUnchecked ? '\n_Ingest state not checked: `INGEST_API_TOKEN` is not set._' : '';
}

export function existingRecordMessage(run: Run, record: ArchiveSubmissionRecord, note: string): ThreadMessage {
  const errors = record.errors.length ? `\nErrors: ${record.errors.map((e) => `\`${e.errorCode}\``).join(', ')}` : '';
  const env = run.environment ?? '';
  const text = `:warning: This submission already has an archive record in ${env}: created ${record.created}, DSP submission ${record.dspUuid ? `\`${record.dspUuid}\`` : '_none_'}.${errors}\nCreating another makes a second DSP submission (the archiver does not de-duplicate).${note}`;
  return message(text, [
    section(text),
    actions(`existing-${run.id}`, [
      {
        actionId: ARCHIVE_ACTIONS.useExisting,
        text: `Use the existing DSP submission (${env})`,
        value: String(run.id),
        style: 'primary',
      },
      {
        actionId: ARCHIVE_ACTIONS.createNew,
        text: `Create a new one (${env})`,
        value: String(run.id),
        style: 'danger',
        confirm: {
          title: 'Create a second DSP submission?',
          text: `The ${env} archiver will convert the submission again into a new DSP submission.`,
          confirm: 'Create a new one',
          deny: 'Back',
        },
      },
    ]),
  ]);
}

export const NO_DSP_TO_USE =
  'The existing record has no DSP submission to use (it recorded conversion errors). Start again and choose "Create a new one".';

export const CHOICE_TIMED_OUT = 'Nobody chose between the existing DSP submission and a new one in time.';

export const CREATE_UNKNOWN_NOTICE =
  ':warning: I started creating the DSP submission before a restart and do not know whether the archiver received it. I will not send it again by myself; I keep watching for a new DSP submission instead.';

export function createSent(facts: ArchiveFacts, note: string): string {
  return `Asked the ${facts.environment} archiver to convert the submission${facts.noRuns ? ' (without sequencing runs)' : ''}; waiting for the DSP submission.${note}`;
}

export function conversionErrors(record: ArchiveSubmissionRecord): string {
  const errors =
    record.errors.map((e) => `\`${e.errorCode}\`: ${escapeMrkdwn(e.message)}`).join('\n') ||
    'no DSP submission was made';
  const noEntities = record.errors.some((e) => e.errorCode.endsWith('no_entities'))
    ? 'No entities were left to convert: they may already be in DSP from an earlier attempt (see the SOP on duplicate submissions).'
    : '';
  return `The archiver finished converting but recorded errors:\n${errors}\n${noEntities}`.trim();
}

export function conversionTimedOut(timeoutMs: number): string {
  return `No DSP submission appeared within ${duration(timeoutMs)} of the request. Retry resumes watching; it does not create another one.`;
}

export function createUnknownQuestion(run: Run): ThreadMessage {
  const env = run.environment ?? '';
  const text = `:question: No DSP submission appeared, and I cannot tell whether the archiver received the create request that was under way during a restart. Sending it again may make a second DSP submission.`;
  return message(text, [
    section(text),
    actions(`create-unknown-${run.id}`, [
      {
        actionId: ARCHIVE_ACTIONS.createAgain,
        text: `Create it again (${env})`,
        value: String(run.id),
        style: 'danger',
      },
    ]),
  ]);
}

export const CREATE_AGAIN_TIMED_OUT = 'Nobody decided whether to create the DSP submission again.';

export function fullListFile(dspUuid: string, total: number, environment: string) {
  return { filename: `validation-errors-${dspUuid}.tsv`, title: `All ${total} validation messages (${environment})` };
}

export function fullListFailed(total: number, error: string, dspUuid: string): string {
  return `I could not attach the full list of ${total} messages (${error}); \`GET /archiveSubmissions/${dspUuid}/validationErrors\` has them.`;
}

export function noFilesToUpload(facts: ArchiveFacts): string {
  return `File upload plan: no files to upload${facts.noRuns ? ' (sequencing runs were excluded)' : ''}.`;
}

export function planFile(dspUuid: string, environment: string) {
  return { filename: 'submit-jobs.sh', title: `File archiver jobs for ${dspUuid} (${environment})` };
}

export function planSummary(env: string, jobs: readonly UploadJob[], script: ReturnType<typeof uploadScript>): string {
  const files = jobs.reduce((n, j) => n + j.files.length, 0);
  const bySchema = new Map<string, number>();
  for (const job of jobs) {
    const schema = job.conversion ? (job.conversion.schema ?? 'null schema') : 'no conversion';
    bySchema.set(schema, (bySchema.get(schema) ?? 0) + 1);
  }
  const lines = [
    `*File upload plan (${env})*: ${plural(jobs.length, 'job')}, ${plural(files, 'file')} · ${[...bySchema].map(([s, n]) => `${s} ${n}`).join(' · ')}`,
    ...script.jobs.filter((j) => j.memoryNote).map((j) => `• job ${j.index}: \`-M 64000\` because ${j.memoryNote}`),
    ...script.skipped.map((s) => `• left out manifest \`${s.manifestId}\`: ${s.reason}`),
    ...script.warnings.map((w) => `:warning: ${w}`),
    `Run \`bash submit-jobs.sh /nfs/production/hca/<project>\` on the cluster after exporting AAP_USERNAME, AAP_PASSWORD, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; it submits ${plural(script.jobs.length, 'job')}. I re-check the validation on every poll.`,
  ];
  return lines.join('\n');
}

export function filesStalled(blocking: readonly string[]) {
  return (since: string) =>
    `:hourglass: Nothing has changed for ${since}: still ${blocking.join(', ')}. Have the file archiver jobs run? (\`bjobs -W\`, \`bpeek <id>\`)`;
}

export function approvalRequest(
  run: Run,
  facts: ArchiveFacts,
  mentions: readonly string[],
  round: number,
  expiresAt: number,
): ThreadMessage {
  const env = facts.environment;
  const who = mentions.length ? mentions.map((u) => `<@${u}>`).join(' ') : 'Operators';
  const rule =
    env === 'prod'
      ? `An approver (\`HCA_APPROVERS\`) other than <@${run.requester}> must approve on prod.`
      : 'Any operator may approve on dev and staging.';
  const text = `${who}: *${run.ref}* is ready to complete ingest submission \`${facts.submissionUuid}\` in *${env}*. No validation errors, no blockers, every file ready. Completing submits it to the archives and cannot be undone.\n${rule} This request expires ${slackDate(expiresAt)}.`;
  return message(text, [
    section(text),
    actions(`approval-${run.id}-${round}`, [
      {
        actionId: ARCHIVE_ACTIONS.complete,
        text: `Complete submission (${env})`,
        value: `${run.id}:${round}`,
        style: 'primary',
        confirm: {
          title: 'Complete the submission?',
          text: `This submits DSP submission to the archives (${env}). It cannot be undone.`,
          confirm: 'Complete',
          deny: 'Not yet',
        },
      },
      { actionId: CANCEL_ACTION, text: `Cancel ${run.ref} (${env})`, value: String(run.id), style: 'danger' },
    ]),
  ]);
}

export function changedSinceApproval(blocking: readonly string[]): string {
  return `Not completing: since the approval request the submission changed (${blocking.join(', ')}). Back to waiting; I will ask again when it is ready.`;
}

export function approvalTimedOut(timeoutMs: number): string {
  return `Timed out: nobody approved completing the submission within ${duration(timeoutMs)}. Retry asks again.`;
}

export const COMPLETE_UNKNOWN_NOTICE =
  'The completion request was started before a restart; I treat it as sent and follow its outcome (it is never sent twice).';

export function stillArchiving(progress: string) {
  return (since: string) =>
    `:hourglass: ${progress} ${since} after completion. DSP may still be processing; if it stays like this, see the SOP on submissions stuck in Archiving.`;
}

export function archivedSummary(
  run: Run,
  facts: ArchiveFacts,
  outcome: { dspUuid: string; accessions: number; tookMs: number; approvedBy?: string },
): string {
  return [
    `:white_check_mark: *Archived* ingest submission \`${facts.submissionUuid}\` (${facts.environment}) as DSP submission \`${outcome.dspUuid}\`.`,
    `${plural(outcome.accessions, 'entity', 'entities')} accessioned · took ${duration(outcome.tookMs)} · requested by <@${run.requester}> · approved by <@${outcome.approvedBy ?? 'unknown'}>`,
  ].join('\n');
}
