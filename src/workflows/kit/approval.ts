import type { ThreadMessage } from '../../integrations/slack.js';
import type { DecideOutcome, Decision, Run } from '../../store/runs.js';
import { section } from './blocks.js';
import type { Question } from './question.js';
import { slackDate } from './wording.js';

/** Who may answer: operators, and for irreversible answers the four-eyes rule. */
export interface Deciders {
  isOperator(userId: string): boolean;
  /** On dev or staging any operator; on prod an approver who did not request the run. */
  mayApprove(userId: string, run: Run): boolean;
}

/** The run store as far as answering a question goes. */
export interface DecisionStore {
  get(id: number): Run | undefined;
  decide(id: number, step: string, key: string, decision: Decision): DecideOutcome;
}

/** A click on a question's button: who, which value (`<run id>` or `<run id>:<round>`), when, on which message. */
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
  | { decided: false; run?: Run; outcome: string; reply: string };

/**
 * Records the first authorised answer to a question: irreversible answers need four eyes on prod, others any operator;
 * the first decision stands, and later clicks are told who decided and when.
 */
export function answerQuestion(
  question: Question,
  click: AnswerClick,
  deps: { runs: DecisionStore; deciders: Deciders },
): Answer {
  const { userId, value, now } = click;
  const run = deps.runs.get(Number(value.split(':')[0]));
  if (!run) return { decided: false, outcome: 'refused: no such run', reply: 'This run no longer exists.' };
  const refused = (outcome: string, reply: string): Answer => ({ decided: false, run, outcome, reply });
  const allowed = question.irreversible ? deps.deciders.mayApprove(userId, run) : deps.deciders.isOperator(userId);
  if (!allowed) return refused('refused: not allowed', refusal(run, question.irreversible));
  if (question.isCurrent && !question.isCurrent(run.state, value)) {
    return refused(
      'refused: question closed',
      `This request is out of date: ${run.ref} asked again since. Use its latest message in the thread.`,
    );
  }
  const outcome = deps.runs.decide(run.id, question.step, question.key(run.state), {
    value: question.value,
    by: userId,
    at: now,
  });
  if (!outcome.ok && outcome.reason === 'decided') {
    return refused(
      'refused: already decided',
      `Already decided by <@${outcome.decision.by}> ${slackDate(outcome.decision.at)}.`,
    );
  }
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
    return `On prod only an approver (\`HCA_APPROVERS\`) other than the requester <@${run.requester}> may do this.`;
  }
  return 'Only operators (`HCA_OPERATORS`) may answer this.';
}

/** The question's message with its buttons replaced by who decided what, and when. */
export function decidedMessage(original: ThreadMessage, by: string, verb: string, at: number): ThreadMessage {
  const line = `:ballot_box_with_check: <@${by}> ${verb} ${slackDate(at)}.`;
  const kept = (original.blocks ?? []).filter((b) => b.type !== 'actions');
  return { text: `${original.text}\n${line}`, blocks: [...kept, section(line)] };
}
