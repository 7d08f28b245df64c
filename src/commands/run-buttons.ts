import { isActive, type Run } from '../store/runs.js';
import { CANCEL_ACTION, RETRY_ACTION } from '../workflows/engine/status-message.js';
import { answerQuestion, onlyOperators, refusalToAnswer } from '../workflows/kit/approval.js';
import { isCurrentMessage, outOfDate, type Question } from '../workflows/kit/question.js';
import { fromCommand, privately, refused, type Click, type ClickHandler } from './clicks.js';
import { cancelRun, retryRun } from './run-control.js';
import type { RunCommandDeps } from './run-deps.js';

/** A run button carries the run id (and, on a question's message, `:<question number>`). */
function runIdOf(click: Click): number {
  return Number(click.value.split(':')[0] || NaN);
}

function aboutRun(click: Click) {
  const runId = runIdOf(click);
  return { subject: `R${runId}`, runId };
}

function operatorsOnly(deps: RunCommandDeps, what: string) {
  return (click: Click) =>
    deps.permissions.isOperator(click.userId)
      ? undefined
      : refused(onlyOperators(what), 'refused: not an operator', aboutRun(click));
}

/**
 * Cancel (on the status message and on questions' messages) and Retry (on the status message). A button on a message
 * that is out of date (an older question of the run) is refused, whatever it would do.
 */
function runControlButtons(deps: RunCommandDeps): ClickHandler[] {
  const button = (id: string, verb: string, act: typeof cancelRun): ClickHandler => ({
    id,
    audit: `button ${verb}`,
    authorise: operatorsOnly(deps, `${verb} runs`),
    handle(click) {
      const run = deps.runs.get(runIdOf(click));
      if (run && !isCurrentMessage(run, click.value) && isActive(run.status)) {
        return refused(outOfDate(run), 'refused: out of date', aboutRun(click));
      }
      return fromCommand(act(deps, runIdOf(click), click.userId, click.now), aboutRun(click));
    },
  });
  return [button(CANCEL_ACTION, 'cancel', cancelRun), button(RETRY_ACTION, 'retry', retryRun)];
}

/** A question a run asks: the first authorised answer stands, and the message then shows who decided and when. */
function questionButton(deps: RunCommandDeps, question: Question): ClickHandler {
  const runOf = (click: Click): Run | undefined => deps.runs.get(Number(click.value.split(':')[0]));
  const about = (click: Click, run?: Run) => ({ subject: click.value, runId: run?.id });
  return {
    id: question.actionId,
    audit: `button ${question.actionId}`,
    authorise(click) {
      const run = runOf(click);
      const refusal = refusalToAnswer(question, run, click.userId, deps.permissions);
      return refusal && refused(refusal.reply, refusal.outcome, about(click, run));
    },
    handle(click) {
      const answer = answerQuestion(question, runOf(click)!, click, deps.runs);
      if (!answer.decided) return refused(answer.reply, answer.outcome, about(click, answer.run));
      return {
        outcome: answer.outcome,
        ...about(click, answer.run),
        response: { replace_original: true, ...answer.message },
        afterAck: async () => deps.runner.kick(),
      };
    },
  };
}

/** "Re-check now": wakes a waiting run at once. */
function recheckButton(deps: RunCommandDeps, actionId: string): ClickHandler {
  return {
    id: actionId,
    audit: 'button recheck',
    authorise: (click) =>
      deps.permissions.isOperator(click.userId)
        ? undefined
        : refused(onlyOperators('re-check runs'), 'refused', aboutRun(click)),
    handle(click) {
      const run = deps.runs.get(runIdOf(click));
      if (!run || !deps.runs.wake(run.id, click.now)) {
        return refused(`${run?.ref ?? 'This run'} is not active any more.`, 'refused', aboutRun(click));
      }
      const where = run.environment ? ` on ${run.environment}` : '';
      return {
        outcome: 'woken',
        ...aboutRun(click),
        response: privately({
          text: `Re-checking ${run.ref}${where} now; its status message changes when something does.`,
        }),
        afterAck: async () => deps.runner.kick(),
      };
    },
  };
}

/** The buttons of runs: Cancel and Retry, and each workflow's questions and re-check buttons. */
export function runButtons(deps: RunCommandDeps): ClickHandler[] {
  const workflows = [...deps.workflows.values()];
  return [
    ...runControlButtons(deps),
    ...workflows.flatMap((w) => (w.questions ?? []).map((question) => questionButton(deps, question))),
    ...workflows.flatMap((w) => (w.recheckActions ?? []).map((id) => recheckButton(deps, id))),
  ];
}
