import { ARCHIVED_OR_LATER, normalState } from '../kit/ingest-state.js';
import { z } from 'zod';
import { ENVIRONMENTS, type Environment } from '../../environments.js';
import { errorMessage } from '../../errors.js';
import type { ArchiveEntity, ArchiveSubmissionRecord } from '../../integrations/archiver.js';
import type { EnvironmentArchiver } from '../../integrations/keyed-archiver.js';
import type { ThreadMessage } from '../../integrations/slack.js';
import type { Decision, Run } from '../../store/runs.js';
import type { Config } from '../../config.js';
import {
  registerWorkflow,
  type StepContext,
  type StepResult,
  type Workflow,
  type WorkflowDeps,
} from '../engine/workflow.js';
import { guarded } from '../kit/guarded.js';
import { pollAgain } from '../kit/poll.js';
import { ask, currentAnswer, unanswered } from '../kit/question.js';
import { stallNotice } from '../kit/stall.js';
import { threadLink } from '../kit/blocks.js';
import * as say from './messages.js';
import { ARCHIVE_ACTIONS, ARCHIVE_QUESTIONS, ASKING_STEPS } from './questions.js';
import { pendingValidation, readiness } from './readiness.js';
import { conversionInputs, ec2Script, planJson, uploadScript, type InputSizes } from './upload-script.js';
import { validationDigest } from './validation-digest.js';
import { readValidation } from './validation-report.js';

export const ARCHIVE_KIND = 'archive';

/** An earlier run of the bot that archived the same submission in the same environment. */
export const EarlierArchive = z.object({
  ref: z.string(),
  finishedAt: z.number(),
  accessions: z.number(),
  thread: z.string().nullable(),
});
export type EarlierArchive = z.infer<typeof EarlierArchive>;

/** What an archive run that archived its submission tells a later one; undefined for a run that did not. */
export function archivedBy(run: Run): EarlierArchive | undefined {
  if (run.kind !== ARCHIVE_KIND || run.status !== 'succeeded' || run.state.leftArchived) return undefined;
  return {
    ref: run.ref,
    finishedAt: run.finishedAt ?? run.updatedAt,
    accessions: Number(run.state.accessions ?? 0),
    thread: run.threadTs ? threadLink(run.channelId, run.threadTs) : null,
  };
}

/** The idempotency key of archiving a submission in an environment. */
export function archiveKey(environment: Environment, submissionUuid: string): string {
  return `archive:${environment}:${submissionUuid}`;
}

export const ArchiveParams = z.object({
  submissionUuid: z.string(),
  environment: z.enum(ENVIRONMENTS),
  noRuns: z.boolean(),
  earlier: EarlierArchive.optional(),
});
export type ArchiveParams = z.infer<typeof ArchiveParams>;

interface RecordSeen {
  created: string;
  dspUuid: string | null;
  dspUrl?: string | null;
}

type ArchiveState = {
  stateUnchecked?: boolean;
  /** Ingest's state when it says the submission is archived already ("Archived" or later). */
  ingestArchived?: string;
  /** The submission was archived already, and the run left it so. */
  leftArchived?: boolean;
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
  approvalExpiresAt?: number;
  approvedBy?: string;
  completeSentAt?: number;
  accessions?: number;
  resumedAt?: number;
  asked?: number;
  decisions?: Record<string, Decision>;
} & Record<string, unknown>;

export interface ArchiveSettings {
  pollIntervalMs: number;
  conversionTimeoutMs: number;
  stallNoticeMs: number;
  approvalTimeoutMs: number;
  fileArchiverImage: string;
  aapUrls: Record<Environment, string>;
  /** Who is @-mentioned in approval requests on prod: the approvers, or the operators when there are none. */
  approvalMentions: string[];
}

export interface ArchiveDeps {
  archiver(env: Environment): EnvironmentArchiver;
  /** The ingest submission's state; undefined when INGEST_API_TOKEN is not set. */
  ingestState?: (env: Environment, submissionUuid: string) => Promise<string>;
  objectSizes: { size(s3Url: string): Promise<number> };
  settings: ArchiveSettings;
  /** The short name of the submission's project, when ingest or Azul told the bot (shown in the run's title). */
  shortName?: (submissionUuid: string) => string | undefined;
}

