import { resolveDate, type DateExpression } from '../workflows/reminders/calendar.js';
import { decideReminder } from './reminder-decisions.js';
import type { ReminderCommandDeps } from './reminder-deps.js';
import { reply, type CommandOutcome } from './subcommand.js';

/** Moves a reminder to a new date (from `/hca reminders move` or a notice's "Move date…" modal). */
export function moveReminder(
  deps: ReminderCommandDeps,
  reminderId: number,
  date: DateExpression,
  by: { userId: string; now: number; fireKey?: string },
): CommandOutcome {
  const plan = resolveDate(date, deps.reminderSettings, by.now);
  if (!plan.ok) return reply(plan.message, 'refused: date');
  return decideReminder(
    deps,
    reminderId,
    { action: 'moved', userId: by.userId, fireKey: by.fireKey, reschedule: () => plan.value },
    by.now,
  );
}
