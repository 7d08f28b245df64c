import type { Clock } from '../../clock.js';
import type { Permissions } from '../permissions.js';
import { runLine } from '../run-lines.js';
import { reminderLine } from '../../workflows/reminders/text.js';
import { clip, context, escapeMrkdwn, lineSections } from '../../workflows/kit/blocks.js';
import { slackDate } from '../../workflows/kit/wording.js';
import type { Block } from '../../integrations/slack.js';
import type { ReminderSettings } from '../../workflows/reminders/calendar.js';
import type { Reminder, ReminderStore } from '../../store/reminders.js';
import type { Run, RunStore } from '../../store/runs.js';
import type { RunDescription } from '../../workflows/engine/workflow.js';

const ACTIVE_SHOWN = 30;
const APPROVALS_SHOWN = 20;
const REMINDERS_SHOWN = 20;
const FINISHED_SHOWN = 10;
/** What an active run waits for (its last error), clipped so that 30 of them stay within the view. */
const WHY_SHOWN = 200;

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

/** What one person's App Home shows, read from the store just before it is published. */
export interface HomeContent {
  viewer: string;
  now: number;
  active: readonly Run[];
  finished: readonly Run[];
  reminders: readonly Reminder[];
  remindersTotal: number;
  describe(run: Run): RunDescription;
  mayApprove(run: Run): boolean;
  settings: ReminderSettings;
  readerZone?: string;
}

export function ageText(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text } };
}

/** Up to `limit` lines under a header, with a pointer to the rest of `total`; `empty` when there are none. */
function part(title: string, lines: readonly string[], total: number, empty: string, rest: string): Block[] {
  if (total === 0) return [header(title), context(empty)];
  const more = total > lines.length ? [`…and ${total - lines.length} more: ${rest}`] : [];
  return [header(title), ...lineSections([...lines, ...more])];
}

/**
 * The App Home: active runs (the viewer's own first), approvals the viewer may give, upcoming reminders and recently
 * finished runs. Every list is capped, so the view stays within Slack's 100 blocks whatever the store holds.
 */
export function renderHome(content: HomeContent): HomeView {
  const { viewer, now } = content;
  const line = (run: Run) => `${runLine(run, content.describe(run))} · ${ageText(now - run.createdAt)} old`;
  const activeLine = (run: Run) =>
    run.lastError ? `${line(run)}\n    :warning: ${clip(escapeMrkdwn(run.lastError), WHY_SHOWN)}` : line(run);
  const active = [...content.active].sort((a, b) => Number(b.requester === viewer) - Number(a.requester === viewer));
  const approvals = active.filter((run) => run.status === 'awaiting_approval' && content.mayApprove(run));
  const blocks = [
    header('hca-ops-bot'),
    context(`Updated ${slackDate(now)}. \`/hca help\` lists the commands.`),
    ...part(
      'Active runs',
      active.slice(0, ACTIVE_SHOWN).map(activeLine),
      active.length,
      'No active runs.',
      '`/hca runs`',
    ),
    ...part(
      'Waiting for your approval',
      approvals.slice(0, APPROVALS_SHOWN).map((run) => `${line(run)} — approve in its thread`),
      approvals.length,
      'Nothing waits for your approval.',
      '`/hca runs`',
    ),
    ...part(
      'Upcoming reminders',
      content.reminders.map((r) => reminderLine(r, content.settings, { readerZone: content.readerZone })),
      content.remindersTotal,
      'No reminders are scheduled.',
      '`/hca reminders`',
    ),
    ...part('Recently finished', content.finished.map(line), content.finished.length, 'No run has finished yet.', ''),
  ];
  return { type: 'home', blocks };
}

/** Where the App Home's content comes from. */
export interface HomeSources {
  runs: Pick<RunStore, 'active' | 'recentlyFinished'>;
  reminders: Pick<ReminderStore, 'upcoming' | 'countUpcoming'>;
  describe(run: Run): RunDescription;
  permissions: Pick<Permissions, 'mayApprove'>;
  settings: ReminderSettings;
  clock: Clock;
}

/** Reads the store and renders one viewer's App Home. */
export function readHome(sources: HomeSources, viewer: string, readerZone: string | undefined): HomeView {
  return renderHome({
    viewer,
    now: sources.clock.now(),
    active: sources.runs.active(),
    finished: sources.runs.recentlyFinished(FINISHED_SHOWN),
    reminders: sources.reminders.upcoming(REMINDERS_SHOWN),
    remindersTotal: sources.reminders.countUpcoming(),
    describe: sources.describe,
    mayApprove: (run) => sources.permissions.mayApprove(viewer, run),
    settings: sources.settings,
    readerZone,
  });
}
