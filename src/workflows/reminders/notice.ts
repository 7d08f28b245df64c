import type { ReminderSettings } from './calendar.js';
import { daysBetween, formatInstant, fromIsoDate, localDateIn } from './zone.js';
import { fireKeyOf, parseFireKey, type FiringKind, type Reminder } from '../../store/reminders.js';
import { LATE_AFTER_MS, decisionLine, lateText, releaseText, reminderLineText } from './text.js';
import { actions, context, escapeMrkdwn, lineSections, message, plainText, section } from '../kit/blocks.js';
import { slackDate } from '../kit/wording.js';
import { portalLink, projectRef } from '../portal/messages.js';
import type { Block, ThreadMessage } from '../../integrations/slack.js';

export const RELEASED_ACTION = 'reminder_released';
export const SNOOZE_ACTION = 'reminder_snooze';
export const MOVE_ACTION = 'reminder_move';

const BACKOFFICE_URL = 'https://contribute.data.humancellatlas.org/';
const DIGEST_LINES = 40;

/** One notice of a reminder: the advance notice or the release-date one, as it was (or is being) posted. */
export interface Notice {
  /** The reminder as it was when the notice fired. */
  reminder: Reminder;
  kind: FiringKind;
  dueAt: number;
  postedAt: number;
  /** Posted again after a crash: people may see it twice. */
  recovered: boolean;
  /** A release-day notice standing for a missed advance notice too: when that one was due. */
  foldedAdvanceAt: number | null;
}

/** A button's value: which reminder and which notice of it. */
export function noticeValue(reminderId: number, fireKey: string): string {
  return `${reminderId}:${fireKey}`;
}

export function parseNoticeValue(value: string): { reminderId: number; fireKey: string } | undefined {
  const match = /^(\d+):([ad]\d+)$/.exec(value);
  return match ? { reminderId: Number(match[1]), fireKey: match[2]! } : undefined;
}

/** The notice a fire key names, rebuilt from the reminder as it was before a decision (to show the decision on it). */
export function noticeOf(reminder: Reminder, fireKey: string): Notice {
  return {
    reminder,
    ...parseFireKey(fireKey),
    postedAt: reminder.firedAt ?? 0,
    recovered: false,
    foldedAdvanceAt: null,
  };
}

/** How the release date stands when the notice is posted: `days` ahead (negative once passed), and in words. */
function timing(notice: Notice, settings: ReminderSettings): { days: number; relative: string; phrase: string } {
  const today = localDateIn(notice.postedAt, settings.timeZone);
  const days = daysBetween(today, fromIsoDate(notice.reminder.releaseDate));
  if (days === 0) return { days, relative: 'today', phrase: 'release day' };
  if (days > 0) {
    const relative = days === 1 ? 'tomorrow' : `in ${days} days`;
    return { days, relative, phrase: `due for release ${relative}` };
  }
  const relative = days === -1 ? 'yesterday' : `${-days} days ago`;
  return { days, relative, phrase: `release date passed ${relative}` };
}

