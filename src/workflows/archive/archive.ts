import { z } from 'zod';
import { ENVIRONMENTS, type Environment } from '../../environments.js';
import { UnknownOutcomeError, errorMessage } from '../../errors.js';
import type { ArchiveSubmissionRecord, UploadJob } from '../../integrations/archiver.js';
import type { EnvironmentArchiver } from '../../integrations/keyed-archiver.js';
import { actions, escapeMrkdwn, section, slackDate, type ThreadMessage } from '../../integrations/slack-messages.js';
import type { Decision, Run } from '../../store/runs.js';
import { registerWorkflow, type StepContext, type StepResult, type Workflow } from '../workflow.js';
import { plural, readiness } from './readiness.js';
import { conversionInputs, uploadScript, type InputSizes } from './upload-script.js';
import { validationDigest } from './validation-digest.js';
import { readValidation } from './validation-report.js';

export const ARCHIVE_KIND = 'archive';

export const ArchiveParams = z.object({
  submissionUuid: z.string(),
  environment: z.enum(ENVIRONMENTS),
  noRuns: z.boolean(),
});
export type ArchiveParams = z.infer<typeof ArchiveParams>;

/** Buttons of an archive run; each carries the run id and the question it answers. */
export const ARCHIVE_ACTIONS = {
  useExisting: 'archive_use_existing',
  createNew: 'archive_create_new',
  complete: 'archive_complete',
  recheck: 'archive_recheck',
  createAgain: 'archive_create_again',
} as const;

interface RecordSeen {
  created: string;
  dspUuid: string | null;
}

type ArchiveState = {
  stateUnchecked?: boolean;
  existing?: RecordSeen | null;
  createRound: number;
  createSentAt?: number;
  createUnknown?: boolean;
  dsp?: RecordSeen & { dspUuid: string };
  pollDelayMs?: number;
  phaseSince?: number;
  blocking?: string[];
  lastChangeAt?: number;
  stallNotices?: number;
  jobs?: number;
  approvalRound: number;
  approvalExpiresAt?: number;
  approvedBy?: string;
  completeSentAt?: number;
  accessions?: number;
  resumedAt?: number;
  decisions?: Record<string, Decision>;
} & Record<string, unknown>;

export interface ArchiveSettings {
  pollIntervalMs: number;
  conversionTimeoutMs: number;
  stallNoticeMs: number;
  approvalTimeoutMs: number;
  fileArchiverImage: string;
  aapUrls: Record<Environment, string>;
  /** Who is @-mentioned in approval requests: the approvers, or the operators when there are none. */
  approvalMentions: string[];
}

export interface ArchiveDeps {
  archiver(env: Environment): EnvironmentArchiver;
  /** The ingest submission's state; undefined when INGEST_API_TOKEN is not set. */
  ingestState?: (env: Environment, submissionUuid: string) => Promise<string>;
  objectSizes: { size(s3Url: string): Promise<number> };
  settings: ArchiveSettings;
}

const ARCHIVED_OR_LATER = new Set(['archived', 'exporting', 'exported', 'cleanup', 'complete']);
const normalState = (state: string) =>
  state
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');
const ENTITIES_PAGE = 500;
const POLLING_STEPS = new Set(['await-dsp', 'plan', 'wait-files', 'follow']);

type Ctx = StepContext<ArchiveParams, ArchiveState>;
type Result = StepResult<ArchiveState>;

function sameRecord(a: RecordSeen | null | undefined, b: ArchiveSubmissionRecord): boolean {
  return !!a && a.created === b.created && a.dspUuid === b.dspUuid;
}

function decision(state: ArchiveState, key: string): Decision | undefined {
  return state.decisions?.[key];
}

