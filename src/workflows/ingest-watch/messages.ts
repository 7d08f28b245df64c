import type { ThreadMessage } from '../../integrations/slack.js';
import { actions, context, escapeMrkdwn, fallbackText, lineSections, message } from '../kit/blocks.js';
import { duration, slackDate } from '../kit/wording.js';
import { stuckText } from '../export/messages.js';
import { runbookAdvice, type ExportVerdict } from '../export/verdict.js';
import { projectLabel, type ProjectNames } from '../portal/messages.js';

/** The *Start archiving* button on a ready-for-archiving notice; its value is the notice key. */
export const START_ARCHIVING_ACTION = 'ingest_watch_start_archiving';

export interface ReadyNotice {
  env: string;
  submissionUuid: string;
  project: ProjectNames | null;
  firstSeenAt: number;
  now: number;
}

function readyLines(notice: ReadyNotice): string[] {
  const label = projectLabel(notice.project) || '_project not known to ingest yet_';
  return [
    `:inbox_tray: *Ready for archiving* (${notice.env}): ${label}`,
    notice.now - notice.firstSeenAt < 60_000
      ? `Submission \`${notice.submissionUuid}\` has just reached Archiving (first seen ${slackDate(notice.firstSeenAt)}).`
      : `Submission \`${notice.submissionUuid}\` has been in Archiving for at least ${duration(notice.now - notice.firstSeenAt)} (first seen ${slackDate(notice.firstSeenAt)}).`,
  ];
}

/** The SOP's "poke your #hca-operations buddies": a submission reached Archiving; operators can start archiving. */
export function readyForArchivingMessage(notice: ReadyNotice, key: string): ThreadMessage {
  const lines = readyLines(notice);
  return message(fallbackText(lines.join(' ')), [
    ...lineSections(lines),
    actions(`ingest-watch-${key}`, [
      { actionId: START_ARCHIVING_ACTION, text: `Start archiving (${notice.env})`, value: key, style: 'primary' },
    ]),
    context('Operators only. It starts the same run as `/hca archive`; a run already going for it is shown instead.'),
  ]);
}

/** Names listed in the first interval's summary; the rest are counted. */
export const ALREADY_ARCHIVING_LISTED = 10;

/**
 * The first interval's one message about the submissions already in Archiving when the watcher started watching an
 * environment: a notice each would flood the channel, and none of them has just arrived.
 */
export function alreadyArchivingMessage(env: string, waiting: readonly ReadyNotice[]): ThreadMessage {
  const listed = waiting.slice(0, ALREADY_ARCHIVING_LISTED).map((notice) => {
    const label = projectLabel(notice.project);
    return `• \`${notice.submissionUuid}\`${label ? ` · ${label}` : ''}`;
  });
  const more = waiting.length - listed.length;
  const lines = [
    `:inbox_tray: *Already in Archiving* (${env}): ${waiting.length} submissions were in Archiving when the watcher started watching ${env}.`,
    ...listed,
    ...(more > 0 ? [`… and ${more} more (ingest's submissions list, filtered to Archiving, shows them all).`] : []),
    `\`/hca archive <submission-uuid> ${env}\` archives one. From now on, each submission that reaches Archiving gets a notice of its own, with a button.`,
  ];
  return message(fallbackText(lines[0]!), lineSections(lines));
}

/** The notice once its submission left Archiving: the button gives way to when that was seen. */
export function leftArchivingMessage(notice: ReadyNotice, leftAt: number): ThreadMessage {
  const lines = readyLines(notice);
  return message(fallbackText(lines.join(' ')), [
    ...lineSections(lines),
    context(`:arrow_right: No longer in Archiving (seen ${slackDate(leftAt)}).`),
  ]);
}

/** A click on a notice whose submission is no longer in Archiving: nothing is started. */
export function leftArchivingText(submissionUuid: string, env: string, leftAt: number): string {
  return `Submission \`${submissionUuid}\` (${env}) is no longer in Archiving (seen ${slackDate(leftAt)}), so nothing was started. \`/hca status ${submissionUuid}\` shows where it is.`;
}

export interface StuckNotice {
  env: string;
  submissionUuid: string;
  project: ProjectNames | null;
  verdict: Extract<ExportVerdict, { kind: 'stuck' }>;
}

/** A submission in Exporting whose latest export job looks stuck, with what the runbook suggests. */
export function stuckExportMessage(notice: StuckNotice): ThreadMessage {
  const label = projectLabel(notice.project);
  const lines = [
    `:rotating_light: Submission \`${notice.submissionUuid}\` (${notice.env})${label ? ` · ${label}` : ''}`,
    stuckText(notice.verdict),
    ...runbookAdvice(notice.verdict).map((a) => `• ${a}`),
    `Details: \`/hca export ${notice.submissionUuid} ${notice.env}\``,
  ];
  return message(fallbackText(lines.slice(0, 2).join(' ')), lineSections(lines));
}

/** Said once per refusal: the watcher keeps trying quietly. */
export function tokenRefusedMessage(env: string, reason: string): ThreadMessage {
  const lines = [
    `:closed_lock_with_key: The ingest token was refused on ${env}: the ingest token expired or lacks authority.`,
    escapeMrkdwn(reason),
    'The watcher keeps checking each interval and says nothing more until the token works again.',
  ];
  return message(lines[0]!, lineSections(lines));
}

/** Said once when ingest has failed for several intervals in a row: no notice can come while it does. */
export function ingestDownMessage(env: string, forMs: number, fault: string): ThreadMessage {
  return {
    text:
      `:warning: The ingest API on ${env} has failed for ${duration(forMs)} (${escapeMrkdwn(fault)}), so the watcher ` +
      'cannot see submissions reaching Archiving. It keeps trying each interval and says when ingest answers again.',
  };
}

export function ingestBackMessage(env: string): ThreadMessage {
  return { text: `:white_check_mark: The ingest API on ${env} answers again; the watcher is back.` };
}

export function tokenWorksAgainMessage(env: string): ThreadMessage {
  return { text: `:unlock: The ingest token works again on ${env}; the watcher is back.` };
}