function headline(notice: Notice, settings: ReminderSettings): { mrkdwn: string; text: string } {
  const { reminder } = notice;
  const { days, relative, phrase } = timing(notice, settings);
  const project = `project ${projectRef(reminder.projectUuid, reminder.projectShortName)}`;
  if (days > 0) {
    return {
      mrkdwn: `:calendar: *${capitalised(phrase)}:* ${project} (${reminder.ref})`,
      text: `Project ${reminder.projectUuid} is ${phrase}, on ${releaseText(reminder, settings)} (${reminder.ref})`,
    };
  }
  if (days === 0) {
    return {
      mrkdwn: `:bell: *Release day:* ${project} (${reminder.ref})`,
      text: `Release day for project ${reminder.projectUuid} (${reminder.ref})`,
    };
  }
  return {
    mrkdwn: `:bell: *${capitalised(phrase)}:* ${project}, not marked released yet (${reminder.ref})`,
    text: `The release date of project ${reminder.projectUuid} passed ${relative} (${reminder.ref})`,
  };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function nextSteps(projectUuid: string, settings: ReminderSettings): string {
  return [
    '*Next steps (managed-access SOP):*',
    `1. Export the project: *Export* on the project in the <${BACKOFFICE_URL}|ingest backoffice>, then *Export files and metadata*.`,
    `2. When the export is complete, fill in the <${settings.releaseFormUrl}|data release import form>.`,
    `3. Once it is live, check the portal: ${portalLink(settings.portalUrl, projectUuid)} (\`/hca portal ${projectUuid} --watch\` watches it for you).`,
  ].join('\n');
}

function isLate(notice: Notice): boolean {
  return notice.postedAt - notice.dueAt > LATE_AFTER_MS;
}

/** A notice with its buttons, or, once someone acted on it, with who did what in their place. */
export function renderNotice(
  notice: Notice,
  settings: ReminderSettings,
  decided?: { before: Reminder; after: Reminder },
): ThreadMessage {
  const { reminder } = notice;
  const title = headline(notice, settings);
  const details = [
    title.mrkdwn,
    `Release: ${releaseText(reminder, settings)}`,
    ...(reminder.note ? [`Note: ${escapeMrkdwn(reminder.note)}`] : []),
    `Set by <@${reminder.creator}> ${slackDate(reminder.createdAt)} in <#${reminder.channelId}>`,
  ];
  const remarks = [
    ...(isLate(notice)
      ? [
          `:warning: This notice is ${lateText(notice.postedAt - notice.dueAt)}: the bot was not running when it came due.`,
        ]
      : []),
    ...(notice.foldedAdvanceAt !== null
      ? [
          `It stands for the advance notice of ${formatInstant(notice.foldedAdvanceAt, settings.timeZone)} too, which the bot missed.`,
        ]
      : []),
    ...(notice.recovered ? ['The bot restarted while posting this notice; you may see it twice.'] : []),
  ];
  const value = noticeValue(reminder.id, fireKeyOf(notice.kind, notice.dueAt));
  const blocks: Block[] = [
    section(details.join('\n')),
    section(nextSteps(reminder.projectUuid, settings)),
    ...(remarks.length > 0 ? [context(...remarks)] : []),
    decided
      ? context(decisionLine(decided.before, decided.after, settings))
      : actions(`reminder-${value}`, [
          { actionId: RELEASED_ACTION, text: 'Released', value, style: 'primary' },
          { actionId: SNOOZE_ACTION, text: 'Snooze 1 week', value },
          { actionId: MOVE_ACTION, text: 'Move date…', value },
        ]),
  ];
  return message(title.text, blocks);
}

export interface Digest {
  message: ThreadMessage;
  /** Every entry, when there are more than fit in the message. */
  file?: { filename: string; title: string; content: string };
}

/** Many notices due at once for one place: one message of at most 40 lines, the full list in a file. */
export function renderDigest(notices: readonly Notice[], settings: ReminderSettings): Digest {
  const entry = (notice: Notice) => {
    const late = isLate(notice) ? ` · ${lateText(notice.postedAt - notice.dueAt)}` : '';
    return reminderLineText(
      notice.reminder,
      releaseText(notice.reminder, settings),
      `${timing(notice, settings).phrase}${late}`,
    );
  };
  const lines = notices.map((n) => `• ${entry(n)}`);
  const shown = lines.slice(0, DIGEST_LINES);
  const more = lines.length - shown.length;
  const blocks: Block[] = [
    section(`:bell: *${notices.length} reminder notices are due at once.*`),
    ...lineSections(shown),
    ...(more > 0 ? [section(`…and ${more} more: the attached file lists all ${notices.length}.`)] : []),
    context(
      'Act on them with `/hca reminders move <id> <date>` or `/hca reminders cancel <id>`; `/hca reminders all` lists them.',
      `For each release: export with *Export files and metadata*, fill in the <${settings.releaseFormUrl}|data release import form>, then check ${portalLink(settings.portalUrl, '<project-uuid>')}.`,
    ),
  ];
  const digest = message(`${notices.length} reminder notices are due at once.`, blocks);
  if (more === 0) return { message: digest };
  const content = notices.map((n) => plainText(entry(n))).join('\n');
  return {
    message: digest,
    file: { filename: 'reminder-notices.txt', title: `${notices.length} reminder notices`, content: `${content}\n` },
  };
}
