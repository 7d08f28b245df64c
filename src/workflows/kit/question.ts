import type { ThreadMessage } from '../../integrations/slack.js';
import type { Decision, Run } from '../../store/runs.js';
import type { StepResult } from '../engine/workflow.js';

/**
 * A question a run asks with a button, declared once for the workflow that asks it and for the click handler that
 * records the answer: the step that waits, and the answer the button gives.
 */
export interface Question {
  actionId: string;
  /** The step that waits for the answer. */
  step: string;
  /** The answer this button gives. */
  value: string;
  /** Irreversible answers need four eyes on prod (an approver other than the requester); the others any operator. */
  irreversible: boolean;
  /** What the person did, for the message: `approved completing the submission`. */
  verb: string;
}

/**
 * What a run that asks questions keeps: how many it has asked (each one's message carries its number, so a button of
 * an older message is told it is out of date), and the answers, by question.
 */
export interface QuestionState {
  asked?: number;
  decisions?: Record<string, Decision>;
}

/** Where the answer to question `asked` (by default the one the run asks now) is kept. */
export function decisionKey(state: QuestionState, asked = state.asked ?? 0): string {
  return `question-${asked}`;
}

/** The answer to the question the run asks now, if anyone gave one. */
export function currentAnswer(state: QuestionState): Decision | undefined {
  return state.decisions?.[decisionKey(state)];
}

/** The number of the question a button value (`<run id>:<n>`) answers; undefined on the status message. */
export function questionOf(value: string): number | undefined {
  const asked = value.split(':')[1];
  return asked === undefined ? undefined : Number(asked);
}

/**
 * Whether a button belongs to the run's current message: a bare `<run id>` is on the status message (edited in place,
 * always current); `<run id>:<n>` is on the message of question n, current while n is the question being asked.
 */
export function isCurrentMessage(run: Pick<Run, 'state' | 'status'>, value: string): boolean {
  const asked = questionOf(value);
  if (asked === undefined) return true;
  return run.status === 'awaiting_approval' && asked === ((run.state as QuestionState).asked ?? 0);
}

export function outOfDate(run: Pick<Run, 'ref'>): string {
  return `This message is out of date: ${run.ref} has moved on since. Use its latest message in the thread.`;
}

/**
 * Asks the next question: posts its message, whose buttons carry `value` (`<run id>:<n>`), and moves to `step`, which
 * waits for an answer until `expiresAt`; `patch` is kept in the state.
 */
export async function ask<S extends QuestionState>(
  ctx: { run: Pick<Run, 'id'>; state: S; reply(message: ThreadMessage): Promise<void> },
  step: string,
  expiresAt: number,
  question: (value: string) => ThreadMessage,
  patch: Partial<S> = {},
): Promise<StepResult<S>> {
  const asked = (ctx.state.asked ?? 0) + 1;
  await ctx.reply(question(`${ctx.run.id}:${asked}`));
  return {
    kind: 'next',
    step,
    wakeAt: expiresAt,
    status: 'awaiting_approval',
    state: { ...ctx.state, ...patch, asked },
  };
}

/**
 * Nobody has answered yet: wait until the question expires, then end the run as timed out with `error`, so that a
 * retry asks again from `resumeAt`. A run resumed after its question expired (a cancelled run retried) asks again
 * at once.
 */
export function unanswered<S>(
  ctx: { now: number; state: { resumedAt?: number } },
  expiresAt: number,
  expired: { error: string; resumeAt: string },
): StepResult<S> {
  if ((ctx.state.resumedAt ?? 0) >= expiresAt) return { kind: 'next', step: expired.resumeAt };
  if (ctx.now >= expiresAt) return { kind: 'done', status: 'timed_out', ...expired };
  return { kind: 'wait', status: 'awaiting_approval', wakeAt: expiresAt };
}