/** `/hca archive`: the archiving SOP, from the duplicate guard to accessions. */
export function createArchiveWorkflow(deps: ArchiveDeps) {
  const { settings } = deps;

  /** Poll again later: the delay doubles up to ten times the base while nothing changes, and resets on progress. */
  function poll(ctx: Ctx, progressed: boolean, patch: Partial<ArchiveState> = {}): Result {
    const base = settings.pollIntervalMs;
    const delay = progressed || !ctx.state.pollDelayMs ? base : Math.min(ctx.state.pollDelayMs * 2, base * 10);
    return { kind: 'wait', wakeAt: ctx.now + delay, state: { ...ctx.state, ...patch, pollDelayMs: delay } };
  }

  function next(ctx: Ctx, step: string, patch: Partial<ArchiveState> = {}): Result {
    return {
      kind: 'next',
      step,
      state: { ...ctx.state, ...patch, pollDelayMs: undefined, phaseSince: phaseSince(ctx, step) },
    };
  }

  function ask(ctx: Ctx, step: string, expiresAt: number, patch: Partial<ArchiveState> = {}): Result {
    return {
      kind: 'next',
      step,
      wakeAt: expiresAt,
      status: 'awaiting_approval',
      state: { ...ctx.state, ...patch, phaseSince: phaseSince(ctx, step) },
    };
  }

  /** A question nobody has answered yet: wait for it until it expires, then fail so that a retry asks again. */
  function unanswered(ctx: Ctx, error: string, resumeAt: string): Result {
    const expiresAt = ctx.state.approvalExpiresAt ?? 0;
    if (ctx.now >= expiresAt) return { kind: 'done', status: 'failed', error, resumeAt };
    return { kind: 'wait', status: 'awaiting_approval', wakeAt: expiresAt };
  }

  /**
   * Posts a reminder in the thread when nothing changed for ARCHIVER_STALL_NOTICE_MS (and again after each further
   * period), so that no wait is silent; returns the state to keep.
   */
  async function stallCheck(ctx: Ctx, changed: boolean, notice: (since: string) => string) {
    const lastChangeAt = changed ? ctx.now : (ctx.state.lastChangeAt ?? ctx.now);
    let stallNotices = changed ? 0 : (ctx.state.stallNotices ?? 0);
    if (!changed && ctx.now - lastChangeAt >= settings.stallNoticeMs * (stallNotices + 1)) {
      stallNotices += 1;
      await ctx.reply({ text: notice(duration(ctx.now - lastChangeAt)) });
    }
    return { lastChangeAt, stallNotices };
  }

  const archiverOf = (ctx: Ctx) => deps.archiver(ctx.params.environment);
  const phaseSince = (ctx: Ctx, step: string) =>
    PHASE_OF[step] === PHASE_OF[ctx.run.step] && ctx.state.phaseSince ? ctx.state.phaseSince : ctx.now;

  const workflow: Workflow<ArchiveParams, ArchiveState> = {
    kind: ARCHIVE_KIND,
    params: ArchiveParams,
    initialState: { createRound: 0, approvalRound: 0 },
    firstStep: 'check-state',
    steps: {
      async 'check-state'(ctx) {
        const { submissionUuid, environment } = ctx.params;
        if (!deps.ingestState) return next(ctx, 'guard', { stateUnchecked: true });
        const state = await deps.ingestState(environment, submissionUuid);
        if (normalState(state) !== 'archiving') {
          return {
            kind: 'done',
            status: 'failed',
            error: `Ingest submission ${submissionUuid} (${environment}) is in state "${state}"; archiving needs it in "Archiving". Nothing was sent to the archiver.`,
          };
        }
        return next(ctx, 'guard');
      },

      async guard(ctx) {
        const latest = await archiverOf(ctx).latestArchiveSubmission(ctx.params.submissionUuid);
        if (!latest) return next(ctx, 'create', { existing: null });
        const existing = { created: latest.created, dspUuid: latest.dspUuid };
        await ctx.reply(existingRecordMessage(ctx.run, latest, uncheckedNote(ctx.state)));
        return ask(ctx, 'choose-existing', ctx.now + settings.approvalTimeoutMs, {
          existing,
          approvalExpiresAt: ctx.now + settings.approvalTimeoutMs,
        });
      },

      async 'choose-existing'(ctx) {
        const answer = decision(ctx.state, 'existing');
        if (answer?.value === 'use') {
          const dspUuid = ctx.state.existing?.dspUuid;
          if (!dspUuid) {
            return {
              kind: 'done',
              status: 'failed',
              error:
                'The existing record has no DSP submission to use (it recorded conversion errors). Start again and choose "Create a new one".',
            };
          }
          return next(ctx, 'digest', { dsp: { created: ctx.state.existing!.created, dspUuid } });
        }
        if (answer?.value === 'create') return next(ctx, 'create');
        return unanswered(ctx, 'Nobody chose between the existing DSP submission and a new one in time.', 'guard');
      },

      async create(ctx) {
        const { submissionUuid, noRuns } = ctx.params;
        const round = ctx.state.createRound;
        try {
          await ctx.once(`create:${round}`, () =>
            archiverOf(ctx).createArchiveSubmission({
              submissionUuid,
              aliasPrefix: 'HCA',
              ...(noRuns ? { excludeTypes: ['sequencingRun'] } : {}),
            }),
          );
        } catch (error) {
          if (!(error instanceof UnknownOutcomeError)) throw error;
          await ctx.reply({
            text: ':warning: I started creating the DSP submission before a restart and do not know whether the archiver received it. I will not send it again by myself; I keep watching for a new DSP submission instead.',
          });
          return next(ctx, 'await-dsp', { createUnknown: true, createSentAt: ctx.state.createSentAt ?? ctx.now });
        }
        await ctx.reply({
          text: `Asked the ${ctx.params.environment} archiver to convert the submission${noRuns ? ' (without sequencing runs)' : ''}; waiting for the DSP submission.${uncheckedNote(ctx.state)}`,
        });
        return next(ctx, 'await-dsp', { createSentAt: ctx.now, createUnknown: false });
      },

      async 'await-dsp'(ctx) {
        const latest = await archiverOf(ctx).latestArchiveSubmission(ctx.params.submissionUuid);
        if (latest && !sameRecord(ctx.state.existing, latest)) {
          if (!latest.dspUuid || latest.errors.length > 0) {
            const errors =
              latest.errors.map((e) => `\`${e.errorCode}\`: ${escapeMrkdwn(e.message)}`).join('\n') ||
              'no DSP submission was made';
            return {
              kind: 'done',
              status: 'failed',
              error:
                `The archiver finished converting but recorded errors:\n${errors}\n${latest.errors.some((e) => e.errorCode.endsWith('no_entities')) ? 'No entities were left to convert: they may already be in DSP from an earlier attempt (see the SOP on duplicate submissions).' : ''}`.trim(),
              resumeAt: 'guard',
            };
          }
          return next(ctx, 'digest', { dsp: { created: latest.created, dspUuid: latest.dspUuid } });
        }
        const since = Math.max(ctx.state.createSentAt ?? ctx.now, ctx.state.resumedAt ?? 0);
        if (ctx.now - since >= settings.conversionTimeoutMs) {
          if (ctx.state.createUnknown) {
            await ctx.reply(createUnknownQuestion(ctx.run));
            return ask(ctx, 'create-unknown', ctx.now + settings.approvalTimeoutMs, {
              approvalExpiresAt: ctx.now + settings.approvalTimeoutMs,
            });
          }
          return {
            kind: 'done',
            status: 'failed',
            error: `No DSP submission appeared within ${duration(settings.conversionTimeoutMs)} of the request. Retry resumes watching; it does not create another one.`,
          };
        }
        return poll(ctx, false);
      },

      async 'create-unknown'(ctx) {
        const answer = decision(ctx.state, `create-again:${ctx.state.createRound}`);
        if (answer?.value === 'create') return next(ctx, 'create', { createRound: ctx.state.createRound + 1 });
        return unanswered(ctx, 'Nobody decided whether to create the DSP submission again.', 'await-dsp');
      },

      async digest(ctx) {
        const dspUuid = ctx.state.dsp!.dspUuid;
        const archiver = archiverOf(ctx);
        const [report, blockers] = await Promise.all([
          readValidation(archiver, dspUuid, { fullList: true }),
          archiver.blockers(dspUuid),
        ]);
        const digest = validationDigest(ctx.params.environment, ctx.state.dsp!, report, blockers);
        await ctx.reply(digest.message);
        if (digest.file) {
          const file = {
            filename: `validation-errors-${dspUuid}.tsv`,
            title: `${digest.file.title} (${ctx.params.environment})`,
            content: digest.file.content(),
          };
          await ctx.upload(file).catch((error: unknown) =>
            ctx.reply({
              text: `I could not attach the full list of ${digest.total} messages (${errorMessage(error)}); \`GET /archiveSubmissions/${dspUuid}/validationErrors\` has them.`,
            }),
          );
        }
        return next(ctx, 'plan', { blocking: readiness(report, blockers).blocking });
      },

      async plan(ctx) {
        const dspUuid = ctx.state.dsp!.dspUuid;
        const plan = await archiverOf(ctx).fileUploadPlan(dspUuid);
        if (!plan.ready) return poll(ctx, false);
        if (plan.jobs.length === 0) {
          await ctx.reply({
            text: `File upload plan: no files to upload${ctx.params.noRuns ? ' (sequencing runs were excluded)' : ''}.`,
          });
          return next(ctx, 'wait-files', { jobs: 0, lastChangeAt: ctx.now });
        }
        const sizes = await readSizes(deps, conversionInputs(plan.jobs));
        const script = uploadScript(plan.jobs, sizes, {
          dspUuid,
          image: settings.fileArchiverImage,
          aapUrl: settings.aapUrls[ctx.params.environment],
        });
        await ctx.upload({
          filename: 'submit-jobs.sh',
          title: `File archiver jobs for ${dspUuid} (${ctx.params.environment})`,
          content: script.script,
          comment: planSummary(ctx.params.environment, plan.jobs, script),
        });
        return next(ctx, 'wait-files', { jobs: script.jobs.length, lastChangeAt: ctx.now });
      },

      async 'wait-files'(ctx) {
        const dspUuid = ctx.state.dsp!.dspUuid;
        const archiver = archiverOf(ctx);
        const [report, blockers] = await Promise.all([readValidation(archiver, dspUuid), archiver.blockers(dspUuid)]);
        const ready = readiness(report, blockers);
        if (ready.ready) return next(ctx, 'request-approval', { blocking: [] });
        const changed = JSON.stringify(ready.blocking) !== JSON.stringify(ctx.state.blocking ?? []);
        const stall = await stallCheck(
          ctx,
          changed,
          (since) =>
            `:hourglass: Nothing has changed for ${since}: still ${ready.blocking.join(', ')}. Have the file archiver jobs run? (\`bjobs -W\`, \`bpeek <id>\`)`,
        );
        return poll(ctx, changed, { blocking: ready.blocking, ...stall });
      },

      async 'request-approval'(ctx) {
        const round = ctx.state.approvalRound + 1;
        const expiresAt = ctx.now + settings.approvalTimeoutMs;
        await ctx.reply(approvalRequest(ctx.run, ctx.params, settings, round, expiresAt));
        return ask(ctx, 'approval', expiresAt, { approvalRound: round, approvalExpiresAt: expiresAt });
      },

      async approval(ctx) {
        const answer = decision(ctx.state, `complete:${ctx.state.approvalRound}`);
        if (answer?.value === 'complete') {
          const dspUuid = ctx.state.dsp!.dspUuid;
          const archiver = archiverOf(ctx);
          const [report, blockers] = await Promise.all([readValidation(archiver, dspUuid), archiver.blockers(dspUuid)]);
          const ready = readiness(report, blockers);
          if (!ready.ready) {
            await ctx.reply({
              text: `Not completing: since the approval request the submission changed (${ready.blocking.join(', ')}). Back to waiting; I will ask again when it is ready.`,
            });
            return next(ctx, 'wait-files', { blocking: ready.blocking, lastChangeAt: ctx.now });
          }
          return next(ctx, 'complete', { approvedBy: answer.by });
        }
        return unanswered(
          ctx,
          `Timed out: nobody approved completing the submission within ${duration(settings.approvalTimeoutMs)}. Retry asks again.`,
          'request-approval',
        );
      },

      async complete(ctx) {
        const dspUuid = ctx.state.dsp!.dspUuid;
        try {
          await ctx.once('complete', () => archiverOf(ctx).complete(dspUuid));
        } catch (error) {
          if (!(error instanceof UnknownOutcomeError)) throw error;
          await ctx.reply({
            text: 'The completion request was started before a restart; I treat it as sent and follow its outcome (it is never sent twice).',
          });
        }
        return next(ctx, 'follow', {
          completeSentAt: ctx.state.completeSentAt ?? ctx.now,
          lastChangeAt: ctx.now,
          stallNotices: 0,
        });
      },

      async follow(ctx) {
        const { environment, submissionUuid } = ctx.params;
        const stillArchiving = (text: string) => (since: string) =>
          `:hourglass: ${text} ${since} after completion. DSP may still be processing; if it stays like this, see the SOP on submissions stuck in Archiving.`;
        if (deps.ingestState) {
          const state = await deps.ingestState(environment, submissionUuid);
          if (!ARCHIVED_OR_LATER.has(normalState(state))) {
            const stall = await stallCheck(ctx, false, stillArchiving(`Ingest still says "${state}"`));
            return poll(ctx, false, stall);
          }
        }
        const { accessioned, total } = await countAccessions(archiverOf(ctx), ctx.state.dsp!.dspUuid);
        if (!deps.ingestState && (total === 0 || accessioned < total)) {
          const progressed = accessioned > (ctx.state.accessions ?? 0);
          const stall = await stallCheck(
            ctx,
            progressed,
            stillArchiving(`${accessioned} of ${total} entities accessioned`),
          );
          return poll(ctx, progressed, { accessions: accessioned, ...stall });
        }
        return next(ctx, 'summary', { accessions: accessioned });
      },

      async summary(ctx) {
        const started = ctx.run.createdAt;
        await ctx.reply({
          text: [
            `:white_check_mark: *Archived* ingest submission \`${ctx.params.submissionUuid}\` (${ctx.params.environment}) as DSP submission \`${ctx.state.dsp!.dspUuid}\`.`,
            `${plural(ctx.state.accessions ?? 0, 'entity', 'entities')} accessioned · took ${duration(ctx.now - started)} · requested by <@${ctx.run.requester}> · approved by <@${ctx.state.approvedBy ?? 'unknown'}>`,
          ].join('\n'),
        });
        return { kind: 'done', status: 'succeeded' };
      },
    },

    describe(run, params, state) {
      const polling = run.status === 'waiting' && POLLING_STEPS.has(run.step);
      return {
        title: `archive ${params.submissionUuid}${params.noRuns ? ' (no runs)' : ''}`,
        detail: describeStep(run, state),
        buttons: polling
          ? [{ actionId: ARCHIVE_ACTIONS.recheck, text: `Re-check now (${params.environment})`, value: String(run.id) }]
          : [],
      };
    },
  };
  return registerWorkflow(workflow);
}

