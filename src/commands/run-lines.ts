import { escapeMrkdwn, threadLink } from '../workflows/kit/blocks.js';
import { slackDate } from '../workflows/kit/wording.js';
import type { Run } from '../store/runs.js';
import type { RunDescription } from '../workflows/engine/workflow.js';

const STATUS_WORD: Record<Run['status'], string> = {
  running: 'running',
  waiting: 'waiting',
  awaiting_approval: 'awaiting approval',
  succeeded: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
  timed_out: 'timed out',
};

export function threadOf(run: Run): string {
  return run.threadTs ? `<${threadLink(run.channelId, run.threadTs)}|thread>` : 'no thread yet';
}

/** ` — see its thread` with a link, or nothing while the run has no thread. */
export function seeThread(run: Run): string {
  return run.threadTs ? ` — see its ${threadOf(run)}` : '';
}

/** One line per run for lists: id, what, environment, status, step or end, link. */
export function runLine(run: Run, description: RunDescription): string {
  const env = run.environment ? ` · ${run.environment}` : '';
  const where = run.finishedAt ? `ended ${slackDate(run.finishedAt)}` : `step \`${run.step}\``;
  return `• *${run.ref}* ${escapeMrkdwn(description.title)}${env} — ${STATUS_WORD[run.status]}, ${where} · ${threadOf(run)}`;
}

export function statusWord(run: Run): string {
  return STATUS_WORD[run.status];
}
