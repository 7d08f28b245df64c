import type { Run } from '../store/runs.js';
import { CANCEL_ACTION, RETRY_ACTION } from '../workflows/engine/status-message.js';
import { answerQuestion, onlyOperators, refusalToAnswer } from '../workflows/kit/approval.js';
import type { Question } from '../workflows/kit/question.js';
import { fromCommand, refused, type Click, type ClickHandler } from './clicks.js';
import { cancelRun, retryRun } from './run-control.js';
import type { RunCommandDeps } from './run-deps.js';

/** A run button carries the run id (and, for questions asked in rounds, `:<round>`). */
function runIdOf(click: Click): number {
  return Number(click.value || NaN);
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

/** Cancel and Retry on every run's status message. */
function runControlButtons(deps: RunCommandDeps): ClickHandler[] {
  const button = (id: string, verb: string, act: typeof cancelRun): ClickHandler => ({
    id,
    audit: `button ${verb}`,
    authorise: operatorsOnly(deps, `${verb} runs`),
    handle: (click) => fromCommand(act(deps, runIdOf(click), click.userId, click.now), aboutRun(click)),
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
      const runId = runIdOf(click);
      if (!deps.runs.wake(runId, click.now)) return refused(`R${runId} is not active.`, 'refused', aboutRun(click));
      return { outcome: 'woken', ...aboutRun(click), afterAck: async () => deps.runner.kick() };
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
