import { z } from 'zod';
import type { Config } from '../../config.js';
import { ENVIRONMENTS, type Environment } from '../../environments.js';
import type { StoredObject, UploadAreaStorage } from '../../integrations/upload-areas.js';
import type { UploadServiceClient } from '../../integrations/upload-service.js';
import type { Decision } from '../../store/runs.js';
import {
  registerWorkflow,
  type StepContext,
  type StepResult,
  type Workflow,
  type WorkflowDeps,
} from '../engine/workflow.js';
import { escapeMrkdwn } from '../kit/blocks.js';
import { guarded } from '../kit/guarded.js';
import { pollAgain, pollDelay } from '../kit/poll.js';
import { ask, currentAnswer, unanswered } from '../kit/question.js';
import { areaFiles } from './area-files.js';
import * as say from './messages.js';
import { inPool } from './pool.js';
import { isS3Error } from './s3-failure.js';
import { APPROVAL_STEP, UPLOAD_AREA_QUESTIONS } from './questions.js';
import { filesToSync, isAlreadyCopied, planSync, stillToCopy } from './sync-plan.js';
import { verifySync } from './verify.js';

export const UPLOAD_AREA_SYNC_KIND = 'upload-area-sync';

export const SyncParams = z.object({
  areaUuid: z.string(),
  submissionUuid: z.string(),
  environment: z.enum(ENVIRONMENTS),
  includeSpreadsheets: z.boolean(),
});
export type SyncParams = z.infer<typeof SyncParams>;

/** One file of the approved plan, and how far it got. */
interface PlannedFile {
  name: string;
  size: number;
  etag: string;
  lastModified: number;
  copied?: boolean;
  /** How many copies of it were given up for unknown (a crash, a fault): each new try is a new guarded effect. */
  tries?: number;
  notified?: boolean;
  checksummed?: boolean;
  /** Bytes of it copied so far in parts, while the copy goes on (shown, never stored). */
  partBytes?: number;
}

type SyncState = {
  files?: PlannedFile[];
  /** Questions asked so far (each approval request is one): the generation of the plan being copied. */
  asked?: number;
  approvalExpiresAt?: number;
  approvedBy?: string;
  /** Time spent copying, summed over the steps that copied. */
  copyMs?: number;
  /** Copy steps in a row that met an S3 fault worth waiting out (throttling, 5xx). */
  faults?: number;
  /** What the last pause said, so that a stall is said once. */
  pausedFor?: string;
  notifyRounds?: number;
  /** The upload service's last refusal or fault, for the list of files it was not told about. */
  notifyError?: string;
  checksumPolls?: number;
  /** The upload service's last failure to answer a checksum question, said with the files left. */
  checksumError?: string;
  pollDelayMs?: number;
  verified?: { files: number; bytes: number };
  decisions?: Record<string, Decision>;
  resumedAt?: number;
} & Record<string, unknown>;

type Ctx = StepContext<SyncParams, SyncState>;
type Result = StepResult<SyncState>;

export interface SyncSettings {
  areaBucket: string;
  ingestBuckets: Record<Environment, string>;
  concurrency: number;
  multipartThresholdBytes: number;
  pollIntervalMs: number;
  approvalTimeoutMs: number;
  /** Who is @-mentioned in approval requests on prod: the approvers, or the operators when there are none. */
  approvalMentions: string[];
}

export interface SyncDeps {
  storage: UploadAreaStorage;
  uploadServices: Record<Environment, UploadServiceClient | undefined>;
  /** The submission's upload area location in ingest; undefined when INGEST_API_TOKEN is not set. */
  ingestUploadArea?: (env: Environment, submissionUuid: string) => Promise<string | undefined>;
  settings: SyncSettings;
}

/**
 * How long one copy step starts new copies before it checkpoints; after that, only while a copy it started before
 * then is still going (and then only objects small enough to copy whole), so that one large object does not leave
 * the other slots idle.
 */
