import { describe, expect, it } from 'vitest';
import { answerOf, ask, unanswered } from '../../../src/workflows/kit/question.js';

describe('questions', () => {
  it('moves to the asking step, awaiting approval until the question expires', () => {
    expect(ask('approval', 9000, { round: 1 })).toEqual({
      kind: 'next',
      step: 'approval',
      wakeAt: 9000,
      status: 'awaiting_approval',
      state: { round: 1 },
    });
  });

  it('keeps waiting for an answer until the question expires', () => {
    expect(unanswered(8999, 9000, { error: 'nobody answered', resumeAt: 'ask' })).toEqual({
      kind: 'wait',
      status: 'awaiting_approval',
      wakeAt: 9000,
    });
  });

  it('ends the run as timed out when the question expires, resuming at the asking step on retry', () => {
    expect(unanswered(9000, 9000, { error: 'nobody answered', resumeAt: 'ask' })).toEqual({
      kind: 'done',
      status: 'timed_out',
      error: 'nobody answered',
      resumeAt: 'ask',
    });
  });

  it('reads the answer recorded under a decision key', () => {
    const decision = { value: 'complete', by: 'U1', at: 5 };

    expect(answerOf({ decisions: { 'complete:1': decision } }, 'complete:1')).toBe(decision);
    expect(answerOf({ decisions: { 'complete:1': decision } }, 'complete:2')).toBeUndefined();
    expect(answerOf({}, 'complete:1')).toBeUndefined();
  });
});
