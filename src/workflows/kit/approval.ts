import type { ThreadMessage } from '../../integrations/slack.js';
import { isActive, type DecideOutcome, type Decision, type Run } from '../../store/runs.js';
import { message, section } from './blocks.js';
import { decisionKey, isCurrentMessage, outOfDate, questionOf, type Question, type QuestionState } from './question.js';
import { slackDate } from './wording.js';

/** Who may answer: operators, and for irreversible answers the four-eyes rule. */
export interface Deciders {
  isOperator(userId: string): boolean;
  /** On dev or staging any operator; on prod an approver who did not request the run. */
  mayApprove(userId: string, run: Run): boolean;
}

/** The run store as far as answering a question goes. */
export interface DecisionStore {
  decide(id: number, step: string, key: string, decision: Decision): DecideOutcome;
}

/** A click on a question's button: who, which value (`<run id>:<question number>`), when, on which message. */
export interface AnswerClick {
  userId: string;
  value: string;
  now: number;
  /** The message the button was on, to be shown again with the decision in place of its buttons. */
  message: ThreadMessage;
}

/** A recorded answer comes with the updated message; anything else with a private reply saying why not. */
export type Answer =
  | { decided: true; run: Run; outcome: string; message: ThreadMessage }
  | { decided: false; run: Run; outcome: string; reply: string };

/**
 * Who may answer: irreversible answers need four eyes on prod (an approver other than the requester), the others any
 * operator. Returns the refusal, or undefined when `userId` may answer.
 */
export function refusalToAnswer(
  question: Question,
  run: Run | undefined,
  userId: string,
  deciders: Deciders,
): { outcome: string; reply: string } | undefined {
  if (!run) return { outcome: 'refused: no such run', reply: 'This run no longer exists.' };
  const allowed = question.irreversible ? deciders.mayApprove(userId, run) : deciders.isOperator(userId);
  return allowed ? undefined : { outcome: 'refused: not allowed', reply: refusal(run, question.irreversible) };
}

/**
 * Records an authorised answer to the question the run is asking: the first decision stands, and later clicks are told
 * who decided and when; a button of an older message is refused as out of date.
 */
export function answerQuestion(question: Question, run: Run, click: AnswerClick, runs: DecisionStore): Answer {
  const { userId, value, now } = click;
  const refused = (outcome: string, reply: string): Answer => ({ decided: false, run, outcome, reply });
  const state = run.state as QuestionState;
  const already = (decision: Decision) =>
    refused('refused: already decided', `Already decided by <@${decision.by}> ${slackDate(decision.at)}.`);
  const earlier = state.decisions?.[decisionKey(state, questionOf(value))];
  if (earlier) return already(earlier);
  if (isActive(run.status) && !isCurrentMessage(run, value)) return refused('refused: out of date', outOfDate(run));
  const outcome = runs.decide(run.id, question.step, decisionKey(state), {
    value: question.value,
    by: userId,
    at: now,
  });
  if (!outcome.ok && outcome.reason === 'decided') return already(outcome.decision);
  if (!outcome.ok) {
    return refused(
      'refused: question closed',
      `${run.ref} is not waiting for this answer any more (it is ${run.status.replace('_', ' ')}, at step \`${run.step}\`).`,
    );
  }
  return {
    decided: true,
    run,
    outcome: `decided: ${question.value}`,
    message: decidedMessage(click.message, userId, question.verb, now),
  };
}

function refusal(run: Run, irreversible: boolean): string {
  if (irreversible && run.environment === 'prod') {
    return `On prod only an approver other than the requester <@${run.requester}> may do this.`;
  }
  return onlyOperators('answer this');
}

/** The refusal for people who are not operators: `Only operators may cancel runs.` (who they are is the README's). */
export function onlyOperators(what: string): string {
  return `Only operators may ${what}.`;
}

/** The question's message with its buttons replaced by who decided what, and when. */
export function decidedMessage(original: ThreadMessage, by: string, verb: string, at: number): ThreadMessage {
  const line = `:ballot_box_with_check: <@${by}> ${verb} ${slackDate(at)}.`;
  const kept = (original.blocks ?? []).filter((b) => b.type !== 'actions');
  return message(`${original.text}\n${line}`, [...kept, section(line)]);
}
