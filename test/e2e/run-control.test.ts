import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANCEL_ACTION, RETRY_ACTION } from '../../src/workflows/engine/status-message.js';
import { SANDBOX_OPERATOR, startStack, type Stack } from '../../src/sandbox/stack.js';
import { SUBMISSION } from '../support/archive.js';
import { waitFor } from '../support/wait.js';

describe('status, runs, cancel and retry', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack();
  });
  afterEach(async () => {
    await stack.stop();
  });

  const rootWithButton = (actionId: string) =>
    waitFor(`a status message with ${actionId}`, () =>
      stack.slack.rootMessages().find((m) => JSON.stringify(m.blocks ?? []).includes(actionId)),
    );

  it('cancels a waiting run from its Cancel button once; a second click is told there is nothing to cancel', async () => {
    stack.archivers.dev.health = 'hang';
    await stack.requester.command('ping dev');
    const root = await rootWithButton(CANCEL_ACTION);

    await stack.requester.click(root, CANCEL_ACTION);
    const second = await stack.requester.click(root, CANCEL_ACTION);

    expect(stack.bot.runs.get(1)?.status).toBe('cancelled');
    await waitFor('the status message to say cancelled', () => root.text.includes('Cancelled'));
    await waitFor('the thread note', () =>
      stack.slack.thread(root).some((m) => m.text.includes('Cancelled by <@U0OPERATOR>')),
    );
    const answer = await waitFor('the second click answer', () =>
      stack.slack.responses.find((r) => second.responseUrl.endsWith(`/response/${r.id}`)),
    );
    expect(answer.body.text).toMatch(/R1\* is cancelled, so there is nothing to cancel/);
    const cancels = stack.bot.runs.events(1).filter((e) => e.event === 'cancelled');
    expect(cancels).toHaveLength(1);
  });

  it('refuses a non-operator click privately and leaves the run alone', async () => {
    stack.archivers.dev.health = 'hang';
    await stack.requester.command('ping dev');
    const root = await rootWithButton(CANCEL_ACTION);

    const click = await stack.requester.click(root, CANCEL_ACTION, { user: 'U0VISITOR' });

    const answer = await waitFor('the refusal', () =>
      stack.slack.responses.find((r) => click.responseUrl.endsWith(`/response/${r.id}`)),
    );
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(answer.body.text).toBe('Only operators may cancel runs.');
    expect(stack.bot.runs.get(1)?.status).not.toBe('cancelled');
    expect(stack.bot.audit.recent(1)[0]).toMatchObject({
      userId: 'U0VISITOR',
      action: 'button cancel',
      outcome: 'refused: not an operator',
    });
    stack.bot.runs.cancel(1, SANDBOX_OPERATOR, Date.now());
  });

  /** An archive run that fails at its create step: the archiver refuses it (HTTP 400), which is not retried alone. */
  const failAtCreate = async () => {
    stack.archivers.dev.failNext('create', { status: 400, message: 'The archiver takes no submissions right now' });
    await stack.requester.command(`archive ${SUBMISSION} dev`);
    return waitFor('the run to fail', () =>
      stack.bot.runs.get(1)?.status === 'failed' ? stack.bot.runs.get(1) : undefined,
    );
  };
  const pastCreate = () =>
    waitFor('the retried run to get past create', () => {
      const r = stack.bot.runs.get(1);
      return r?.step === 'wait-files' ? r : undefined;
    });

  it('retries a failed run from the step that failed, by command', async () => {
    await failAtCreate();

    const notOperator = await stack.requester.command('retry R1', { user: 'U0VISITOR' });
    const retried = await stack.requester.command('retry R1');
    const run = await pastCreate();
    const again = await stack.requester.command('retry R1');

    expect(notOperator.body.text).toMatch(/Only operators/);
    expect(retried.body.text).toMatch(/^Retrying \*R1\* from step `create`/);
    expect(run.lastError).toBeNull();
    expect(again.body.text).toMatch(
      /^\*R1\* is (running|waiting); only failed, timed-out or cancelled runs can be retried\.$/,
    );
    stack.bot.runs.cancel(1, SANDBOX_OPERATOR, Date.now());
  });

  it('shows a run by id, the caller’s active runs, and the list of runs', async () => {
    stack.archivers.prod.health = 'hang';
    await stack.requester.command('ping dev');
    await waitFor('R1 to finish', () => stack.bot.runs.get(1)?.finishedAt);
    await stack.requester.command('ping prod');
    await rootWithButton(CANCEL_ACTION);

    const one = await stack.requester.command('status r1');
    const mine = await stack.requester.command('status');
    const theirs = await stack.requester.command('status', { user: 'U0VISITOR' });
    const list = await stack.requester.command('runs');
    const missing = await stack.requester.command('status R404');

    expect(one.body.text).toMatch(
      /^\*R1\* ping dev · dev — done\n:large_green_circle: dev: archiver ok \(\d+ ms\), API key ok \(\d+ ms\)/,
    );
    expect(mine.body.text).toMatch(/Your active runs:\n• \*R2\* ping prod · prod — running, step `check`/);
    expect(theirs.body.text).toBe('You have no active runs. `/hca runs` lists everyone’s.');
    expect(list.body.text).toMatch(
      /\*Active runs\*\n• \*R2\*[^\n]*\n\*Recently finished\*\n• \*R1\* ping dev · dev — done/,
    );
    expect(missing.body.text).toBe('There is no run R404. `/hca runs` lists them.');
    stack.bot.runs.cancel(2, SANDBOX_OPERATOR, Date.now());
  });

  it('offers Retry on a failed run’s status message, and takes it back once the run goes on', async () => {
    await failAtCreate();
    const root = await rootWithButton(RETRY_ACTION);

    await stack.requester.click(root, RETRY_ACTION);
    await pastCreate();

    await waitFor('the status message to drop Retry', () => !JSON.stringify(root.blocks).includes(RETRY_ACTION));
    stack.bot.runs.cancel(1, SANDBOX_OPERATOR, Date.now());
  });
});
