import { describe, expect, it } from 'vitest';
import { createPermissions } from '../../../src/commands/permissions.js';
import { openDatabase } from '../../../src/store/db.js';
import { RunStore } from '../../../src/store/runs.js';
import { answerQuestion, refusalToAnswer } from '../../../src/workflows/kit/approval.js';
import { actions, section } from '../../../src/workflows/kit/blocks.js';
import type { Question } from '../../../src/workflows/kit/question.js';

const REQUESTER = 'U0REQ';
const APPROVER = 'U0APP';
const OTHER_APPROVER = 'U0APP2';
const OPERATOR = 'U0OPS';

const COMPLETE: Question = {
  actionId: 'complete',
  step: 'approval',
  value: 'complete',
  irreversible: true,
  verb: 'approved completing',
};

const USE: Question = { ...COMPLETE, actionId: 'use', irreversible: false };

/** A run on `environment` waiting at the approval step, its first question. */
function setup(environment: string) {
  const runs = new RunStore(openDatabase(':memory:'));
  const { run } = runs.startOrJoin(
    { kind: 'k', idempotencyKey: 'k', params: {}, step: 'ask', environment, channelId: 'C1', requester: REQUESTER },
    1_000,
  );
  runs.commitStep(
    run.id,
    {
      status: 'awaiting_approval',
      step: 'approval',
      state: { asked: 1 },
      wakeAt: 9_000,
      attempts: 0,
      lastError: null,
      event: { step: 'ask', event: 'completed' },
    },
    1_000,
  );
  const deciders = createPermissions([REQUESTER, OPERATOR, APPROVER], [APPROVER, OTHER_APPROVER]);
  const message = {
    text: 'Approve?',
    blocks: [section('Approve?'), actions('a', [{ actionId: 'complete', text: 'Go', value: '1:1' }])],
  };
  /** A click as the click handler makes it: authorise, then answer. */
  const click = (question: Question, userId: string, value = `${run.id}:1`, now = 2_000) => {
    const target = runs.get(Number(value.split(':')[0]));
    const refusal = refusalToAnswer(question, target, userId, deciders);
    if (refusal) return { decided: false as const, ...refusal };
    return answerQuestion(question, target!, { userId, value, now, message }, runs);
  };
  return { runs, run, click };
}

describe('answerQuestion (four eyes)', () => {
  it('on prod refuses the requester and non-approvers, then takes an approver’s answer', () => {
    const t = setup('prod');

    const byRequester = t.click(COMPLETE, REQUESTER);
    const byOperator = t.click(COMPLETE, OPERATOR);
    const byApprover = t.click(COMPLETE, APPROVER);

    expect(byRequester).toMatchObject({ decided: false, outcome: 'refused: not allowed' });
    expect(byRequester.decided || byRequester.reply).toMatch(
      /On prod only an approver other than the requester <@U0REQ>/,
    );
    expect(byOperator).toMatchObject({ decided: false, outcome: 'refused: not allowed' });
    expect(byApprover).toMatchObject({ decided: true, outcome: 'decided: complete' });
    expect(t.runs.require(t.run.id).state.decisions).toEqual({
      'question-1': { value: 'complete', by: APPROVER, at: 2_000 },
    });
  });

  it('replaces the buttons of the message with who decided and when', () => {
    const t = setup('prod');

    const answer = t.click(COMPLETE, APPROVER);

    expect(answer.decided && answer.message.text).toMatch(
      /^Approve\?\n:ballot_box_with_check: <@U0APP> approved completing <!date\^2\^/,
    );
    expect(answer.decided && answer.message.blocks!.map((b) => b.type)).toEqual(['section', 'section']);
  });

  it('lets the first decision stand and tells later clicks who decided', () => {
    const t = setup('prod');
    t.click(COMPLETE, APPROVER);

    const later = t.click(COMPLETE, OTHER_APPROVER, undefined, 3_000);

    expect(later).toMatchObject({ decided: false, outcome: 'refused: already decided' });
    expect(later.decided || later.reply).toMatch(/^Already decided by <@U0APP> <!date\^2\^/);
    expect(t.runs.require(t.run.id).state.decisions).toEqual({
      'question-1': { value: 'complete', by: APPROVER, at: 2_000 },
    });
  });

  it('on dev lets any operator decide, the requester included', () => {
    const t = setup('dev');

    expect(t.click(COMPLETE, REQUESTER)).toMatchObject({ decided: true });
  });

  it('lets any operator give a reversible answer and refuses others', () => {
    const t = setup('prod');

    expect(t.click(USE, 'U0STRANGER')).toMatchObject({
      decided: false,
      outcome: 'refused: not allowed',
      reply: 'Only operators may answer this.',
    });
    expect(t.click(USE, OPERATOR)).toMatchObject({ decided: true });
  });

  it('refuses a button of an older message, an unknown run and a question no longer asked', () => {
    const t = setup('prod');

    expect(t.click(COMPLETE, APPROVER, `${t.run.id}:0`)).toMatchObject({
      outcome: 'refused: out of date',
      reply: expect.stringMatching(/^This message is out of date: R1 has moved on since/),
    });
    expect(t.click(COMPLETE, APPROVER, '999:1')).toMatchObject({ outcome: 'refused: no such run' });
    t.runs.cancel(t.run.id, OPERATOR, 2_500);
    expect(t.click(COMPLETE, APPROVER)).toMatchObject({
      outcome: 'refused: question closed',
      reply: expect.stringMatching(/is not waiting for this answer any more \(it is cancelled/),
    });
  });
});
