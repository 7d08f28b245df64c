import { reminderLine } from '../workflows/reminders/text.js';
import type { ReminderCommandDeps } from './reminder-deps.js';
import { reply, type CommandOutcome, type Invocation } from './subcommand.js';

const LISTED = 40;

/** Upcoming reminders (or all of them), with dates also in the reader's own zone once Slack has told us it. */
export function listReminders(deps: ReminderCommandDeps, all: boolean, invocation: Invocation): CommandOutcome {
  const render = (readerZone: string | undefined) => {
    const reminders = all ? deps.reminders.all(LISTED) : deps.reminders.upcoming(LISTED);
    const total = all ? deps.reminders.count() : deps.reminders.countUpcoming();
    if (total === 0) {
      return all
        ? 'There are no reminders yet. `/hca remind <project-uuid> <date> [note…]` sets one.'
        : 'No reminders are scheduled. `/hca remind <project-uuid> <date> [note…]` sets one; `/hca reminders all` lists past ones.';
    }
    const lines = reminders.map((r) => reminderLine(r, deps.reminderSettings, { readerZone, withStatus: all }));
    const more = total > reminders.length ? [`…and ${total - reminders.length} more.`] : [];
    return [all ? `*All reminders* (${total})` : `*Upcoming reminders* (${total})`, ...lines, ...more].join('\n');
  };
  const cached = deps.userZones.cached(invocation.userId);
  if (cached) return reply(render(cached.zone), 'reminders listed');
  return reply(render(undefined), 'reminders listed', {
    afterAck: async () => {
      const zone = await deps.userZones.lookup(invocation.userId);
      if (!zone || zone === deps.reminderSettings.timeZone || !invocation.responseUrl) return;
      await deps.reminderPresenter.tell(invocation.responseUrl, render(zone), true);
    },
  });
}