const ENTITIES_PAGE = 500;
const POLLING_STEPS = new Set(['await-dsp', 'digest', 'plan', 'wait-files', 'follow']);
/** How long the digest waits for DSP to finish validating (usually seconds) before it reports what it has. */
const VALIDATION_WAIT_MS = 10 * 60_000;

type Ctx = StepContext<ArchiveParams, ArchiveState>;
type Result = StepResult<ArchiveState>;

function seen(record: ArchiveSubmissionRecord): RecordSeen {
  return { created: record.created, dspUuid: record.dspUuid, dspUrl: record.dspUrl };
}

function sameRecord(a: RecordSeen | null | undefined, b: ArchiveSubmissionRecord): boolean {
  return !!a && a.created === b.created && a.dspUuid === b.dspUuid;
}

/** The archive workflow as the registry builds it. */
export function archiveWorkflow({ integrations, config, stores }: WorkflowDeps): Workflow {
  return createArchiveWorkflow({
    archiver: integrations.archiver,
    ingestState: integrations.ingestState,
    objectSizes: integrations.objectSizes,
    settings: archiveSettings(config),
    shortName: (uuid) => stores.projects.shortName(uuid),
  });
}

export function archiveSettings(config: Config): ArchiveSettings {
  return {
    pollIntervalMs: config.archiver.pollIntervalMs,
    conversionTimeoutMs: config.archiver.conversionTimeoutMs,
    stallNoticeMs: config.archiver.stallNoticeMs,
    approvalTimeoutMs: config.approvalTimeoutMs,
    fileArchiverImage: config.fileArchiverImage,
    aapUrls: config.aapUrls,
    approvalMentions: config.approvers.length > 0 ? config.approvers : config.operators,
  };
}

