import { describe, expect, it } from 'vitest';
import type { ThreadMessage } from '../../../src/integrations/slack.js';
import {
  ask,
  currentAnswer,
  isCurrentMessage,
  unanswered,
  type QuestionState,
} from '../../../src/workflows/kit/question.js';

describe('questions', () => {
  it('posts the question with buttons carrying its number and moves to the asking step until it expires', async () => {
    const posted: ThreadMessage[] = [];
    const ctx = {
      run: { id: 7 },
      state: { asked: 2, kept: true, patched: 0 },
      reply: async (m: ThreadMessage) => void posted.push(m),
    };

    const result = await ask(ctx, 'approval', 9000, (value) => ({ text: `value ${value}` }), { patched: 1 });

    expect(posted).toEqual([{ text: 'value 7:3' }]);
    expect(result).toEqual({
      kind: 'next',
      step: 'approval',
      wakeAt: 9000,
      status: 'awaiting_approval',
      state: { asked: 3, kept: true, patched: 1 },
    });
  });

  it('keeps waiting for an answer until the question expires', () => {
    expect(unanswered({ now: 8999, state: {} }, 9000, { error: 'nobody answered', resumeAt: 'ask' })).toEqual({
      kind: 'wait',
      status: 'awaiting_approval',
      wakeAt: 9000,
    });
  });

  it('ends the run as timed out when the question expires, resuming at the asking step on retry', () => {
    expect(unanswered({ now: 9000, state: {} }, 9000, { error: 'nobody answered', resumeAt: 'ask' })).toEqual({
      kind: 'done',
      status: 'timed_out',
      error: 'nobody answered',
      resumeAt: 'ask',
    });
  });

  it('asks again at once when a run was resumed after its question expired (a cancelled run retried)', () => {
    expect(
      unanswered({ now: 12_000, state: { resumedAt: 11_000 } }, 9000, { error: 'nobody', resumeAt: 'ask' }),
    ).toEqual({ kind: 'next', step: 'ask' });
  });

  it('reads the answer to the question being asked, not to an earlier one', () => {
    const decision = { value: 'complete', by: 'U1', at: 5 };
    const state: QuestionState = { asked: 2, decisions: { 'question-1': decision } };

    expect(currentAnswer(state)).toBeUndefined();
    expect(currentAnswer({ ...state, asked: 1 })).toBe(decision);
  });

  it('takes a status-message button as current, and a question’s only while that question is asked', () => {
    const asking = { status: 'awaiting_approval' as const, state: { asked: 2 } };

    expect(isCurrentMessage(asking, '5')).toBe(true);
    expect(isCurrentMessage(asking, '5:2')).toBe(true);
    expect(isCurrentMessage(asking, '5:1')).toBe(false);
    expect(isCurrentMessage({ ...asking, status: 'running' }, '5:2')).toBe(false);
  });
});