const SLICE_MS = 3000;
/** Copy steps in a row that may pause for S3 faults before the run fails. */
const MAX_FAULT_PAUSES = 10;
const NOTIFY_ROUNDS = 3;
const CHECKSUM_POLLS = 10;

export function uploadAreaSyncWorkflow({ integrations, config }: WorkflowDeps): Workflow {
  return createSyncWorkflow({
    storage: integrations.uploadAreas,
    uploadServices: integrations.uploadServices,
    ingestUploadArea: integrations.ingestUploadArea,
    settings: syncSettings(config),
  });
}

export function syncSettings(config: Config): SyncSettings {
  return {
    areaBucket: config.uploadAreas.bucket,
    ingestBuckets: config.uploadAreas.ingestBuckets,
    concurrency: config.uploadAreas.syncConcurrency,
    multipartThresholdBytes: config.uploadAreas.multipartThresholdBytes,
    pollIntervalMs: config.archiver.pollIntervalMs,
    approvalTimeoutMs: config.approvalTimeoutMs,
    approvalMentions: config.approvers.length > 0 ? config.approvers : config.operators,
  };
}

/**
 * `/hca upload-area sync`: copies a secure area into a submission's ingest upload area server-side, after a person
 * approves the plan. Each object is a guarded effect; an unknown one is resolved by looking at the destination.
 * Copied files are notified to the upload service, the destination is verified, checksums are awaited.
 */
