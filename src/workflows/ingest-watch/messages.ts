import { escapeMrkdwn } from '../kit/blocks.js';
import { duration, slackDate } from '../kit/wording.js';
import { stuckText } from '../export/messages.js';
import { runbookAdvice, type ExportVerdict } from '../export/verdict.js';
import { projectLabel, type ProjectNames } from '../portal/messages.js';

/** The *Start archiving* button on a ready-for-archiving notice. */
export const START_ARCHIVING_ACTION = 'ingest_watch_start_archiving';

export interface ReadyNotice {
  env: string;
  submissionUuid: string;
  project: ProjectNames | null;
  firstSeenAt: number;
  now: number;
}

/** The SOP's "poke your #hca-operations buddies": a submission reached Archiving. */
export function readyForArchivingLines(notice: ReadyNotice): string[] {
  const label = projectLabel(notice.project) || '_project not known to ingest yet_';
  return [
    `:inbox_tray: *Ready for archiving* (${notice.env}): ${label}`,
    `Submission \`${notice.submissionUuid}\` has been in Archiving for at least ${duration(notice.now - notice.firstSeenAt)} (first seen ${slackDate(notice.firstSeenAt)}). An operator can start archiving it here.`,
  ];
}

export interface StuckNotice {
  env: string;
  submissionUuid: string;
  project: ProjectNames | null;
  verdict: Extract<ExportVerdict, { kind: 'stuck' }>;
}

/** A submission in Exporting whose latest export job looks stuck, with what the runbook suggests. */
export function stuckExportLines(notice: StuckNotice): string[] {
  const label = projectLabel(notice.project);
  return [
    `:rotating_light: Submission \`${notice.submissionUuid}\` (${notice.env})${label ? ` · ${label}` : ''}`,
    stuckText(notice.verdict),
    ...runbookAdvice(notice.verdict).map((a) => `• ${a}`),
    `Details: \`/hca export ${notice.submissionUuid} ${notice.env}\``,
  ];
}

/** Said once per refusal: the watcher keeps trying quietly. */
export function tokenRefusedLines(env: string, reason: string): string[] {
  return [
    `:closed_lock_with_key: The ingest token was refused on ${env}: the ingest token expired or lacks authority.`,
    escapeMrkdwn(reason),
    'The watcher keeps checking each interval and says nothing more until the token works again.',
  ];
}

export function tokenWorksAgainLines(env: string): string[] {
  return [`:unlock: The ingest token works again on ${env}; the watcher is back.`];
}

/** A *Start archiving* click on a submission that is no longer in Archiving: nothing is started. */
export function leftArchivingText(submissionUuid: string, env: string, state: string): string {
  return `Submission \`${submissionUuid}\` (${env}) is no longer in Archiving (it is ${escapeMrkdwn(state)} now), so nothing was started.`;
}
