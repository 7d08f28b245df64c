import { z } from 'zod';
import { ENVIRONMENTS, type Environment } from '../../environments.js';
import type { AzulClient } from '../../integrations/azul.js';
import type { IngestClient } from '../../integrations/ingest.js';
import type { KnownProjects } from '../../store/known-projects.js';
import { registerWorkflow, type StepContext, type Workflow, type WorkflowDeps } from '../engine/workflow.js';
import { actions, context, escapeMrkdwn, fallbackText, lineSections, message, plainText } from '../kit/blocks.js';
import { EXPORTED_OR_LATER, normalState, ON_THE_WAY_TO_EXPORT } from '../kit/ingest-state.js';
import { pollAgain } from '../kit/poll.js';
import { stallNotice, type StallState } from '../kit/stall.js';
import { duration } from '../kit/wording.js';
import { WATCH_PORTAL_ACTION } from '../portal/messages.js';
import {
  firstAvailableRelease,
  releaseCatalogs,
  releaseEstimateText,
  type ReleaseSettings,
} from '../portal/releases.js';
import { exportedNextSteps, exportStalledText, exportSummaryLines, stuckText } from './messages.js';
import { exportVerdict, type ExportVerdict } from './verdict.js';

export const EXPORT_KIND = 'export';

export const ExportParams = z.object({ submissionUuid: z.string(), environment: z.enum(ENVIRONMENTS) });
export type ExportParams = z.infer<typeof ExportParams>;

type ExportState = {
  project?: { uuid: string; title: string | null; shortName: string | null } | null;
  ingestState?: string;
  /** What the thread was last told: state, verdict and job; a change is posted again. */
  told?: string;
  progress?: string;
  pollDelayMs?: number;
  resumedAt?: number;
} & StallState &
  Record<string, unknown>;

const DAY_MS = 24 * 3_600_000;
/** How often a follow that sees no change says so, and how long it waits before it stops as timed out. */
const STALL_NOTICE_EVERY_MS = 7 * DAY_MS;
const GIVE_UP_AFTER_MS = 30 * DAY_MS;

export interface ExportSettings extends ReleaseSettings {
  pollIntervalMs: number;
  stuckAfterMs: number;
  releaseFormUrl: string;
}

export interface ExportDeps {
  ingest?: Record<Environment, IngestClient>;
  azul: AzulClient;
  projects: KnownProjects;
  settings: ExportSettings;
}

type Ctx = StepContext<ExportParams, ExportState>;

/** The export follow-up as the registry builds it. */
export function exportWorkflow({ integrations, config, stores }: WorkflowDeps): Workflow {
  return createExportWorkflow({
    ingest: integrations.ingest,
    azul: integrations.azul,
    projects: stores.projects,
    settings: {
      pollIntervalMs: config.archiver.pollIntervalMs,
      stuckAfterMs: config.exportStuckAfterMs,
      releaseFormUrl: config.reminders.releaseFormUrl,
      cadenceDays: config.reminders.releaseCadenceDays,
      timeZone: config.reminders.timeZone,
    },
  });
}

function told(state: string, verdict: ExportVerdict): string {
  const job = verdict.kind === 'none' ? '' : `${verdict.job.id}:${verdict.job.status}`;
  return `${normalState(state)}|${verdict.kind}|${job}`;
}

/**
 * `/hca export <submission-uuid> [env]`: follows a submission from Archived through Exporting to Exported, reading
 * its envelope and export jobs. A stuck export ends the run as failed with the runbook's advice (`/hca retry` follows
 * again); Exported posts the next steps and offers to watch the portal.
 */