export function createSyncWorkflow(deps: SyncDeps) {
  const { storage, settings } = deps;
  const sourcePrefix = (p: SyncParams) => `${p.areaUuid}/`;
  const destinationBucket = (p: SyncParams) => settings.ingestBuckets[p.environment];
  const destinationPrefix = (p: SyncParams) => `${p.submissionUuid}/`;
  const facts = (p: SyncParams): say.SyncFacts => ({
    environment: p.environment,
    source: `s3://${settings.areaBucket}/${sourcePrefix(p)}`,
    destination: `s3://${destinationBucket(p)}/${destinationPrefix(p)}`,
  });
  const serviceOf = (p: SyncParams) => deps.uploadServices[p.environment];
  /** Ends the run as failed, saying why in the thread as well as in the status message. */
  async function fail(
    ctx: Ctx,
    error: string,
    extra: Partial<Extract<Result, { kind: 'done' }>> = {},
  ): Promise<Result> {
    await ctx.reply({ text: `:x: ${escapeMrkdwn(error)}` });
    return { kind: 'done', status: 'failed', error, ...extra };
  }
  const next = (ctx: Ctx, step: string, patch: Partial<SyncState> = {}): Result => ({
    kind: 'next',
    step,
    state: { ...ctx.state, ...patch, pollDelayMs: undefined },
  });
  const afterCopy = (ctx: Ctx, files: PlannedFile[], patch: Partial<SyncState> = {}): Result =>
    next(ctx, serviceOf(ctx.params) && files.some((f) => !f.notified) ? 'notify' : 'verify', {
      ...patch,
      files,
      notifyRounds: 0,
    });

  async function copyOne(
    ctx: Ctx,
    file: PlannedFile,
    destination: () => Promise<Map<string, StoredObject>>,
    showProgress: () => void,
  ) {
    const { params } = ctx;
    const from = {
      bucket: settings.areaBucket,
      key: sourcePrefix(params) + file.name,
      size: file.size,
      etag: file.etag,
    };
    const to = { bucket: destinationBucket(params), key: destinationPrefix(params) + file.name };
    const key = () => `copy:${ctx.state.asked ?? 0}:${file.tries ?? 0}:${file.name}`;
    const onBytesCopied = (bytes: number) => {
      file.partBytes = (file.partBytes ?? 0) + bytes;
      showProgress();
    };
    const copy = () => guarded(ctx, key(), () => storage.copy({ from, to, signal: ctx.signal, onBytesCopied }));
    // A try started before a crash or a fault whose outcome was never recorded: the destination says whether it
    // landed; if not, the next try is a new effect (and so on, however many crashes left tries unrecorded).
    while (!(await copy()).known) {
      if (isAlreadyCopied(file, (await destination()).get(file.name))) return;
      if (file.size > settings.multipartThresholdBytes) await storage.abortUnfinishedUploads(to);
      file.tries = (file.tries ?? 0) + 1;
      file.partBytes = undefined;
    }
  }

  /** Notifies copied files not notified yet; returns the last failure's message, if any. */
  async function notifyPending(ctx: Ctx, files: PlannedFile[]): Promise<string | undefined> {
    const service = serviceOf(ctx.params);
    if (!service) return undefined;
    const pending = files.filter((f) => f.copied && !f.notified);
    let lastError: string | undefined;
    await inPool(
      pending,
      settings.concurrency,
      () => true,
      async (file) => {
        file.notified = await service.notify(ctx.params.submissionUuid, file.name).then(
          () => true,
          (error: unknown) => {
            lastError = error instanceof Error ? error.message : String(error);
            return false;
          },
        );
      },
    );
    return lastError;
  }

  async function askForApproval(ctx: Ctx, patch: Partial<SyncState>): Promise<Result> {
    const expiresAt = ctx.now + settings.approvalTimeoutMs;
    const copy = { ...facts(ctx.params), ...stillToCopy(patch.files ?? []) };
    return ask(
      ctx,
      APPROVAL_STEP,
      expiresAt,
      (value) => say.syncApprovalRequest(ctx.run, copy, settings.approvalMentions, value, expiresAt),
      { ...patch, approvalExpiresAt: expiresAt },
    );
  }

  const workflow: Workflow<SyncParams, SyncState> = {
    kind: UPLOAD_AREA_SYNC_KIND,
    params: SyncParams,
    initialState: {},
    firstStep: 'preflight',
    questions: UPLOAD_AREA_QUESTIONS,
    steps: {
      async preflight(ctx) {
        const { params } = ctx;
        const bucket = destinationBucket(params);
        if (!(await storage.bucketExists(bucket))) return fail(ctx, say.destinationMissing(bucket));
        if (deps.ingestUploadArea) {
          const expected = facts(params).destination;
          const found = await deps.ingestUploadArea(params.environment, params.submissionUuid);
          if (found?.replace(/\/?$/, '/') !== expected) {
            return fail(ctx, say.ingestUploadAreaMismatch(params.submissionUuid, expected, found));
          }
        } else {
          await ctx.reply({ text: say.INGEST_UNCHECKED });
        }
        return next(ctx, 'plan');
      },

      async plan(ctx) {
        const { params } = ctx;
        const [source, destination] = await Promise.all([
          storage.list(settings.areaBucket, sourcePrefix(params)),
          storage.list(destinationBucket(params), destinationPrefix(params)),
        ]);
        if (source.length === 0) {
          return fail(ctx, say.unknownAreaSentence(settings.areaBucket, params.areaUuid));
        }
        if (areaFiles(source).length === 0) {
          return fail(ctx, say.emptyAreaSentence(params.areaUuid));
        }
        const plan = planSync(source, destination, { includeSpreadsheets: params.includeSpreadsheets });
        // Copied earlier but not yet told to the upload service: they stay on the list to notify.
        const replanned = new Set(plan.copy.map((f) => f.name));
        const unnotified = (ctx.state.files ?? []).filter((f) => f.copied && !f.notified && !replanned.has(f.name));
        const text = say.syncPlanText({
          env: params.environment,
          ...facts(params),
          plan,
          multipartThresholdBytes: settings.multipartThresholdBytes,
        });
        await ctx.reply(say.threadMessage(text));
        const file = say.threadFile(text, `Sync plan for ${params.submissionUuid} (${params.environment})`);
        if (file) await ctx.upload(file);
        const patch: Partial<SyncState> = {
          files: [
            ...plan.copy.map(({ name, size, etag, lastModified }) => ({ name, size, etag, lastModified })),
            ...unnotified,
          ],
          copyMs: 0,
          faults: 0,
        };
        if (plan.copy.length === 0) {
          await ctx.reply({ text: say.nothingToCopy(plan.present.length, plan.leftOut.length) });
          return afterCopy(ctx, patch.files ?? [], patch);
        }
        return askForApproval(ctx, patch);
      },

      async [APPROVAL_STEP](ctx) {
        const answer = currentAnswer(ctx.state);
        if (answer?.value === 'sync') return next(ctx, 'copy', { approvedBy: answer.by });
        return unanswered(ctx, ctx.state.approvalExpiresAt ?? 0, {
          error: say.approvalTimedOut(settings.approvalTimeoutMs),
          resumeAt: 'plan',
        });
      },

      async copy(ctx) {
        const files = (ctx.state.files ?? []).map((f) => ({ ...f }));
        const todo = files.filter((f) => !f.copied);
        if (todo.length === 0) return afterCopy(ctx, files);
        const deadline = ctx.now + SLICE_MS;
        let listing: Promise<Map<string, StoredObject>> | undefined;
        const destination = () =>
          (listing ??= storage
            .list(destinationBucket(ctx.params), destinationPrefix(ctx.params))
            .then((objects) => new Map(objects.map((o) => [o.name, o]))));
        const failures: unknown[] = [];
        const copyMs = () => (ctx.state.copyMs ?? 0) + (ctx.clock.now() - ctx.now);
        const showProgress = () => ctx.show({ ...ctx.state, files, copyMs: copyMs() });
        // Copies started before the deadline and still going: while one is (a large object), the other slots go on
        // with objects small enough to copy whole; a large one waits for the next step.
        let holding = 0;
        await inPool(
          todo,
          settings.concurrency,
          (file) =>
            failures.length === 0 &&
            !ctx.signal.aborted &&
            (ctx.clock.now() < deadline || (holding > 0 && file.size <= settings.multipartThresholdBytes)),
          async (file) => {
            const holds = ctx.clock.now() < deadline;
            if (holds) holding += 1;
            try {
              await copyOne(ctx, file, destination, showProgress);
              file.copied = true;
              showProgress();
            } catch (error) {
              failures.push(error);
            } finally {
              file.partBytes = undefined;
              if (holds) holding -= 1;
            }
          },
        );
        const notifyError = (await notifyPending(ctx, files)) ?? ctx.state.notifyError;
        const progress = { files, copyMs: copyMs(), notifyError };
        // Cancelled: the run is over and commits nothing more; aborted multipart uploads were cleaned up.
        if (ctx.signal.aborted) return next(ctx, 'copy', progress);
        const [failure] = failures;
        if (failure === undefined) {
          return files.every((f) => f.copied)
            ? afterCopy(ctx, files, { ...progress, pausedFor: undefined })
            : next(ctx, 'copy', { ...progress, faults: 0, pausedFor: undefined });
        }
        const detail = failure instanceof Error ? failure.message : String(failure);
        // CopySourceIfMatch failed, or the source is gone: the approved plan is out of date.
        if (isS3Error(failure) && (failure.problem === 'SourceChanged' || failure.problem === 'NoSuchKey')) {
          await ctx.reply({ text: say.sourceChanged(detail) });
          return next(ctx, 'plan', progress);
        }
        const faults = (ctx.state.faults ?? 0) + 1;
        if (isS3Error(failure) && failure.retryable && faults <= MAX_FAULT_PAUSES) {
          const wakeAt = ctx.now + pollDelay(settings.pollIntervalMs, ctx.state.pollDelayMs, false);
          // One notice per stall: said again only when S3 says something else.
          if (detail !== ctx.state.pausedFor) await ctx.reply({ text: say.copyPaused(detail, wakeAt) });
          return pollAgain(ctx, settings.pollIntervalMs, false, { ...progress, faults, pausedFor: detail });
        }
        return fail(ctx, detail, { state: { ...ctx.state, ...progress, faults: 0 } });
      },

      async notify(ctx) {
        const files = (ctx.state.files ?? []).map((f) => ({ ...f }));
        const notifyError = (await notifyPending(ctx, files)) ?? ctx.state.notifyError;
        const patch = { files, notifyRounds: (ctx.state.notifyRounds ?? 0) + 1, notifyError };
        if (files.every((f) => f.notified) || patch.notifyRounds >= NOTIFY_ROUNDS) return next(ctx, 'verify', patch);
        return pollAgain(ctx, settings.pollIntervalMs, false, patch);
      },

      async verify(ctx) {
        const { params } = ctx;
        const files = ctx.state.files ?? [];
        // The area as it is now, not as planned: a file added or changed since the plan is not verified.
        const [source, destination] = await Promise.all([
          storage.list(settings.areaBucket, sourcePrefix(params)),
          storage.list(destinationBucket(params), destinationPrefix(params)),
        ]);
        const expected = filesToSync(source, params.includeSpreadsheets);
        const verification = verifySync(expected, destination);
        const text = say.verifyText(verification);
        await ctx.reply(say.threadMessage(text));
        const file = say.threadFile(text, `Differences at ${facts(params).destination}`);
        if (file) await ctx.upload(file);
        if (!verification.verified) {
          return { kind: 'done', status: 'failed', error: text.headline, resumeAt: 'plan' };
        }
        const verified = { files: verification.files, bytes: verification.bytes };
        const unnotified = serviceOf(params) ? files.filter((f) => !f.notified).map((f) => f.name) : [];
        if (unnotified.length > 0) {
          const failed = say.notifyFailuresText(unnotified, ctx.state.notifyError);
          await ctx.reply(say.threadMessage(failed));
          const list = say.threadFile(failed, 'Files the upload service was not told about');
          if (list) await ctx.upload(list);
          return {
            kind: 'done',
            status: 'failed',
            error: failed.headline,
            resumeAt: 'notify',
            state: { ...ctx.state, verified, notifyRounds: 0 },
          };
        }
        if (!serviceOf(params) || files.length === 0)
          return { kind: 'done', status: 'succeeded', state: { ...ctx.state, verified } };
        return next(ctx, 'checksums', { verified, checksumPolls: 0 });
      },

      async checksums(ctx) {
        const service = serviceOf(ctx.params);
        const files = (ctx.state.files ?? []).map((f) => ({ ...f }));
        const pending = files.filter((f) => !f.checksummed);
        let checksumError = ctx.state.checksumError;
        await inPool(
          pending,
          settings.concurrency,
          () => true,
          async (file) => {
            const status = await service?.checksumStatus(ctx.params.submissionUuid, file.name).catch((error) => {
              checksumError = error instanceof Error ? error.message : String(error);
              return undefined;
            });
            file.checksummed = status === 'CHECKSUMMED';
          },
        );
        const left = files.filter((f) => !f.checksummed).map((f) => f.name);
        const polls = (ctx.state.checksumPolls ?? 0) + 1;
        if (left.length > 0 && polls < CHECKSUM_POLLS) {
          return pollAgain(ctx, settings.pollIntervalMs, left.length < pending.length, {
            files,
            checksumPolls: polls,
            checksumError,
          });
        }
        const text = say.checksumText(left, files.length, checksumError);
        await ctx.reply(say.threadMessage(text));
        const list = say.threadFile(text, 'Files not checksummed yet');
        if (list) await ctx.upload(list);
        return { kind: 'done', status: 'succeeded', state: { ...ctx.state, files, checksumPolls: polls } };
      },
    },

    describe(run, params, state) {
      return {
        title: `sync upload area ${params.areaUuid} to ${params.submissionUuid}${params.includeSpreadsheets ? ' (with spreadsheets)' : ''}`,
        detail: say.describeSync(run, state),
      };
    },
  };
  return registerWorkflow(workflow);
}
