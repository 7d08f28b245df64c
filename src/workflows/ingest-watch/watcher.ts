import { z } from 'zod';
import type { Config } from '../../config.js';
import { ENVIRONMENTS, type Environment } from '../../environments.js';
import { errorMessage, IngestAuthError } from '../../errors.js';
import type { IngestClient, SearchableState, SubmissionEnvelope } from '../../integrations/ingest.js';
import type { SlackGateway } from '../../integrations/slack.js';
import type { KnownProjects } from '../../store/known-projects.js';
import type { Sighting, WatchedState, WatchStore } from '../../store/watch.js';
import { registerWorkflow, type StepContext, type Workflow, type WorkflowDeps } from '../engine/workflow.js';
import { exportVerdict } from '../export/verdict.js';
import { escapeMrkdwn } from '../kit/blocks.js';
import { plural } from '../kit/wording.js';
import type { ProjectNames } from '../portal/messages.js';
import {
  alreadyArchivingMessage,
  ingestBackMessage,
  ingestDownMessage,
  ALREADY_ARCHIVING_LISTED,
  leftArchivingMessage,
  readyForArchivingMessage,
  stuckExportMessage,
  tokenRefusedMessage,
  tokenWorksAgainMessage,
} from './messages.js';
import { noticeKey, pendingWork, reconcile, tokenNotice } from './sightings.js';

export const INGEST_WATCH_KIND = 'ingest-watch';

export const IngestWatchParams = z.object({
  environments: z.array(z.enum(ENVIRONMENTS)).min(1),
  channel: z.string().min(1),
});
export type IngestWatchParams = z.infer<typeof IngestWatchParams>;

interface Tally {
  archiving: number;
  exporting: number;
}

type WatchState = {
  /** Environments whose refused token has been said in the channel (said once, until it works again). */
  tokenRefused: Partial<Record<Environment, boolean>>;
  tallies: Partial<Record<Environment, Tally>>;
  /** The last interval's fault per environment, shown in the status message. */
  faults: Partial<Record<Environment, string>>;
  /** Since when each environment's ingest has been failing (not refusing the token), and whether the channel was told. */
  outages?: Partial<Record<Environment, { since: number; said: boolean }>>;
} & Record<string, unknown>;

/** Intervals in a row that ingest may fail before the channel hears of it (once, and again when it is back). */
const OUTAGE_INTERVALS = 3;

export interface IngestWatchSettings {
  intervalMs: number;
  stuckAfterMs: number;
  /** A notice claimed but not confirmed for this long is posted again (its process died on the way). */
  noticeLeaseMs: number;
}

export interface IngestWatchDeps {
  ingest?: Record<Environment, IngestClient>;
  slack: Pick<SlackGateway, 'postMessage' | 'update'>;
  watch: WatchStore;
  projects: KnownProjects;
  settings: IngestWatchSettings;
}

const SEARCHED: Record<WatchedState, SearchableState> = { archiving: 'ARCHIVING', exporting: 'EXPORTING' };
const NOTICE_LEASE_MS = 10 * 60_000;
/** More submissions than this already in Archiving when the watch of an environment began get one message together. */
const SINGLE_NOTICES_AT_START = 3;

/** The ingest watcher as the registry builds it. */
export function ingestWatchWorkflow({ integrations, config, stores }: WorkflowDeps): Workflow {
  return createIngestWatchWorkflow({
    ingest: integrations.ingest,
    slack: integrations.slack,
    watch: stores.watch,
    projects: stores.projects,
    settings: {
      intervalMs: config.ingestWatch?.intervalMs ?? 300_000,
      stuckAfterMs: config.exportStuckAfterMs,
      noticeLeaseMs: NOTICE_LEASE_MS,
    },
  });
}

/** The standing watcher run, when INGEST_WATCH_CHANNEL and an ingest token are set. */
export function standingWatch(config: Config) {
  const watch = config.ingestWatch;
  if (!watch || !(config.ingestApiToken || config.ingestApiTokenFile)) return undefined;
  return {
    params: { environments: watch.environments, channel: watch.channel },
    idempotencyKey: INGEST_WATCH_KIND,
    channelId: watch.channel,
  };
}

