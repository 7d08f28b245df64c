import type { ReminderSettings } from './calendar.js';
import { formatInstant } from './zone.js';
import type { Reminder } from '../../store/reminders.js';
import { section } from '../kit/blocks.js';

export const MOVE_MODAL = 'reminder_move_modal';
export const DATE_BLOCK = 'date';
export const DATE_ACTION = 'date';

export interface MoveModalMetadata {
  reminderId: number;
  fireKey: string;
}

/** "Move date…": a date picker for a reminder's new release date. */
export function moveModal(
  reminder: Reminder,
  metadata: MoveModalMetadata,
  initialDate: string,
  settings: ReminderSettings,
): Record<string, unknown> {
  const now = reminder.dateDueAt !== null ? `now ${formatInstant(reminder.dateDueAt, settings.timeZone)}` : 'due';
  return {
    type: 'modal',
    callback_id: MOVE_MODAL,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: `Move reminder ${reminder.ref}`.slice(0, 24) },
    submit: { type: 'plain_text', text: 'Move' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(`Project \`${reminder.projectUuid}\`, ${now}.`),
      {
        type: 'input',
        block_id: DATE_BLOCK,
        label: { type: 'plain_text', text: 'New release date' },
        hint: {
          type: 'plain_text',
          text: `The reminder fires at ${String(settings.hour).padStart(2, '0')}:00 ${settings.timeZone} on that day.`,
        },
        element: { type: 'datepicker', action_id: DATE_ACTION, initial_date: initialDate },
      },
    ],
  };
}

export function parseMoveMetadata(text: string): MoveModalMetadata | undefined {
  try {
    const value = JSON.parse(text) as Partial<MoveModalMetadata>;
    return typeof value.reminderId === 'number' && typeof value.fireKey === 'string'
      ? { reminderId: value.reminderId, fireKey: value.fireKey }
      : undefined;
  } catch {
    return undefined;
  }
}