async function readSizes(deps: ArchiveDeps, urls: string[]): Promise<InputSizes> {
  const sizes: InputSizes = {};
  await Promise.all(
    urls.map(async (url) => {
      try {
        sizes[url] = { bytes: await deps.objectSizes.size(url) };
      } catch (error) {
        sizes[url] = { error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  return sizes;
}

async function countAccessions(archiver: EnvironmentArchiver, dspUuid: string) {
  let accessioned = 0;
  for (let page = 0; ; page++) {
    const result = await archiver.entities(dspUuid, page, ENTITIES_PAGE);
    accessioned += result.entities.filter((e) => e.accession).length;
    if (page + 1 >= result.page.totalPages) return { accessioned, total: result.page.totalElements };
  }
}

/** Steps grouped as a wrangler sees them: the status message changes when the phase does, not with every step. */
const PHASE_OF: Record<string, string> = {
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

function describeStep(run: Run, state: ArchiveState): string[] {
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

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.max(1, Math.round(ms / 1000))} s`;
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

function existingRecordMessage(run: Run, record: ArchiveSubmissionRecord, note: string): ThreadMessage {
  const errors = record.errors.length ? `\nErrors: ${record.errors.map((e) => `\`${e.errorCode}\``).join(', ')}` : '';
  const env = run.environment ?? '';
  const text = `:warning: This submission already has an archive record in ${env}: created ${record.created}, DSP submission ${record.dspUuid ? `\`${record.dspUuid}\`` : '_none_'}.${errors}\nCreating another makes a second DSP submission (the archiver does not de-duplicate).${note}`;
  return {
    text,
    blocks: [
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
    ],
  };
}

function createUnknownQuestion(run: Run): ThreadMessage {
  const env = run.environment ?? '';
  const text = `:question: No DSP submission appeared, and I cannot tell whether the archiver received the create request that was under way during a restart. Sending it again may make a second DSP submission.`;
  return {
    text,
    blocks: [
      section(text),
      actions(`create-unknown-${run.id}`, [
        {
          actionId: ARCHIVE_ACTIONS.createAgain,
          text: `Create it again (${env})`,
          value: String(run.id),
          style: 'danger',
        },
      ]),
    ],
  };
}

function uncheckedNote(state: ArchiveState): string {
  return state.stateUnchecked ? '\n_Ingest state not checked: `INGEST_API_TOKEN` is not set._' : '';
}

function planSummary(env: string, jobs: readonly UploadJob[], script: ReturnType<typeof uploadScript>): string {
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

function approvalRequest(
  run: Run,
  params: ArchiveParams,
  settings: ArchiveSettings,
  round: number,
  expiresAt: number,
): ThreadMessage {
  const who = settings.approvalMentions.length
    ? settings.approvalMentions.map((u) => `<@${u}>`).join(' ')
    : 'Operators';
  const rule =
    params.environment === 'prod'
      ? `An approver (\`HCA_APPROVERS\`) other than <@${run.requester}> must approve on prod.`
      : 'Any operator may approve on dev and staging.';
  const text = `${who}: *${run.ref}* is ready to complete ingest submission \`${params.submissionUuid}\` in *${params.environment}*. No validation errors, no blockers, every file ready. Completing submits it to the archives and cannot be undone.\n${rule} This request expires ${slackDate(expiresAt)}.`;
  return {
    text,
    blocks: [
      section(text),
      actions(`approval-${run.id}-${round}`, [
        {
          actionId: ARCHIVE_ACTIONS.complete,
          text: `Complete submission (${params.environment})`,
          value: `${run.id}:${round}`,
          style: 'primary',
          confirm: {
            title: 'Complete the submission?',
            text: `This submits DSP submission to the archives (${params.environment}). It cannot be undone.`,
            confirm: 'Complete',
            deny: 'Not yet',
          },
        },
        {
          actionId: 'run_cancel',
          text: `Cancel ${run.ref} (${params.environment})`,
          value: String(run.id),
          style: 'danger',
        },
      ]),
    ],
  };
}
