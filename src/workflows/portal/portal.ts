import { z } from 'zod';
import type { AzulClient } from '../../integrations/azul.js';
import type { SlackGateway } from '../../integrations/slack.js';
import type { KnownProjects } from '../../store/known-projects.js';
import { registerWorkflow, type Workflow, type WorkflowDeps } from '../engine/workflow.js';
import type { ReminderPresenter } from '../reminders/presenter.js';
import type { ReminderStore } from '../../store/reminders.js';
import { closeReminderOnRelease } from './close-reminder.js';
import { checkLive } from './live.js';
import { notLiveInTime, portalLink, portalMessage, releasedNote, watchingText } from './messages.js';
import { firstAvailableRelease, type ReleaseSettings } from './releases.js';

export const PORTAL_KIND = 'portal';
const DAY_MS = 86_400_000;

export const PortalParams = z.object({ projectUuid: z.string(), watch: z.boolean() });
export type PortalParams = z.infer<typeof PortalParams>;

type PortalState = {
  checks: number;
  /** When this watch began (a retry after it ran out begins another). */
  watchFrom?: number;
  /** The catalog the project was found live in. */
  liveIn?: string;
  shortName?: string | null;
  /** The reminder closed because the project went live. */
  closedReminder?: string;
} & Record<string, unknown>;

export interface PortalSettings extends ReleaseSettings {
  portalUrl: string;
  watchIntervalMs: number;
  watchMaxDays: number;
}

export interface PortalDeps {
  azul: AzulClient;
  slack: Pick<SlackGateway, 'postMessage'>;
  projects: KnownProjects;
  reminders: ReminderStore;
  reminderPresenter: ReminderPresenter;
  settings: PortalSettings;
}

/** The portal check as the registry builds it. */
export function portalWorkflow({ integrations, config, stores, reminderPresenter }: WorkflowDeps): Workflow {
  return createPortalWorkflow({
    azul: integrations.azul,
    slack: integrations.slack,
    projects: stores.projects,
    reminders: stores.reminders,
    reminderPresenter,
    settings: {
      portalUrl: config.reminders.portalUrl,
      cadenceDays: config.reminders.releaseCadenceDays,
      timeZone: config.reminders.timeZone,
      watchIntervalMs: config.portal.watchIntervalMs,
      watchMaxDays: config.portal.watchMaxDays,
    },
  });
}

/**
 * `/hca portal <project-uuid> [--watch]`: is the project live on the HCA Data Portal? Once, or (watching) every
 * interval until it is live or the watch runs out; a project found live closes its release-date reminder.
 */
export function createPortalWorkflow(deps: PortalDeps) {
  const { settings } = deps;

  const workflow: Workflow<PortalParams, PortalState> = {
    kind: PORTAL_KIND,
    params: PortalParams,
    initialState: { checks: 0 },
    firstStep: 'check',
    steps: {
      async check(ctx) {
        const { projectUuid, watch } = ctx.params;
        const check = await checkLive(deps.azul, projectUuid);
        deps.projects.rememberReleases(check.releases, ctx.now);
        const checks = ctx.state.checks + 1;
        const answer = { projectUuid, check, portalUrl: settings.portalUrl, cadenceDays: settings.cadenceDays };
        if (check.live) {
          const { catalog, project } = check.live;
          deps.projects.remember({ projectUuid, title: project.title, shortName: project.shortName }, ctx.now);
          await ctx.reply(portalMessage(answer));
          const closedReminder = watch
            ? await closeReminderOnRelease(
                { reminders: deps.reminders, presenter: deps.reminderPresenter, slack: deps.slack },
                projectUuid,
                ctx.run.requester,
                ctx.now,
                (reminderRef) =>
                  releasedNote({
                    projectUuid,
                    shortName: project.shortName,
                    catalog,
                    link: portalLink(settings.portalUrl, projectUuid),
                    reminderRef,
                    runRef: ctx.run.ref,
                  }),
              )
            : undefined;
          const state = { ...ctx.state, checks, liveIn: catalog, shortName: project.shortName, closedReminder };
          return { kind: 'done', status: 'succeeded', state };
        }
        const watchFrom = ctx.state.watchFrom ?? ctx.now;
        const deadline = watchFrom + settings.watchMaxDays * DAY_MS;
        if (checks === 1) {
          const estimate = firstAvailableRelease(check.releases, ctx.now, settings);
          await ctx.reply(portalMessage({ ...answer, estimate }));
          if (watch) await ctx.reply({ text: watchingText(settings.watchIntervalMs, deadline) });
        }
        if (!watch) return { kind: 'done', status: 'succeeded', state: { ...ctx.state, checks } };
        if (ctx.now >= deadline) {
          return {
            kind: 'done',
            status: 'timed_out',
            error: notLiveInTime(settings.watchMaxDays),
            state: { checks: 0 },
          };
        }
        return {
          kind: 'wait',
          wakeAt: Math.min(ctx.now + settings.watchIntervalMs, deadline),
          state: { ...ctx.state, checks, watchFrom },
        };
      },
    },
    describe(run, params, state) {
      const shortName = state.shortName ?? deps.projects.shortName(params.projectUuid);
      const title = `portal ${params.projectUuid}${shortName ? ` (${shortName})` : ''}${params.watch ? ' --watch' : ''}`;
      if (state.liveIn) {
        return {
          title,
          detail: [
            `Live in ${state.liveIn}: ${portalLink(settings.portalUrl, params.projectUuid)}`,
            ...(state.closedReminder ? [`${state.closedReminder} marked released.`] : []),
          ],
        };
      }
      const checked =
        state.checks > 0 ? `Not live yet after ${state.checks} check${state.checks === 1 ? '' : 's'}.` : '';
      const next = params.watch && run.wakeAt && !run.finishedAt ? ' Watching.' : '';
      return { title, detail: checked ? [`${checked}${next}`] : [] };
    },
  };
  return registerWorkflow(workflow);
}
