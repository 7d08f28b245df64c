import type { ReminderSettings } from './calendar.js';
import { formatInstant, formatLocalDate, fromIsoDate } from './zone.js';
import type { Reminder, ReminderAction } from '../../store/reminders.js';
import { escapeMrkdwn } from '../kit/blocks.js';

/** A notice posted this much after its moment says how late it is. */
export const LATE_AFTER_MS = 5 * 60_000;

/** An instant in the team's zone, and in the reader's own when that differs. */
export function whenText(instant: number, settings: ReminderSettings, readerZone?: string): string {
  const team = formatInstant(instant, settings.timeZone);
  if (!readerZone || readerZone === settings.timeZone) return team;
  return `${team} (${formatInstant(instant, readerZone)} for you)`;
}

export function lateText(lateMs: number): string {
  const hours = Math.round(lateMs / 3_600_000);
  if (hours >= 1) return `late by ${hours} hour${hours === 1 ? '' : 's'}`;
  const minutes = Math.max(1, Math.round(lateMs / 60_000));
  return `late by ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

const STATUS_TEXT: Record<Reminder['status'], string> = {
  scheduled: 'scheduled',
  sent: 'sent, awaiting a decision',
  done: 'released',
  cancelled: 'cancelled',
};

const ACTION_TEXT: Record<ReminderAction, string> = {
  released: 'marked released',
  snoozed: 'snoozed',
  moved: 'moved',
  cancelled: 'cancelled',
  replaced: 'replaced',
};

export function actionText(action: ReminderAction): string {
  return ACTION_TEXT[action];
}

/** Who acted on the reminder last, e.g. `snoozed by <@U1>`. */
export function handledText(reminder: Reminder): string {
  return reminder.handledBy && reminder.handledAction
    ? `${ACTION_TEXT[reminder.handledAction]} by <@${reminder.handledBy}>`
    : 'handled';
}

function clipNote(note: string, limit: number): string {
  return note.length <= limit ? note : `${note.slice(0, limit - 1)}…`;
}

/** The body of a reminder's line: id, project, when, details, who set it where, and the note. */
export function reminderLineText(reminder: Reminder, when: string, detail: string): string {
  const note = reminder.note ? ` — ${escapeMrkdwn(clipNote(reminder.note, 120))}` : '';
  return `*${reminder.ref}* \`${reminder.projectUuid}\` — ${when}${detail ? ` · ${detail}` : ''} · set by <@${reminder.creator}> in <#${reminder.channelId}>${note}`;
}

/** One line per reminder for lists and the App Home. */
export function reminderLine(
  reminder: Reminder,
  settings: ReminderSettings,
  options: { readerZone?: string; withStatus?: boolean } = {},
): string {
  const when =
    reminder.dateDueAt === null
      ? formatLocalDate(fromIsoDate(reminder.releaseDate))
      : whenText(reminder.dateDueAt, settings, options.readerZone);
  const closed = reminder.status === 'done' || reminder.status === 'cancelled';
  const detail = [
    reminder.advanceDueAt !== null ? `advance notice ${formatInstant(reminder.advanceDueAt, settings.timeZone)}` : '',
    options.withStatus ? `${STATUS_TEXT[reminder.status]}${closed ? ` (${handledText(reminder)})` : ''}` : '',
  ].filter((part) => part.length > 0);
  return `• ${reminderLineText(reminder, when, detail.join(' · '))}`;
}

/** What the person who set (or replaced) a reminder is told. */
export function confirmationText(reminder: Reminder, settings: ReminderSettings, readerZone?: string): string {
  const due = reminder.dateDueAt as number;
  const advance =
    reminder.advanceDueAt !== null
      ? `An advance notice comes ${whenText(reminder.advanceDueAt, settings, readerZone)}.`
      : 'There is no advance notice (its moment has passed or none is configured).';
  return [
    `Reminder *${reminder.ref}* set for project \`${reminder.projectUuid}\`: ${whenText(due, settings, readerZone)}.`,
    advance,
    `I will post in <#${reminder.channelId}> and send <@${reminder.creator}> a direct message. \`/hca reminders\` lists reminders.`,
  ].join('\n');
}

/** The in-channel note that a reminder was set, so the team knows. */
export function announcementText(reminder: Reminder, settings: ReminderSettings): string {
  const note = reminder.note ? ` — ${escapeMrkdwn(clipNote(reminder.note, 300))}` : '';
  return `:calendar: <@${reminder.creator}> set reminder *${reminder.ref}* for the release of project \`${reminder.projectUuid}\`: ${formatInstant(reminder.dateDueAt as number, settings.timeZone)}${note}`;
}
