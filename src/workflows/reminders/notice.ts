import type { ReminderSettings } from './calendar.js';
import { formatInstant } from './zone.js';
import { fireKeyOf, parseFireKey, type FiringKind, type Reminder } from '../../store/reminders.js';
import { LATE_AFTER_MS, lateText, reminderLineText } from './text.js';
import { actions, context, escapeMrkdwn, lineSections, message, plainText, section } from '../kit/blocks.js';
import { slackDate } from '../kit/wording.js';
import type { Block, ThreadMessage } from '../../integrations/slack.js';

export const RELEASED_ACTION = 'reminder_released';
export const SNOOZE_ACTION = 'reminder_snooze';
export const MOVE_ACTION = 'reminder_move';

const BACKOFFICE_URL = 'https://contribute.data.humancellatlas.org/';
const RELEASE_FORM_URL =
  'https://docs.google.com/forms/d/e/1FAIpQLSeokUTa-aVXGDdSNODEYetxezasFKp2oVLz65775lgk5t0D2w/viewform?gxids=7628';
const DIGEST_LINES = 40;

export function portalUrl(projectUuid: string): string {
  return `https://data.humancellatlas.org/explore/projects/${projectUuid}`;
}

/** One notice of a reminder: the advance notice or the release-date one, as it was (or is being) posted. */
export interface Notice {
  /** The reminder as it was when the notice fired. */
  reminder: Reminder;
  kind: FiringKind;
  dueAt: number;
  postedAt: number;
  /** Posted again after a crash: people may see it twice. */
  recovered: boolean;
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
  return { reminder, ...parseFireKey(fireKey), postedAt: reminder.firedAt ?? 0, recovered: false };
}

function releaseInstant(notice: Notice): number {
  return notice.kind === 'date' ? notice.dueAt : (notice.reminder.dateDueAt ?? notice.dueAt);
}

function headline(notice: Notice): string {
  const { reminder } = notice;
  if (notice.kind === 'date') return `:bell: *Release day for project \`${reminder.projectUuid}\`* (${reminder.ref})`;
  const days = Math.round((releaseInstant(notice) - notice.dueAt) / 86_400_000);
  return `:calendar: *Project \`${reminder.projectUuid}\` is due for release in ${days} day${days === 1 ? '' : 's'}* (${reminder.ref})`;
}

function nextSteps(projectUuid: string): string {
  return [
    '*Next steps (managed-access SOP):*',
    `1. Export the project: *Export* on the project in the <${BACKOFFICE_URL}|ingest backoffice>, then *Export files and metadata*.`,
    `2. When the export is complete, fill in the <${RELEASE_FORM_URL}|data release import form>.`,
    `3. Once it is live, check the portal: ${portalUrl(projectUuid)}`,
  ].join('\n');
}

function decisionLine(after: Reminder, settings: ReminderSettings): string {
  const who = `<@${after.handledBy}>`;
  const when = after.handledAt ? ` ${slackDate(after.handledAt)}` : '';
  const next = after.dateDueAt !== null ? formatInstant(after.dateDueAt, settings.timeZone) : '';
  switch (after.handledAction) {
    case 'released':
      return `:white_check_mark: Marked released by ${who}${when}.`;
    case 'snoozed':
      return `:zzz: Snoozed by ${who}${when}: the next reminder comes ${next}.`;
    case 'moved':
      return `:date: Moved by ${who}${when} to ${next}.`;
    default:
      return `:no_entry_sign: Cancelled by ${who}${when}.`;
  }
}

/** A notice with its buttons, or, once someone acted on it, with who did what in their place. */
export function renderNotice(notice: Notice, settings: ReminderSettings, decided?: Reminder): ThreadMessage {
  const { reminder } = notice;
  const release = formatInstant(releaseInstant(notice), settings.timeZone);
  const details = [
    headline(notice),
    `Release: ${release}`,
    ...(reminder.note ? [`Note: ${escapeMrkdwn(reminder.note)}`] : []),
    `Set by <@${reminder.creator}> ${slackDate(reminder.createdAt)} in <#${reminder.channelId}>`,
  ];
  const remarks = [
    ...(notice.postedAt - notice.dueAt > LATE_AFTER_MS
      ? [
          `:warning: This notice is ${lateText(notice.postedAt - notice.dueAt)}: the bot was not running when it came due.`,
        ]
      : []),
    ...(notice.recovered ? ['The bot restarted while posting this notice; you may see it twice.'] : []),
  ];
  const value = noticeValue(reminder.id, fireKeyOf(notice.kind, notice.dueAt));
  const blocks: Block[] = [
    section(details.join('\n')),
    section(nextSteps(reminder.projectUuid)),
    ...(remarks.length > 0 ? [context(...remarks)] : []),
    decided
      ? context(decisionLine(decided, settings))
      : actions(`reminder-${value}`, [
          { actionId: RELEASED_ACTION, text: 'Released', value, style: 'primary' },
          { actionId: SNOOZE_ACTION, text: 'Snooze 1 week', value },
          { actionId: MOVE_ACTION, text: 'Move date…', value },
        ]),
  ];
  const text =
    notice.kind === 'date'
      ? `Release day for project ${reminder.projectUuid} (${reminder.ref})`
      : `Project ${reminder.projectUuid} is due for release on ${release} (${reminder.ref})`;
  return message(text, blocks);
}

export interface Digest {
  message: ThreadMessage;
  /** Every entry, when there are more than fit in the message. */
  file?: { filename: string; title: string; content: string };
}

/** Many notices due at once for one place: one message of at most 40 lines, the full list in a file. */
export function renderDigest(notices: readonly Notice[], settings: ReminderSettings): Digest {
  const entry = (notice: Notice) => {
    const late = notice.postedAt - notice.dueAt > LATE_AFTER_MS ? ` · ${lateText(notice.postedAt - notice.dueAt)}` : '';
    const kind = notice.kind === 'date' ? 'release day' : 'advance notice';
    return reminderLineText(
      notice.reminder,
      formatInstant(releaseInstant(notice), settings.timeZone),
      `${kind}${late}`,
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
      `For each release: export with *Export files and metadata*, fill in the <${RELEASE_FORM_URL}|data release import form>, then check ${portalUrl('<project-uuid>')}.`,
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
