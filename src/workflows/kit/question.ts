import type { Decision, JsonObject } from '../../store/runs.js';
import type { StepResult } from '../engine/workflow.js';

/**
 * A question a run asks with a button, declared once for the workflow that asks it and for the click handler that
 * records the answer: the step that waits, the decision key, and the answer the button gives.
 */
export interface Question {
  actionId: string;
  /** The step that waits for the answer. */
  step: string;
  /** Where the answer is kept in the run's state; a new round of the question has a new key. */
  key(state: JsonObject): string;
  /** False when the clicked button (its value) belongs to an older round of the question. */
  isCurrent?(state: JsonObject, value: string): boolean;
  /** The answer this button gives. */
  value: string;
  /** Irreversible answers need four eyes on prod (an approver other than the requester); the others any operator. */
  irreversible: boolean;
  /** What the person did, for the message: `approved completing the submission`. */
  verb: string;
}

/** What a run that asks questions keeps: the answers, by decision key. */
export interface QuestionState {
  decisions?: Record<string, Decision>;
}

/** The answer recorded under `key`, if any. */
export function answerOf(state: QuestionState, key: string): Decision | undefined {
  return state.decisions?.[key];
}

/** Moves to `step`, which waits for a person's answer until `expiresAt`. */
export function ask<S>(step: string, expiresAt: number, state: S): StepResult<S> {
  return { kind: 'next', step, wakeAt: expiresAt, status: 'awaiting_approval', state };
}

/**
 * Nobody has answered yet: wait until the question expires, then end the run as timed out with `error`, so that a
 * retry asks again from `resumeAt`.
 */
export function unanswered<S>(
  now: number,
  expiresAt: number,
  expired: { error: string; resumeAt: string },
): StepResult<S> {
  if (now >= expiresAt) return { kind: 'done', status: 'timed_out', ...expired };
  return { kind: 'wait', status: 'awaiting_approval', wakeAt: expiresAt };
}
