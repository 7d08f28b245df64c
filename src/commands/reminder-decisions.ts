import { errorMessage } from '../errors.js';
import {
  actionText,
  handledText,
  nextNoticeAt,
  releaseText,
  warningLine,
  whenText,
} from '../workflows/reminders/text.js';
import { slackDate } from '../workflows/kit/wording.js';
import { reminderRef, type Decision, type Refusal, type Reminder } from '../store/reminders.js';
import type { ReminderCommandDeps } from './reminder-deps.js';
import { reply, type CommandOutcome } from './subcommand.js';

/** Applies a decision to a reminder; on success the notice it answered shows who acted, after the ack. */
export function decideReminder(
  deps: ReminderCommandDeps,
  reminderId: number,
  decision: Decision,
  now: number,
): CommandOutcome {
  const ref = reminderRef(reminderId);
  const result = deps.reminders.decide(reminderId, decision, now);
  if (!result.ok) {
    return result.reason === 'not_found'
      ? reply(`There is no reminder ${ref}. \`/hca reminders\` lists them.`, 'refused: no such reminder')
      : refuse(result.reason, result.reminder, deps);
  }
  const { before, reminder } = result;
  return reply(doneText(reminder, deps, deps.userZones.cached(decision.userId)?.zone), `${decision.action} ${ref}`, {
    afterAck: async () => {
      deps.reminderPresenter.changed();
      await deps.reminderPresenter.showDecision(before, reminder).catch((error: unknown) => {
        deps.logger.warn('could not show a reminder decision', { reminder: ref, error: errorMessage(error) });
      });
    },
  });
}

/** The answer to a decision that cannot be made: someone acted first, the notice is old, or the reminder is closed. */
export function refuse(refusal: Refusal, reminder: Reminder, deps: ReminderCommandDeps): CommandOutcome {
  switch (refusal) {
    case 'handled':
      return reply(alreadyHandled(reminder), 'refused: already handled');
    case 'stale':
      return reply(
        `This notice of ${reminder.ref} is out of date: the reminder has changed since (${describe(reminder, deps)}). \`/hca reminders all\` shows it.`,
        'refused: stale notice',
      );
    case 'closed':
      return reply(`${reminder.ref} is already ${describe(reminder, deps)}.`, 'refused: closed');
  }
}

function describe(reminder: Reminder, deps: ReminderCommandDeps): string {
  if (reminder.status === 'done' || reminder.status === 'cancelled') return handledText(reminder);
  const release = `release ${releaseText(reminder, deps.reminderSettings)}`;
  const next = nextNoticeAt(reminder);
  if (next === null) return `${release}, sent, awaiting a decision`;
  return `${release}, next reminder ${whenText(next, deps.reminderSettings)}`;
}

function alreadyHandled(reminder: Reminder): string {
  const how = reminder.handledAction ? actionText(reminder.handledAction) : 'handled';
  const when = reminder.handledAt ? ` ${slackDate(reminder.handledAt)}` : '';
  return `Already handled by <@${reminder.handledBy}>: ${reminder.ref} was ${how}${when}.`;
}

function doneText(reminder: Reminder, deps: ReminderCommandDeps, readerZone: string | undefined): string {
  const settings = deps.reminderSettings;
  const next = nextNoticeAt(reminder);
  const nextText = next !== null ? `the next reminder comes ${whenText(next, settings, readerZone)}` : '';
  switch (reminder.handledAction) {
    case 'snoozed':
      return `${reminder.ref} snoozed: ${nextText}. The release date stays ${releaseText(reminder, settings)}; only *Move date…* or \`/hca reminders move\` change it.`;
    case 'moved':
      return [
        `${reminder.ref} moved to ${releaseText(reminder, settings)}: ${nextText}.`,
        ...warningLine(reminder.releaseDate),
      ].join('\n');
    default:
      return `${reminder.ref} ${reminder.handledAction ? actionText(reminder.handledAction) : 'changed'}.`;
  }
}
