import { z } from 'zod';
import { ChannelAccessError, errorMessage } from '../errors.js';
import { confirmationText, releaseText, whenText } from '../workflows/reminders/text.js';
import { actions, message, section } from '../workflows/kit/blocks.js';
import type { FiringPlan } from '../workflows/reminders/calendar.js';
import type { Reminder } from '../store/reminders.js';
import type { ReminderCommandDeps } from './reminder-deps.js';
import { reply, type CommandOutcome } from './subcommand.js';

export const REPLACE_ACTION = 'reminder_replace';
export const KEEP_ACTION = 'reminder_keep';

/** What a "Replace" button carries: the reminder to close and the one to store instead. */
export const ReplaceRequest = z.object({
  existingId: z.number().int().positive(),
  projectUuid: z.string(),
  releaseDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  note: z.string(),
  channelId: z.string(),
});
export type ReplaceRequest = z.infer<typeof ReplaceRequest>;

/** Confirms a stored reminder; after the ack the channel is told, or, if the bot may not post there, it is taken back. */
export function confirmCreated(
  deps: ReminderCommandDeps,
  reminder: Reminder,
  invocation: { userId: string; responseUrl?: string },
  outcome: string,
  replaced?: Reminder,
): CommandOutcome {
  const zone = deps.userZones.cached(invocation.userId)?.zone;
  return reply(confirmationText(reminder, deps.reminderSettings, zone), outcome, {
    afterAck: async () => {
      const closed = replaced && deps.reminders.get(replaced.id);
      if (replaced && closed && closed.handledAction === 'replaced') {
        await deps.reminderPresenter.showDecision(replaced, closed);
      }
      try {
        await deps.reminderPresenter.announce(reminder);
      } catch (error) {
        if (error instanceof ChannelAccessError) {
          deps.reminders.decide(reminder.id, { action: 'cancelled', userId: invocation.userId }, deps.clock.now());
          if (invocation.responseUrl) {
            await deps.reminderPresenter.tell(
              invocation.responseUrl,
              `${error.message} Reminder ${reminder.ref} was not kept.`,
            );
          }
        } else {
          deps.logger.warn('could not announce a reminder', { reminder: reminder.ref, error: errorMessage(error) });
        }
      }
      deps.reminderPresenter.changed();
    },
  });
}

/** A project has one active reminder: asks whether the new one should replace it, with buttons. */
export function askToReplace(
  deps: ReminderCommandDeps,
  existing: Reminder,
  request: { projectUuid: string; note: string; channelId: string; plan: FiringPlan },
): CommandOutcome {
  const settings = deps.reminderSettings;
  const text = `Project \`${existing.projectUuid}\` already has reminder *${existing.ref}* (release ${releaseText(existing, settings)}, set by <@${existing.creator}> in <#${existing.channelId}>). Replace it with one for ${whenText(request.plan.dateDueAt, settings)}?`;
  const value: ReplaceRequest = {
    existingId: existing.id,
    projectUuid: request.projectUuid,
    releaseDate: request.plan.releaseDate,
    note: request.note,
    channelId: request.channelId,
  };
  return {
    reply: message(text, [
      section(text),
      actions(`reminder-replace-${existing.id}`, [
        { actionId: REPLACE_ACTION, text: `Replace ${existing.ref}`, value: JSON.stringify(value), style: 'primary' },
        { actionId: KEEP_ACTION, text: `Keep ${existing.ref}`, value: String(existing.id) },
      ]),
    ]),
    outcome: `asked: replace ${existing.ref}`,
  };
}