/** `/hca archive`: the archiving SOP, from the duplicate guard to accessions. */
export function createArchiveWorkflow(deps: ArchiveDeps) {
  const { settings } = deps;

  const poll = (ctx: Ctx, progressed: boolean, patch: Partial<ArchiveState> = {}): Result =>
    pollAgain(ctx, settings.pollIntervalMs, progressed, patch);

  const stallCheck = (ctx: Ctx, changed: boolean, notice: (since: string) => string) =>
    stallNotice(ctx, changed, settings.stallNoticeMs, notice);

  function next(ctx: Ctx, step: string, patch: Partial<ArchiveState> = {}): Result {
    return {
      kind: 'next',
      step,
      state: { ...ctx.state, ...patch, pollDelayMs: undefined, phaseSince: phaseSince(ctx, step) },
    };
  }

  /** Posts a question (its buttons carry `value`) and waits at `step` until the approval timeout, keeping `patch`. */
  function askAt(
    ctx: Ctx,
    step: string,
    question: (value: string, expiresAt: number) => ThreadMessage,
    patch: Partial<ArchiveState> = {},
  ): Promise<Result> {
    const expiresAt = ctx.now + settings.approvalTimeoutMs;
    return ask(ctx, step, expiresAt, (value) => question(value, expiresAt), {
      approvalExpiresAt: expiresAt,
      ...patch,
      phaseSince: phaseSince(ctx, step),
    });
  }

  const waitForAnswer = (ctx: Ctx, error: string, resumeAt: string): Result =>
    unanswered(ctx, ctx.state.approvalExpiresAt ?? 0, { error, resumeAt });

  const leaveArchived = (ctx: Ctx): Result => ({
    kind: 'done',
    status: 'succeeded',
    state: { ...ctx.state, leftArchived: true },
  });

  const archiverOf = (ctx: Ctx) => deps.archiver(ctx.params.environment);
  const phaseSince = (ctx: Ctx, step: string) =>
    say.PHASE_OF[step] === say.PHASE_OF[ctx.run.step] && ctx.state.phaseSince ? ctx.state.phaseSince : ctx.now;

  const workflow: Workflow<ArchiveParams, ArchiveState> = {
    kind: ARCHIVE_KIND,
    params: ArchiveParams,
    initialState: { createRound: 0 },
    firstStep: 'check-state',
    questions: ARCHIVE_QUESTIONS,
    recheckActions: [ARCHIVE_ACTIONS.recheck],
    steps: {
      async 'check-state'(ctx) {
        const { submissionUuid, environment } = ctx.params;
        if (!deps.ingestState) return next(ctx, 'guard', { stateUnchecked: true });
        const state = await deps.ingestState(environment, submissionUuid);
        if (ARCHIVED_OR_LATER.has(normalState(state))) return next(ctx, 'guard', { ingestArchived: state });
        if (normalState(state) !== 'archiving') {
          return { kind: 'done', status: 'failed', error: say.notArchiving(ctx.params, state) };
        }
        return next(ctx, 'guard');
      },

      async guard(ctx) {
        const archiver = archiverOf(ctx);
        const latest = await archiver.latestArchiveSubmission(ctx.params.submissionUuid);
        const existing = latest && seen(latest);
        const accessioned = latest?.dspUuid ? (await countAccessions(archiver, latest.dspUuid)).accessioned : 0;
        const note = say.uncheckedNote(ctx.state.stateUnchecked);
        if (ctx.params.earlier || ctx.state.ingestArchived || accessioned > 0) {
          const facts = { earlier: ctx.params.earlier, ingestState: ctx.state.ingestArchived, latest, accessioned };
          return askAt(ctx, ASKING_STEPS.alreadyArchived, (value) => say.alreadyArchived(ctx.run, facts, value), {
            existing,
          });
        }
        if (latest) {
          return askAt(ctx, ASKING_STEPS.chooseExisting, (value) => say.existingRecord(ctx.run, latest, note, value), {
            existing,
          });
        }
        if (ctx.params.environment === 'prod') {
          return askAt(ctx, ASKING_STEPS.confirmStart, (value) => say.startOnProd(ctx.run, ctx.params, note, value), {
            existing,
          });
        }
        return next(ctx, 'create', { existing });
      },

      async [ASKING_STEPS.alreadyArchived](ctx) {
        const answer = currentAnswer(ctx.state);
        const expiresAt = ctx.state.approvalExpiresAt ?? 0;
        if (answer?.value === 'again') return next(ctx, 'create');
        if (answer?.value === 'leave' || ctx.now >= expiresAt) return leaveArchived(ctx);
        return { kind: 'wait', status: 'awaiting_approval', wakeAt: expiresAt };
      },

      async [ASKING_STEPS.confirmStart](ctx) {
        if (currentAnswer(ctx.state)?.value === 'start') return next(ctx, 'create');
        return waitForAnswer(ctx, say.START_TIMED_OUT, 'guard');
      },

      async [ASKING_STEPS.chooseExisting](ctx) {
        const answer = currentAnswer(ctx.state);
        if (answer?.value === 'use') {
          const dspUuid = ctx.state.existing?.dspUuid;
          if (!dspUuid) return { kind: 'done', status: 'failed', error: say.NO_DSP_TO_USE };
          return next(ctx, 'digest', { dsp: { ...ctx.state.existing!, dspUuid } });
        }
        if (answer?.value === 'create') return next(ctx, 'create');
        return waitForAnswer(ctx, say.CHOICE_TIMED_OUT, 'guard');
      },

      async create(ctx) {
        const { submissionUuid, noRuns } = ctx.params;
        const sent = await guarded(ctx, `create:${ctx.state.createRound}`, () =>
          archiverOf(ctx).createArchiveSubmission({
            submissionUuid,
            aliasPrefix: 'HCA',
            ...(noRuns ? { excludeTypes: ['sequencingRun'] } : {}),
          }),
        );
        if (!sent.known) {
          await ctx.reply({ text: say.CREATE_UNKNOWN_NOTICE });
          return next(ctx, 'await-dsp', { createUnknown: true, createSentAt: ctx.state.createSentAt ?? ctx.now });
        }
        await ctx.reply({ text: say.createSent(ctx.params, say.uncheckedNote(ctx.state.stateUnchecked)) });
        return next(ctx, 'await-dsp', { createSentAt: ctx.now, createUnknown: false });
      },

      async 'await-dsp'(ctx) {
        const latest = await archiverOf(ctx).latestArchiveSubmission(ctx.params.submissionUuid);
        if (latest && !sameRecord(ctx.state.existing, latest)) {
          if (!latest.dspUuid || latest.errors.length > 0) {
            return { kind: 'done', status: 'failed', error: say.conversionErrors(latest), resumeAt: 'guard' };
          }
          return next(ctx, 'digest', { dsp: { ...seen(latest), dspUuid: latest.dspUuid } });
        }
        const since = Math.max(ctx.state.createSentAt ?? ctx.now, ctx.state.resumedAt ?? 0);
        if (ctx.now - since >= settings.conversionTimeoutMs) {
          if (ctx.state.createUnknown) {
            return askAt(ctx, ASKING_STEPS.createUnknown, (value) => say.createUnknownQuestion(ctx.run, value));
          }
          return { kind: 'done', status: 'failed', error: say.conversionTimedOut(settings.conversionTimeoutMs) };
        }
        return poll(ctx, false);
      },

      async [ASKING_STEPS.createUnknown](ctx) {
        if (currentAnswer(ctx.state)?.value === 'create') {
          return next(ctx, 'create', { createRound: ctx.state.createRound + 1 });
        }
        return waitForAnswer(ctx, say.CREATE_AGAIN_TIMED_OUT, 'await-dsp');
      },

      async digest(ctx) {
        const dspUuid = ctx.state.dsp!.dspUuid;
        const archiver = archiverOf(ctx);
        const [report, blockers] = await Promise.all([
          readValidation(archiver, dspUuid, { fullList: true }),
          archiver.blockers(dspUuid),
        ]);
        // Waited from when the digest began, or from a retry: DSP usually validates in seconds.
        const since = Math.max(ctx.state.phaseSince ?? ctx.now, ctx.state.resumedAt ?? 0);
        if (pendingValidation(report, blockers) && ctx.now - since < VALIDATION_WAIT_MS) return poll(ctx, true);
        const digest = validationDigest(ctx.params.environment, ctx.state.dsp!, report, blockers);
        await ctx.reply(digest.message);
        if (digest.file) {
          const file = {
            ...say.fullListFile(dspUuid, digest.file.title, ctx.params.environment),
            content: digest.file.content(),
          };
          await ctx
            .upload(file)
            .catch((error: unknown) =>
              ctx.reply({ text: say.fullListFailed(digest.total, errorMessage(error), dspUuid) }),
            );
        }
        return next(ctx, 'plan', { blocking: readiness(report, blockers).blocking });
      },

      async plan(ctx) {
        const dspUuid = ctx.state.dsp!.dspUuid;
        const plan = await archiverOf(ctx).fileUploadPlan(dspUuid);
        if (!plan.ready) return poll(ctx, false);
        if (plan.jobs.length === 0) {
          await ctx.reply({ text: say.noFilesToUpload(ctx.params) });
          return next(ctx, 'wait-files', { jobs: 0, lastChangeAt: ctx.now });
        }
        const sizes = await readSizes(deps, conversionInputs(plan.jobs));
        const options = {
          dspUuid,
          image: settings.fileArchiverImage,
          aapUrl: settings.aapUrls[ctx.params.environment],
        };
        const script = uploadScript(plan.jobs, sizes, options);
        const files = say.planFiles(dspUuid, ctx.params.environment);
        const ec2 = plan.jobs.every((job) => !job.conversion);
        await ctx.upload({
          ...files.cluster,
          content: script.script,
          comment: `${say.planSummary(ctx.params.environment, plan.jobs, script)}\n${say.howToRun(script.jobs.length, ec2)}`,
          alongside: [
            { ...files.plan, content: planJson(plan.jobs) },
            ...(ec2 ? [{ ...files.ec2, content: ec2Script(plan.jobs, options) }] : []),
          ],
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
        const stall = await stallCheck(ctx, changed, say.filesStalled(ready.blocking));
        return poll(ctx, changed, { blocking: ready.blocking, ...stall });
      },

      async 'request-approval'(ctx) {
        const dsp = ctx.state.dsp!;
        const mentions = ctx.params.environment === 'prod' ? settings.approvalMentions : [];
        return askAt(ctx, ASKING_STEPS.approval, (value, expiresAt) =>
          say.approvalRequest(ctx.run, { ...ctx.params, dsp, mentions, expiresAt }, value),
        );
      },

      async [ASKING_STEPS.approval](ctx) {
        const answer = currentAnswer(ctx.state);
        if (answer?.value === 'complete') {
          const dspUuid = ctx.state.dsp!.dspUuid;
          const archiver = archiverOf(ctx);
          const [report, blockers] = await Promise.all([readValidation(archiver, dspUuid), archiver.blockers(dspUuid)]);
          const ready = readiness(report, blockers);
          if (!ready.ready) {
            await ctx.reply({ text: say.changedSinceApproval(ready.blocking) });
            return next(ctx, 'wait-files', { blocking: ready.blocking, lastChangeAt: ctx.now });
          }
          return next(ctx, 'complete', { approvedBy: answer.by });
        }
        return waitForAnswer(ctx, say.approvalTimedOut(settings.approvalTimeoutMs), 'request-approval');
      },

      async complete(ctx) {
        const dspUuid = ctx.state.dsp!.dspUuid;
        const sent = await guarded(ctx, 'complete', () => archiverOf(ctx).complete(dspUuid));
        if (!sent.known) await ctx.reply({ text: say.COMPLETE_UNKNOWN_NOTICE });
        return next(ctx, 'follow', {
          completeSentAt: ctx.state.completeSentAt ?? ctx.now,
          lastChangeAt: ctx.now,
          stallNotices: 0,
        });
      },

      async follow(ctx) {
        const { environment, submissionUuid } = ctx.params;
        if (deps.ingestState) {
          const state = await deps.ingestState(environment, submissionUuid);
          if (!ARCHIVED_OR_LATER.has(normalState(state))) {
            const stall = await stallCheck(ctx, false, say.stillArchiving(`Ingest still says "${state}"`));
            return poll(ctx, false, stall);
          }
        }
        const { accessioned, total } = await countAccessions(archiverOf(ctx), ctx.state.dsp!.dspUuid);
        if (!deps.ingestState && (total === 0 || accessioned < total)) {
          const progressed = accessioned > (ctx.state.accessions ?? 0);
          const stall = await stallCheck(
            ctx,
            progressed,
            say.stillArchiving(`${accessioned} of ${total} entities accessioned`),
          );
          return poll(ctx, progressed, { accessions: accessioned, ...stall });
        }
        return next(ctx, 'summary', { accessions: accessioned });
      },

      async summary(ctx) {
        const dsp = ctx.state.dsp!;
        const entities = await allEntities(archiverOf(ctx), dsp.dspUuid);
        await ctx.reply(
          say.archivedSummary(ctx.run, ctx.params, {
            dsp,
            entities,
            tookMs: ctx.now - ctx.run.createdAt,
            approvedBy: ctx.state.approvedBy,
          }),
        );
        if (entities.filter((e) => e.accession).length > say.ACCESSIONS_SHOWN) {
          await ctx.upload(say.accessionsFile(dsp.dspUuid, ctx.params.environment, entities));
        }
        return { kind: 'done', status: 'succeeded' };
      },
    },

    describe(run, params, state) {
      const polling = run.status === 'waiting' && POLLING_STEPS.has(run.step);
      return {
        title: `archive ${params.submissionUuid}${named(deps.shortName?.(params.submissionUuid))}${params.noRuns ? ' (no runs)' : ''}`,
        detail: say.describeStep(run, state),
        leftBehind: say.leftBehind(run, params, state),
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
        sizes[url] = { error: errorMessage(error) };
      }
    }),
  );
  return sizes;
}

async function countAccessions(archiver: EnvironmentArchiver, dspUuid: string) {
  const entities = await allEntities(archiver, dspUuid);
  return { accessioned: entities.filter((e) => e.accession).length, total: entities.length };
}

async function allEntities(archiver: EnvironmentArchiver, dspUuid: string): Promise<ArchiveEntity[]> {
  const entities: ArchiveEntity[] = [];
  for (let page = 0; ; page++) {
    const result = await archiver.entities(dspUuid, page, ENTITIES_PAGE);
    entities.push(...result.entities);
    if (page + 1 >= result.page.totalPages) return entities;
  }
}

function named(shortName: string | undefined): string {
  return shortName ? ` (${shortName})` : '';
}
