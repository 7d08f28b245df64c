import { projectRef } from '../portal/messages.js';
import { releaseMoment, type ReminderSettings } from './calendar.js';
import { releaseDateWarning } from './holidays.js';
import { formatInstant, formatLocalDate, fromIsoDate, isoDate, localDateIn } from './zone.js';
import type { Reminder, ReminderAction } from '../../store/reminders.js';
import { escapeMrkdwn } from '../kit/blocks.js';
import { duration, slackDate } from '../kit/wording.js';

/** A notice posted this much after its moment says how late it is. */
export const LATE_AFTER_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/** An instant in the team's zone, and in the reader's own when that differs. */
export function whenText(instant: number, settings: ReminderSettings, readerZone?: string): string {
  const team = formatInstant(instant, settings.timeZone);
  if (!readerZone || readerZone === settings.timeZone) return team;
  return `${team} (${formatInstant(instant, readerZone)} for you)`;
}

/** `late by 40 min`, `late by 5 h`, `late by 9 days` (whole days gone by, as a date's "9 days ago" counts them). */
export function lateText(lateMs: number): string {
  const days = Math.floor(lateMs / DAY_MS);
  return `late by ${days >= 2 ? `${days} days` : duration(lateMs)}`;
}

/** The agreed release date at the team's hour, written out: `Wednesday 10 March 2027, 09:00 Europe/London`. */
export function releaseText(reminder: Pick<Reminder, 'releaseDate'>, settings: ReminderSettings): string {
  return formatInstant(releaseMoment(reminder.releaseDate, settings), settings.timeZone);
}

/** The next notice still to come, if any: the advance notice or the release-day one (or its repeat). */
export function nextNoticeAt(reminder: Pick<Reminder, 'advanceDueAt' | 'dateDueAt'>): number | null {
  const pending = [reminder.advanceDueAt, reminder.dateDueAt].filter((t): t is number => t !== null);
  return pending.length > 0 ? Math.min(...pending) : null;
}

/** `:warning: Saturday 1 May 2027 is a weekend day; …` for a line of its own, or nothing. */
export function warningLine(releaseDate: string): string[] {
  const warning = releaseDateWarning(releaseDate);
  return warning ? [`:warning: ${warning}`] : [];
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
  return `*${reminder.ref}* ${projectRef(reminder.projectUuid, reminder.projectShortName)} — ${when}${detail ? ` · ${detail}` : ''} · set by <@${reminder.creator}> in <#${reminder.channelId}>${note}`;
}

/** One line per reminder for lists and the App Home. */
export function reminderLine(
  reminder: Reminder,
  settings: ReminderSettings,
  options: { readerZone?: string; withStatus?: boolean } = {},
): string {
  const releaseDayAhead =
    reminder.dateDueAt !== null && isoDate(localDateIn(reminder.dateDueAt, settings.timeZone)) === reminder.releaseDate;
  const when = releaseDayAhead
    ? whenText(releaseMoment(reminder.releaseDate, settings), settings, options.readerZone)
    : formatLocalDate(fromIsoDate(reminder.releaseDate));
  const closed = reminder.status === 'done' || reminder.status === 'cancelled';
  const detail = [
    reminder.advanceDueAt !== null ? `advance notice ${formatInstant(reminder.advanceDueAt, settings.timeZone)}` : '',
    reminder.dateDueAt !== null && !releaseDayAhead
      ? `reminding again ${formatInstant(reminder.dateDueAt, settings.timeZone)}`
      : '',
    options.withStatus ? `${STATUS_TEXT[reminder.status]}${closed ? ` (${handledText(reminder)})` : ''}` : '',
  ].filter((part) => part.length > 0);
  return `• ${reminderLineText(reminder, when, detail.join(' · '))}`;
}

/** What the person who set (or replaced) a reminder is told. */
export function confirmationText(reminder: Reminder, settings: ReminderSettings, readerZone?: string): string {
  const due = releaseMoment(reminder.releaseDate, settings);
  const advance =
    reminder.advanceDueAt !== null
      ? `An advance notice comes ${whenText(reminder.advanceDueAt, settings, readerZone)}.`
      : 'There is no advance notice (its moment has passed or none is configured).';
  return [
    `Reminder *${reminder.ref}* set for project \`${reminder.projectUuid}\`: ${whenText(due, settings, readerZone)}.`,
    advance,
    ...warningLine(reminder.releaseDate),
    `I will post in <#${reminder.channelId}> and send <@${reminder.creator}> a direct message. \`/hca reminders\` lists reminders.`,
  ].join('\n');
}

/**
 * The in-channel note that a reminder was set, so the team knows; once someone moved, cancelled, replaced or released
 * it, a second line says who did what.
 */
export function announcementText(reminder: Reminder, settings: ReminderSettings, before?: Reminder): string {
  const note = reminder.note ? ` — ${escapeMrkdwn(clipNote(reminder.note, 300))}` : '';
  const set = `:calendar: <@${reminder.creator}> set reminder *${reminder.ref}* for the release of project \`${reminder.projectUuid}\`: ${releaseText(reminder, settings)}${note}`;
  return before ? `${set}\n${decisionLine(before, reminder, settings)}` : set;
}

/** Who did what to a reminder, and what follows: shown on the notice they answered and on the announcement. */
export function decisionLine(before: Reminder, after: Reminder, settings: ReminderSettings): string {
  const who = `<@${after.handledBy}>`;
  const when = after.handledAt ? ` ${slackDate(after.handledAt)}` : '';
  const next = nextNoticeAt(after);
  const nextText = next !== null ? `the next reminder comes ${formatInstant(next, settings.timeZone)}` : '';
  switch (after.handledAction) {
    case 'released':
      return `:white_check_mark: Marked released by ${who}${when}.`;
    case 'snoozed':
      return `:zzz: Snoozed by ${who}${when}: ${nextText}. The release date stays ${formatLocalDate(fromIsoDate(after.releaseDate))}.`;
    case 'moved':
      return `:date: Release date moved by ${who}${when} from ${formatLocalDate(fromIsoDate(before.releaseDate))} to ${releaseText(after, settings)}.`;
    case 'replaced':
      return `:repeat: Replaced by ${who}${when} with a new reminder.`;
    default:
      return `:no_entry_sign: Cancelled by ${who}${when}; no more notices.`;
  }
}

/** What the channel is told when the agreed release date moves. */
export function movedText(before: Reminder, after: Reminder, settings: ReminderSettings): string {
  return [
    `:date: <@${after.handledBy}> moved the release date of *${after.ref}* (project \`${after.projectUuid}\`) from ${formatLocalDate(fromIsoDate(before.releaseDate))} to ${releaseText(after, settings)}.`,
    ...warningLine(after.releaseDate),
  ].join('\n');
}
