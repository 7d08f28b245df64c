import type { ArchiveEntity, ArchiveSubmissionRecord, UploadJob } from '../../integrations/archiver.js';
import type { ThreadMessage } from '../../integrations/slack.js';
import type { Run } from '../../store/runs.js';
import { cancelButton } from '../engine/status-message.js';
import { actions, context, escapeMrkdwn, lineSections, message, section } from '../kit/blocks.js';
import { duration, plural, readableDate, slackDate } from '../kit/wording.js';
import { tsvRow } from '../kit/table-file.js';
import { ARCHIVE_ACTIONS } from './questions.js';
import type { UploadScript } from './upload-script.js';

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
  'confirm-start': 'confirm',
  'already-archived': 'archived',
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
    leftArchived?: boolean;
  },
): string[] {
  const since = state.phaseSince ? ` since ${slackDate(state.phaseSince)}` : '';
  const dsp = state.dsp ? `DSP submission \`${state.dsp.dspUuid}\`` : undefined;
  const phases: Record<string, string> = {
    start: 'Checking the submission and looking for an existing DSP submission',
    confirm: `Waiting${since} for <@${run.requester}> or an operator to start on prod`,
    archived: `Already archived: waiting${since} for a choice to archive it again or leave it`,
    choose: `Waiting${since} for an operator to choose the existing DSP submission or a new one`,
    dsp: `Waiting${since} for the archiver to create the DSP submission${state.createUnknown ? " (the create request's outcome is unknown)" : ''}`,
    'create-unknown': `Waiting${since} for a person to decide whether to create the DSP submission again`,
    plan: `Waiting${since} for the file upload plan and DSP's validation results`,
    files: `Waiting${since} for the files: ${(state.blocking ?? []).join(', ') || 'checking'}`,
    approval: `Waiting${since} for approval to complete the DSP submission`,
    follow: `Completed: waiting${since} for accessions`,
  };
  const current = phases[PHASE_OF[run.step] ?? ''] ?? run.step;
  const where =
    run.status === 'succeeded'
      ? state.leftArchived
        ? 'Already archived: nothing was done'
        : `Archived: ${plural(state.accessions ?? 0, 'entity', 'entities')} accessioned`
      : run.finishedAt
        ? `Stopped while: ${current.replace(/ since .*? (for|to) /, ' $1 ')}`
        : current;
  return [where, ...(dsp ? [dsp] : [])];
}

/**
 * What a run stopped now leaves in DSP, and what to do about it: nothing before the create request; a draft DSP
 * submission (or one that may still appear) after it; a submission on its way to the archives after completion.
 */
export function leftBehind(
  run: Run,
  facts: ArchiveFacts,
  state: { createSentAt?: number; dsp?: { dspUuid: string }; completeSentAt?: number },
): string {
  const env = facts.environment;
  const again = `\`/hca retry ${run.ref}\` resumes this run`;
  const remove =
    'to remove it, delete the DSP submission and its ingest archive record as the archiving SOP says for duplicate submissions';
  if (state.completeSentAt && state.dsp) {
    return `Completion of DSP submission \`${state.dsp.dspUuid}\` (${env}) was requested ${slackDate(state.completeSentAt)}: DSP goes on submitting it to the archives, and that cannot be stopped. ${again} and follows it to the accessions.`;
  }
  if (state.dsp) {
    return `DSP submission \`${state.dsp.dspUuid}\` (${env}) stays in DSP as a draft: nothing was submitted to the archives. ${again} with it; ${remove}.`;
  }
  if (state.createSentAt) {
    return `The ${env} archiver was asked ${slackDate(state.createSentAt)} to create a DSP submission, which may still appear (\`/hca status ${facts.submissionUuid}\` and a new \`/hca archive\` will find it). ${again}; ${remove}.`;
  }
  return `Nothing was created in DSP. ${again}.`;
}

export function notArchiving(facts: ArchiveFacts, state: string): string {
  return `Ingest submission ${facts.submissionUuid} (${facts.environment}) is in state "${state}"; archiving needs it in "Archiving". Nothing was sent to the archiver.`;
}

export function uncheckedNote(stateUnchecked: boolean | undefined): string {
  return stateUnchecked
    ? '\n_Ingest state not checked: the bot has no ingest API token (an operator can give it one; see the README)._'
    : '';
}