/**
 * Every interval, for each environment: the submissions in Archiving get one "ready for archiving" notice per stay;
 * those in Exporting get one notice when their export looks stuck. A refused token is said once. Faults are shown
 * in the status message and the next interval tries again: the watcher never stops by itself.
 */
export function createIngestWatchWorkflow(deps: IngestWatchDeps) {
  const { slack, watch, projects, settings } = deps;
  type Ctx = StepContext<IngestWatchParams, WatchState>;

  async function namesOf(
    client: IngestClient,
    envelope: SubmissionEnvelope,
    now: number,
  ): Promise<ProjectNames | null> {
    try {
      const project = await client.relatedProject(envelope.id);
      if (!project) return null;
      projects.remember({ projectUuid: project.uuid, title: project.title, shortName: project.shortName }, now, [
        envelope.uuid,
      ]);
      return project;
    } catch {
      return projects.lookup(envelope.uuid) ?? null;
    }
  }

  /** Posts a sighting's notice unless another process (or an earlier try) did; a failed post is tried again later. */
  async function notice(ctx: Ctx, sighting: Sighting, compose: () => Promise<Parameters<typeof slack.postMessage>[1]>) {
    if (!watch.claimNotice(sighting, ctx.now, settings.noticeLeaseMs)) return;
    try {
      const posted = await slack.postMessage(ctx.params.channel, await compose());
      watch.noticed(sighting, { channel: posted.channel, ts: posted.ts }, ctx.clock.now());
    } catch (error) {
      watch.releaseNotice(sighting);
      throw error;
    }
  }

  /**
   * Claims the waiting sightings and posts one message about them; each counts as noticed, so none gets a notice of
   * its own later. Another process may have claimed some: they are its to post.
   */
  async function noticeTogether(
    ctx: Ctx,
    env: Environment,
    waiting: Sighting[],
    present: Map<string, SubmissionEnvelope>,
  ) {
    const claimed = waiting.filter((s) => watch.claimNotice(s, ctx.now, settings.noticeLeaseMs));
    if (claimed.length === 0) return;
    try {
      const listed = [];
      for (const [index, sighting] of claimed.entries()) {
        const envelope = present.get(sighting.submissionUuid)!;
        const project = index < ALREADY_ARCHIVING_LISTED ? await namesOf(deps.ingest![env], envelope, ctx.now) : null;
        listed.push({ env, submissionUuid: envelope.uuid, project, firstSeenAt: sighting.firstSeenAt, now: ctx.now });
      }
      await slack.postMessage(ctx.params.channel, alreadyArchivingMessage(env, listed));
    } catch (error) {
      for (const sighting of claimed) watch.releaseNotice(sighting);
      throw error;
    }
    for (const sighting of claimed) watch.noticed(sighting, null, ctx.clock.now());
  }

  /** `watchedSince`: when the watcher first checked `env`; sightings from then are summed up, not noticed one by one. */
  async function track(
    ctx: Ctx,
    env: Environment,
    state: WatchedState,
    envelopes: SubmissionEnvelope[],
    watchedSince: number,
  ) {
    const client = deps.ingest![env];
    const present = new Map(envelopes.map((e) => [e.uuid, e]));
    const changes = reconcile(watch.open(env, state), [...present.keys()]);
    const closed = watch.record(
      env,
      state,
      changes.entered,
      changes.left.map((s) => s.submissionUuid),
      ctx.now,
    );
    for (const sighting of closed) {
      if (state !== 'archiving' || !sighting.notice || sighting.leftAt === null) continue;
      const ready = { env, submissionUuid: sighting.submissionUuid, firstSeenAt: sighting.firstSeenAt, now: ctx.now };
      const message = leftArchivingMessage(
        { ...ready, project: projects.lookup(sighting.submissionUuid) ?? null },
        sighting.leftAt,
      );
      await slack.update(sighting.notice.channel, sighting.notice.ts, message).catch(() => undefined);
    }
    const atStart = watch
      .open(env, state)
      .filter(
        (s) => present.has(s.submissionUuid) && pendingWork(s) === 'notice-ready' && s.firstSeenAt <= watchedSince,
      );
    if (atStart.length > SINGLE_NOTICES_AT_START) await noticeTogether(ctx, env, atStart, present);
    for (const sighting of watch.open(env, state)) {
      const envelope = present.get(sighting.submissionUuid);
      const work = pendingWork(sighting);
      if (!envelope || work === 'none') continue;
      if (work === 'notice-ready') {
        await notice(ctx, sighting, async () =>
          readyForArchivingMessage(
            {
              env,
              submissionUuid: envelope.uuid,
              project: await namesOf(client, envelope, ctx.now),
              firstSeenAt: sighting.firstSeenAt,
              now: ctx.now,
            },
            noticeKey(sighting),
          ),
        );
        continue;
      }
      const verdict = exportVerdict(await client.exportJobs(envelope.id), ctx.now, settings.stuckAfterMs);
      if (verdict.kind !== 'stuck') continue;
      await notice(ctx, sighting, async () =>
        stuckExportMessage({
          env,
          submissionUuid: envelope.uuid,
          project: await namesOf(client, envelope, ctx.now),
          verdict,
        }),
      );
    }
  }

  /** One environment's interval; what went wrong is returned for the status message, never thrown. */
  async function watchEnvironment(ctx: Ctx, env: Environment, state: WatchState): Promise<WatchState> {
    const client = deps.ingest?.[env];
    if (!client) return { ...state, faults: { ...state.faults, [env]: 'no ingest token is configured' } };
    const said = state.tokenRefused[env] === true;
    try {
      const found = {
        archiving: await client.submissionsInState(SEARCHED.archiving),
        exporting: await client.submissionsInState(SEARCHED.exporting),
      };
      if (tokenNotice(false, said) === 'forget')
        await slack.postMessage(ctx.params.channel, tokenWorksAgainMessage(env));
      if (state.outages?.[env]?.said) await slack.postMessage(ctx.params.channel, ingestBackMessage(env));
      const watchedSince = watch.firstChecked(env, ctx.now);
      await track(ctx, env, 'archiving', found.archiving, watchedSince);
      await track(ctx, env, 'exporting', found.exporting, watchedSince);
      return {
        ...state,
        tokenRefused: { ...state.tokenRefused, [env]: false },
        tallies: { ...state.tallies, [env]: { archiving: found.archiving.length, exporting: found.exporting.length } },
        faults: { ...state.faults, [env]: undefined },
        outages: { ...state.outages, [env]: undefined },
      };
    } catch (error) {
      const refused = error instanceof IngestAuthError;
      if (refused && tokenNotice(true, said) === 'post') {
        await slack.postMessage(ctx.params.channel, tokenRefusedMessage(env, error.message));
      }
      const fault = refused ? 'the ingest token was refused' : errorMessage(error);
      let outage = refused ? undefined : (state.outages?.[env] ?? { since: ctx.now, said: false });
      if (outage && !outage.said && ctx.now - outage.since >= OUTAGE_INTERVALS * settings.intervalMs) {
        await slack.postMessage(ctx.params.channel, ingestDownMessage(env, ctx.now - outage.since, fault));
        outage = { ...outage, said: true };
      }
      return {
        ...state,
        tokenRefused: { ...state.tokenRefused, [env]: refused || said },
        faults: { ...state.faults, [env]: fault },
        outages: { ...state.outages, [env]: outage },
      };
    }
  }

  const workflow: Workflow<IngestWatchParams, WatchState> = {
    kind: INGEST_WATCH_KIND,
    params: IngestWatchParams,
    initialState: { tokenRefused: {}, tallies: {}, faults: {} },
    firstStep: 'watch',
    standing: standingWatch,
    steps: {
      async watch(ctx) {
        let state = ctx.state;
        for (const env of ctx.params.environments) state = await watchEnvironment(ctx, env, state);
        return { kind: 'wait', state, wakeAt: ctx.now + settings.intervalMs };
      },
    },
    describe(_run, params, state) {
      const detail = params.environments.map((env) => {
        const tally = state.tallies[env];
        const counts = tally
          ? `${plural(tally.archiving, 'submission')} in Archiving, ${tally.exporting} in Exporting`
          : 'not checked yet';
        const fault = state.faults[env];
        return `${env}: ${counts}${fault ? ` · :warning: ${escapeMrkdwn(fault)}` : ''}`;
      });
      return { title: 'ingest watcher', detail };
    },
  };
  return registerWorkflow(workflow);
}
