import { buttonValue, type ActionRouter } from './action-router.js';
import type { Clock } from '../clock.js';
import type { ThreadMessage } from '../integrations/slack.js';
import type { AuditLog } from '../store/audit.js';
import { ARCHIVE_ACTIONS, ARCHIVE_QUESTIONS } from '../workflows/archive/questions.js';
import { answerQuestion } from '../workflows/kit/approval.js';
import type { RunCommandDeps } from './run-deps.js';

export interface ArchiveButtonDeps extends RunCommandDeps {
  audit: AuditLog;
  clock: Clock;
}

/** The archive run's questions: the first authorised answer stands; the message then shows who decided and when. */
export function registerArchiveButtons(actions: ActionRouter, deps: ArchiveButtonDeps): void {
  for (const question of ARCHIVE_QUESTIONS) {
    actions.on(question.actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const userId = body.user.id;
      const value = buttonValue(action);
      const now = deps.clock.now();
      const message =
        body.type === 'block_actions' && body.message ? (body.message as unknown as ThreadMessage) : { text: '' };
      const answer = answerQuestion(
        question,
        { userId, value, now, message },
        { runs: deps.runs, deciders: deps.permissions },
      );
      deps.audit.record({
        at: now,
        userId,
        action: `button ${question.actionId}`,
        arguments: value,
        outcome: answer.outcome,
        runId: answer.run?.id,
      });
      if (!answer.decided) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: answer.reply });
        return;
      }
      await respond({ replace_original: true, ...answer.message });
      deps.runner.kick();
    });
  }

  actions.on(ARCHIVE_ACTIONS.recheck, async ({ ack, body, action, respond }) => {
    await ack();
    const userId = body.user.id;
    const runId = Number(buttonValue(action) || NaN);
    const now = deps.clock.now();
    const woken = deps.permissions.isOperator(userId) && deps.runs.wake(runId, now);
    deps.audit.record({
      at: now,
      userId,
      action: 'button recheck',
      arguments: `R${runId}`,
      outcome: woken ? 'woken' : 'refused',
      runId,
    });
    if (!woken) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: deps.permissions.isOperator(userId)
          ? `R${runId} is not active.`
          : 'Only operators (`HCA_OPERATORS`) may re-check runs.',
      });
      return;
    }
    deps.runner.kick();
  });
}