/** What is known to show that a submission was archived already. */
export interface ArchivedFacts {
  earlier?: { ref: string; finishedAt: number; accessions: number; thread: string | null };
  /** Ingest's state, when it says archived or later. */
  ingestState?: string;
  latest: ArchiveSubmissionRecord | null;
  /** Entities of the latest DSP submission that have accessions. */
  accessioned: number;
}

/** "Already archived by R2 on …": what shows it, and the four-eyes choice to archive again anyway. */
export function alreadyArchived(run: Run, facts: ArchivedFacts, value: string): ThreadMessage {
  const env = run.environment ?? '';
  const { earlier, latest } = facts;
  const headline = earlier
    ? `:white_check_mark: *Already archived* by *${earlier.ref}* on ${slackDate(earlier.finishedAt, '{date_short}')} (${plural(earlier.accessions, 'accession')})${earlier.thread ? ` — <${earlier.thread}|see its thread>` : ''}.`
    : `:white_check_mark: *Already archived* in ${env}${latest ? ` on ${readableDate(latest.created)}` : ''} (${plural(facts.accessioned, 'accession')}).`;
  const evidence = [
    ...(facts.ingestState ? [`• Ingest says the submission is "${facts.ingestState}".`] : []),
    ...(latest?.dspUuid
      ? [
          `• DSP submission \`${latest.dspUuid}\` (created ${readableDate(latest.created)}): ${plural(facts.accessioned, 'entity', 'entities')} accessioned.`,
        ]
      : []),
  ];
  const rule =
    env === 'prod'
      ? `On prod an approver other than <@${run.requester}> must choose *Archive again*.`
      : 'Any operator may choose.';
  const text = [
    headline,
    ...evidence,
    `Nothing was sent to the archiver. Archiving again makes a new DSP submission: the archiver does not de-duplicate, and entities already in DSP are skipped, so it may come out nearly empty. ${rule}`,
  ].join('\n');
  return message(text, [
    section(text),
    actions(`already-archived-${run.id}`, [
      { actionId: ARCHIVE_ACTIONS.leaveArchived, text: `Leave it archived (${env})`, value, style: 'primary' },
      {
        actionId: ARCHIVE_ACTIONS.archiveAgain,
        text: `Archive again (${env})`,
        value,
        style: 'danger',
        confirm: {
          title: 'Archive it again?',
          text: `The ${env} archiver will convert the submission again into a new DSP submission.`,
          confirm: 'Archive again',
          deny: 'Back',
        },
      },
    ]),
  ]);
}

/** On prod, before anything is created: what the run will do, and the *Start on prod* confirmation. */
export function startOnProd(run: Run, facts: ArchiveFacts, note: string, value: string): ThreadMessage {
  const runs = facts.noRuns
    ? 'without sequencing runs (`--no-runs`)'
    : 'with its sequencing runs, whose data files the file archiver then uploads';
  const text = [
    `:rotating_light: *${run.ref} will archive ingest submission \`${facts.submissionUuid}\` on prod.*`,
    `Once started, the prod archiver converts the submission into a *new DSP submission* (project, study, samples, sequencing experiments, ${runs}; aliases \`HCA_<type>_<uuid>\`). The bot cannot delete it. Then: the validation digest, the file archiver jobs, and completion only after an approver other than <@${run.requester}> approves.`,
    `<@${run.requester}> (or an operator): start it when this is the submission and environment you meant.${note}`,
  ].join('\n');
  return message(text, [
    section(text),
    actions(`start-${run.id}`, [
      { actionId: ARCHIVE_ACTIONS.startOnProd, text: 'Start on prod', value, style: 'primary' },
      cancelButton(run, value),
    ]),
  ]);
}

export const START_TIMED_OUT = 'Nobody started the run on prod in time; nothing was created. Retry asks again.';