export function createExportWorkflow(deps: ExportDeps) {
  const { settings } = deps;

  async function projectOf(ctx: Ctx, client: IngestClient, envelopeId: string): Promise<ExportState['project']> {
    if (ctx.state.project !== undefined) return ctx.state.project;
    const project = await client.relatedProject(envelopeId);
    if (project) {
      deps.projects.remember(
        { projectUuid: project.uuid, title: project.title, shortName: project.shortName },
        ctx.now,
        [ctx.params.submissionUuid],
      );
    }
    return project;
  }

  async function estimateText(now: number): Promise<string | undefined> {
    try {
      const releases = releaseCatalogs(await deps.azul.catalogs());
      deps.projects.rememberReleases(releases, now);
      const estimate = firstAvailableRelease(releases, now, settings);
      return estimate && releaseEstimateText(estimate, settings.cadenceDays);
    } catch {
      return undefined;
    }
  }

  const workflow: Workflow<ExportParams, ExportState> = {
    kind: EXPORT_KIND,
    params: ExportParams,
    initialState: {},
    firstStep: 'follow',
    steps: {
      async follow(ctx) {
        const { submissionUuid, environment } = ctx.params;
        const client = deps.ingest?.[environment];
        if (!client) return { kind: 'done', status: 'failed', error: 'Following an export needs an ingest token.' };
        const envelope = await client.submission(submissionUuid);
        const project = await projectOf(ctx, client, envelope.id);
        const verdict = exportVerdict(await client.exportJobs(envelope.id), ctx.now, settings.stuckAfterMs);
        const job = verdict.kind === 'none' ? undefined : verdict.job;
        const exportedAssays = job && job.status !== 'EXPORTED' ? await client.exportedAssayCount(job.id) : undefined;
        const summary = exportSummaryLines({
          submissionUuid,
          env: environment,
          state: envelope.state,
          project: project ?? null,
          verdict,
          exportedAssays,
          now: ctx.now,
        });
        const now = told(envelope.state, verdict);
        if (now !== ctx.state.told) await ctx.reply(message(fallbackText(summary[0]!), lineSections(summary)));
        const progress = summary.find((line) => line.startsWith('Progress: '));
        const state: ExportState = { ...ctx.state, project, ingestState: envelope.state, told: now, progress };
        const normal = normalState(envelope.state);
        if (EXPORTED_OR_LATER.has(normal)) return { kind: 'next', step: 'exported', state };
        if (verdict.kind === 'stuck') {
          return { kind: 'done', status: 'failed', error: plainText(stuckText(verdict)), resumeAt: 'follow', state };
        }
        if (!ON_THE_WAY_TO_EXPORT.has(normal)) {
          const error = `Submission ${submissionUuid} is in state "${envelope.state}", which does not lead to an export; the bot stopped following it.`;
          return { kind: 'done', status: 'failed', error, state };
        }
        // A retry counts as a change: the follow starts its patience again.
        const resumed = (ctx.state.resumedAt ?? 0) > (ctx.state.lastChangeAt ?? 0);
        const changed = now !== ctx.state.told || progress !== ctx.state.progress || resumed;
        const stall = await stallNotice(ctx, changed, STALL_NOTICE_EVERY_MS, (since) =>
          exportStalledText(envelope.state, since, duration(GIVE_UP_AFTER_MS)),
        );
        if (ctx.now - stall.lastChangeAt >= GIVE_UP_AFTER_MS) {
          const error = `Nothing changed for ${duration(GIVE_UP_AFTER_MS)}: submission ${submissionUuid} is still in state "${envelope.state}". \`/hca retry\` follows it again.`;
          return { kind: 'done', status: 'timed_out', error, resumeAt: 'follow', state: { ...state, ...stall } };
        }
        return pollAgain(ctx, settings.pollIntervalMs, changed, { ...state, ...stall });
      },

      async exported(ctx) {
        const project = ctx.state.project;
        const steps = exportedNextSteps(settings.releaseFormUrl, await estimateText(ctx.now));
        const button = project
          ? [
              actions(`export-${ctx.run.id}-portal`, [
                {
                  actionId: WATCH_PORTAL_ACTION,
                  text: 'Watch the portal',
                  value: project.uuid,
                  style: 'primary',
                },
              ]),
              context(`Operators only: it starts \`/hca portal ${project.uuid} --watch\`.`),
            ]
          : [
              context(
                'Ingest names no project for this submission: watch it with `/hca portal <project-uuid> --watch`.',
              ),
            ];
        await ctx.reply(message(fallbackText(steps.join(' ')), [...lineSections(steps), ...button]));
        return { kind: 'done', status: 'succeeded' };
      },
    },
    describe(_run, params, state) {
      const shortName = state.project?.shortName ?? deps.projects.shortName(params.submissionUuid);
      const detail = [
        ...(state.ingestState ? [`Ingest state: ${escapeMrkdwn(state.ingestState)}`] : []),
        ...(state.progress ? [state.progress] : []),
      ];
      return { title: `export ${params.submissionUuid}${shortName ? ` (${shortName})` : ''}`, detail };
    },
  };
  return registerWorkflow(workflow);
}
