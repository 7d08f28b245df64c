import { isActive, isRetryable, type Run, type RunStatus } from '../../store/runs.js';
import { requestedBy, type RunDescription } from './workflow.js';
import { actions, context, escapeMrkdwn, message, section, type Button } from '../kit/blocks.js';
import { slackDate } from '../kit/wording.js';
import type { ThreadMessage } from '../../integrations/slack.js';

const STATUS_LABEL: Record<RunStatus, string> = {
  running: ':arrows_counterclockwise: Running',
  waiting: ':hourglass_flowing_sand: Waiting',
  awaiting_approval: ':raised_hand: Awaiting approval',
  succeeded: ':white_check_mark: Done',
  failed: ':x: Failed',
  cancelled: ':no_entry_sign: Cancelled',
  timed_out: ':alarm_clock: Timed out',
};

export const CANCEL_ACTION = 'run_cancel';
export const RETRY_ACTION = 'run_retry';

/** The run's root message: what it is, where it stands, and what an operator can do about it. */
export function renderStatusMessage(run: Run, description: RunDescription): ThreadMessage {
  const env = run.environment ? ` · ${run.environment}` : '';
  const headline = `*${run.ref} · ${escapeMrkdwn(description.title)}${env}* — ${STATUS_LABEL[run.status]}`;
  const facts = [
    requestedBy(run),
    `started ${slackDate(run.createdAt)}`,
    ...(run.finishedAt ? [`finished ${slackDate(run.finishedAt)}`] : []),
  ];
  const blocks = [section([headline, ...description.detail].join('\n')), context(facts.join(' · '))];
  if (run.lastError) {
    const next = run.status === 'waiting' && run.wakeAt ? ` Retrying at ${slackDate(run.wakeAt, '{time_secs}')}.` : '';
    blocks.push(context(`:warning: ${escapeMrkdwn(run.lastError)}${next}`));
  }
  const buttons = [...(isActive(run.status) ? (description.buttons ?? []) : []), ...runButtons(run)];
  if (buttons.length > 0) blocks.push(actions(`run-${run.id}-${run.status}`, buttons));
  return message(
    `${run.ref} ${escapeMrkdwn(description.title)}${env}: ${STATUS_LABEL[run.status].replace(/^:[a-z_]+: /, '')}`,
    blocks,
  );
}

function runButtons(run: Run): Button[] {
  if (isRetryable(run.status)) {
    return [{ actionId: RETRY_ACTION, text: `Retry ${run.ref}${where(run)}`, value: String(run.id), style: 'primary' }];
  }
  return isActive(run.status) ? [cancelButton(run)] : [];
}

function where(run: Run): string {
  return run.environment ? ` (${run.environment})` : '';
}

/**
 * Cancel, wherever it appears, asks Slack's confirmation first. On a question's message its value is that message's
 * (`<run id>:<question>`), so that a click on an out-of-date message is refused.
 */
export function cancelButton(run: Run, value = String(run.id)): Button {
  return {
    actionId: CANCEL_ACTION,
    text: `Cancel ${run.ref}${where(run)}`,
    value,
    style: 'danger',
    confirm: {
      title: `Cancel ${run.ref}?`,
      text: `The bot stops working on ${run.ref}${where(run)}. Nothing already done on the remote services is undone; \`/hca retry ${run.ref}\` resumes it.`,
      confirm: 'Cancel the run',
      deny: 'Keep it',
    },
  };
}