export function existingRecord(run: Run, record: ArchiveSubmissionRecord, note: string, value: string): ThreadMessage {
  const errors = record.errors.length ? `\nErrors: ${record.errors.map((e) => `\`${e.errorCode}\``).join(', ')}` : '';
  const env = run.environment ?? '';
  const text = `:warning: This submission already has an archive record in ${env}: created ${readableDate(record.created)}, DSP submission ${record.dspUuid ? `\`${record.dspUuid}\`` : '_none_'}.${errors}\nCreating another makes a second DSP submission (the archiver does not de-duplicate).${note}`;
  return message(text, [
    section(text),
    actions(`existing-${run.id}`, [
      {
        actionId: ARCHIVE_ACTIONS.useExisting,
        text: `Use the existing DSP submission (${env})`,
        value,
        style: 'primary',
      },
      {
        actionId: ARCHIVE_ACTIONS.createNew,
        text: `Create a new one (${env})`,
        value,
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

export function createUnknownQuestion(run: Run, value: string): ThreadMessage {
  const env = run.environment ?? '';
  const text = `:question: No DSP submission appeared, and I cannot tell whether the archiver received the create request that was under way during a restart. Sending it again may make a second DSP submission.`;
  return message(text, [
    section(text),
    actions(`create-unknown-${run.id}`, [
      {
        actionId: ARCHIVE_ACTIONS.createAgain,
        text: `Create it again (${env})`,
        value,
        style: 'danger',
      },
    ]),
  ]);
}

export const CREATE_AGAIN_TIMED_OUT = 'Nobody decided whether to create the DSP submission again.';

export function fullListFile(dspUuid: string, title: string, environment: string) {
  return { filename: `validation-errors-${dspUuid}.tsv`, title: `${title} (${environment})` };
}

export function fullListFailed(total: number, error: string, dspUuid: string): string {
  return `I could not attach the full list of ${total} messages (${error}); \`GET /archiveSubmissions/${dspUuid}/validationErrors\` has them.`;
}

export function noFilesToUpload(facts: ArchiveFacts): string {
  return `File upload plan: no files to upload${facts.noRuns ? ' (sequencing runs were excluded)' : ''}.`;
}

/** The files the plan step attaches: the cluster script, the plan itself, and the EC2 script when it applies. */
export function planFiles(dspUuid: string, environment: string) {
  return {
    cluster: { filename: 'submit-jobs.sh', title: `File archiver jobs for ${dspUuid} (${environment}, EBI cluster)` },
    plan: { filename: `file-upload-plan-${dspUuid}.json`, title: `File upload plan of ${dspUuid} (${environment})` },
    ec2: { filename: 'run-on-ec2.sh', title: `File archiver for ${dspUuid} (${environment}, wrangler EC2)` },
  };
}

export function planSummary(env: string, jobs: readonly UploadJob[], script: UploadScript): string {
  const files = jobs.reduce((n, j) => n + j.files.length, 0);
  const bySchema = new Map<string, number>();
  for (const job of jobs) {
    const schema = job.conversion ? (job.conversion.schema ?? 'null schema') : 'no conversion';
    bySchema.set(schema, (bySchema.get(schema) ?? 0) + 1);
  }
  return [
    `*File upload plan (${env})*: ${plural(jobs.length, 'job')}, ${plural(files, 'file')} · ${[...bySchema].map(([s, n]) => `${s} ${n}`).join(' · ')}`,
    ...script.jobs.filter((j) => j.memoryNote).map((j) => `• job ${j.index}: \`-M 64000\` because ${j.memoryNote}`),
    ...script.skipped.map((s) => `• left out manifest \`${s.manifestId}\`: ${s.reason}`),
  ].join('\n');
}

/** How to run the jobs: the SOP's cluster route, and its EC2 route when no job needs BAM conversion. */
export function howToRun(jobCount: number, ec2: boolean): string {
  const credentials = 'export AAP_USERNAME, AAP_PASSWORD, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY';
  return [
    '*How to run the file archiver jobs* (the bot never sees the credentials; they stay in your shell):',
    '*On the EBI cluster* (the SOP’s route; BAM conversion needs its memory):',
    '1. `scp submit-jobs.sh ebi-cli.ebi.ac.uk:/nfs/production/hca/<project>/` (make the folder first)',
    `2. \`ssh ebi-cli.ebi.ac.uk\`, \`cd /nfs/production/hca/<project>\`, ${credentials}`,
    `3. \`bash submit-jobs.sh /nfs/production/hca/<project>\` submits ${plural(jobCount, 'job')}; \`bjobs -W\` lists them and \`bpeek <job id>\` shows one’s output.`,
    ...(ec2
      ? [
          '*Or on the wrangler EC2* (no job needs BAM conversion):',
          '1. `scp run-on-ec2.sh <user>@tool.archive.data.humancellatlas.org:./`',
          `2. \`ssh <user>@tool.archive.data.humancellatlas.org\`, \`screen -S archive\`, ${credentials}`,
          '3. `bash run-on-ec2.sh ~/archive` runs the file archiver in docker; Ctrl-A D leaves it running, `screen -r archive` comes back to it.',
        ]
      : []),
    'I re-check the validation on every poll: the run goes on by itself once the files are in.',
  ].join('\n');
}

