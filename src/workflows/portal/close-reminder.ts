import type { SlackGateway } from '../../integrations/slack.js';
import type { ReminderStore } from '../../store/reminders.js';
import type { ReminderPresenter } from '../reminders/presenter.js';

export interface CloseReminderDeps {
  reminders: ReminderStore;
  presenter: ReminderPresenter;
  slack: Pick<SlackGateway, 'postMessage'>;
}

/**
 * A project went live: its active release-date reminder is marked released by `by`, its last notice shows that, and
 * `note` goes in the notice's thread (or in the reminder's channel when no notice was posted yet). Returns the
 * reminder's ref, or undefined when the project had no active reminder.
 */
export async function closeReminderOnRelease(
  deps: CloseReminderDeps,
  projectUuid: string,
  by: string,
  now: number,
  note: (reminderRef: string) => string,
): Promise<string | undefined> {
  const active = deps.reminders.activeForProject(projectUuid);
  if (!active) return undefined;
  const outcome = deps.reminders.decide(active.id, { action: 'released', userId: by }, now);
  if (!outcome.ok) return undefined;
  const { before, reminder } = outcome;
  deps.presenter.changed();
  await deps.presenter.showDecision(before, reminder).catch(() => undefined);
  const posts = before.fireKey
    ? deps.reminders.postsFor(before.id, before.fireKey).filter((p) => p.destination === 'channel' && p.ts !== null)
    : [];
  const text = note(reminder.ref);
  const targets =
    posts.length > 0 ? posts.map((p) => ({ channel: p.channelId, ts: p.ts! })) : [{ channel: reminder.channelId }];
  for (const target of targets) {
    // The reminder is closed and its notice says so; a note lost to Slack is not worth failing the run for.
    await deps.slack
      .postMessage(target.channel, { text }, 'ts' in target ? target.ts : undefined)
      .catch(() => undefined);
  }
  return reminder.ref;
}