export function filesStalled(blocking: readonly string[]) {
  return (since: string) =>
    `:hourglass: Nothing has changed for ${since}: still ${blocking.join(', ')}. Have the file archiver jobs run? (\`bjobs -W\`, \`bpeek <id>\`)`;
}

/** Who must approve completing, and who is asked: on prod four eyes and @-mentions; elsewhere any operator, unmentioned. */
export function approvalRequest(
  run: Run,
  facts: ArchiveFacts & { dsp: { dspUuid: string }; mentions: readonly string[]; expiresAt: number },
  value: string,
): ThreadMessage {
  const env = facts.environment;
  const who = facts.mentions.length ? `${facts.mentions.map((u) => `<@${u}>`).join(' ')}: ` : '';
  const rule =
    env === 'prod'
      ? `An approver other than <@${run.requester}> must approve on prod.`
      : `Any operator may approve on ${env}.`;
  const text = `${who}*${run.ref}* is ready to complete DSP submission \`${facts.dsp.dspUuid}\` (ingest submission \`${facts.submissionUuid}\`) in *${env}*. No validation errors, no blockers, every file ready. Completing submits it to the archives and cannot be undone.\n${rule} This request expires ${slackDate(facts.expiresAt)}.`;
  return message(text, [
    section(text),
    actions(`approval-${run.id}`, [
      {
        actionId: ARCHIVE_ACTIONS.complete,
        text: `Complete the DSP submission (${env})`,
        value,
        style: 'primary',
        confirm: {
          title: 'Complete the DSP submission?',
          text: `This submits the DSP submission to the archives (${env}). It cannot be undone.`,
          confirm: 'Complete',
          deny: 'Not yet',
        },
      },
      cancelButton(run, value),
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

/** The accessions the summary lists before pointing at the attached file. */
export const ACCESSIONS_SHOWN = 20;

export function accessionsFile(dspUuid: string, environment: string, entities: readonly ArchiveEntity[]) {
  const lines = ['type\talias\taccession', ...entities.map((e) => tsvRow([e.type, e.alias, e.accession ?? '']))];
  return {
    filename: `accessions-${dspUuid}.tsv`,
    title: `Accessions of DSP submission ${dspUuid} (${environment})`,
    content: `${lines.join('\n')}\n`,
  };
}

/** The end of the SOP: the DSP submission, who asked and who approved, and the accessions (the first 20 when long). */
export function archivedSummary(
  run: Run,
  facts: ArchiveFacts,
  outcome: {
    dsp: { dspUuid: string; dspUrl?: string | null };
    entities: readonly ArchiveEntity[];
    tookMs: number;
    approvedBy?: string;
  },
): ThreadMessage {
  const { dsp, entities } = outcome;
  const accessioned = entities.filter((e) => e.accession);
  const link = dsp.dspUrl ? `<${dsp.dspUrl}|\`${dsp.dspUuid}\`>` : `\`${dsp.dspUuid}\``;
  const people = `requested by <@${run.requester}> · approved by ${outcome.approvedBy ? `<@${outcome.approvedBy}>` : 'nobody recorded'}`;
  const text = [
    `:white_check_mark: *Archived* ingest submission \`${facts.submissionUuid}\` (${facts.environment}) as DSP submission ${link}.`,
    `${plural(accessioned.length, 'entity', 'entities')} accessioned · took ${duration(outcome.tookMs)} · ${people}`,
  ].join('\n');
  const lines = accessioned
    .slice(0, ACCESSIONS_SHOWN)
    .map((e) => `• ${e.type} \`${escapeMrkdwn(e.alias)}\` → *${escapeMrkdwn(e.accession!)}*`);
  const more =
    accessioned.length > ACCESSIONS_SHOWN
      ? [context(`The first ${ACCESSIONS_SHOWN} of ${accessioned.length} accessions; all are in the attached file.`)]
      : [];
  return message(text, [section(text), ...lineSections(lines), ...more]);
}
