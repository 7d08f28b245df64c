import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ExternalServiceError, UserInputError } from '../../../src/errors.js';
import { createLogger } from '../../../src/logger.js';
import { Redactor } from '../../../src/redactor.js';
import { quietHealth } from '../../support/store.js';
import { openDatabase } from '../../../src/store/db.js';
import { RunStore, type JsonObject } from '../../../src/store/runs.js';
import { Runner } from '../../../src/workflows/engine/runner.js';
import { registerWorkflow, type Step, type Workflow } from '../../../src/workflows/engine/workflow.js';
import { RecordingPresenter } from '../../fakes/recording-presenter.js';

const BASE_MS = 1000;

function setup(steps: Record<string, Step<JsonObject, JsonObject>>) {
  const runs = new RunStore(openDatabase(':memory:'));
  const presenter = new RecordingPresenter(runs);
  let now = 1_800_000_000_000;
  const clock = { now: () => now };
  const workflow: Workflow = registerWorkflow({
    kind: 'test',
    params: z.object({}),
    initialState: {},
    firstStep: 'first',
    steps,
    describe: () => ({ title: 'test', detail: [] }),
  });
  const runner = new Runner({
    store: runs,
    workflows: new Map([['test', workflow]]),
    presenter,
    clock,
    logger: createLogger({ level: 'error', redactor: new Redactor(), sink: () => undefined }),
    health: quietHealth(),
    retry: { baseMs: BASE_MS, maxMs: BASE_MS * 10, maxAttempts: 5 },
    tickMs: 1000,
    leaseMs: 60_000,
    concurrency: 4,
    shutdownGraceMs: 100,
  });
  const start = () =>
    runs.startOrJoin(
      { kind: 'test', idempotencyKey: 'k', params: {}, step: 'first', channelId: 'C1', requester: 'U1' },
      now,
    ).run;
  return { runs, presenter, runner, start, advance: (ms: number) => (now += ms), now: () => now };
}

describe('Runner', () => {
  it('executes one step per wake and checkpoints the state between steps', async () => {
    const t = setup({
      first: async ({ state }) => ({ kind: 'next', step: 'second', state: { ...state, seen: ['first'] } }),
      second: async ({ state }) => ({
        kind: 'done',
        status: 'succeeded',
        state: { seen: [...(state.seen as string[]), 'second'] },
      }),
    });
    const run = t.start();

    await t.runner.runDue();
    const between = t.runs.require(run.id);
    await t.runner.runDue();

    expect(between).toMatchObject({ step: 'second', status: 'running', state: { seen: ['first'] } });
    expect(t.runs.require(run.id)).toMatchObject({ status: 'succeeded', state: { seen: ['first', 'second'] } });
    expect(t.runs.events(run.id).map((e) => e.event)).toEqual(['started', 'completed', 'succeeded']);
  });

  it('retries a retryable fault with doubling delays capped at ten times the base, then fails explaining why', async () => {
    let calls = 0;
    const t = setup({
      first: async () => {
        calls += 1;
        throw new ExternalServiceError(
          'The archiver',
          'The archiver at a.test answered HTTP 500 with an HTML error page.',
        );
      },
    });
    const run = t.start();
    const delays: number[] = [];

    for (let i = 0; i < 5; i++) {
      const before = t.now();
      await t.runner.runDue();
      const after = t.runs.require(run.id);
      if (after.wakeAt) delays.push(after.wakeAt - before);
      t.advance(after.wakeAt ? after.wakeAt - t.now() : 0);
    }

    expect(calls).toBe(5);
    expect(delays).toEqual([1000, 2000, 4000, 8000]);
    expect(t.runs.require(run.id)).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('gave up after 5 attempts'),
    });
    expect(t.presenter.replies.filter((r) => r.message.text.startsWith('Paused'))).toHaveLength(1);
  });

  it('aborts the signal of the step a cancelled run is executing, and the cancelled run commits nothing more', async () => {
    let entered!: () => void;
    const started = new Promise<void>((resolve) => (entered = resolve));
    const t = setup({
      first: async ({ signal }) => {
        entered();
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        return { kind: 'next', step: 'second', state: { stoppedBy: 'signal' } };
      },
    });
    const run = t.start();

    const executing = t.runner.runDue();
    await started;
    t.runs.cancel(run.id, 'U1', t.now());
    t.runner.cancel(run.id);
    await executing;

    expect(t.runs.require(run.id)).toMatchObject({ status: 'cancelled', step: 'first', state: {} });
  });

  it('fails at once, with the message, on a fault that is not retryable', async () => {
    const t = setup({ first: async () => Promise.reject(new UserInputError('The submission is in state Draft.')) });
    const run = t.start();

    await t.runner.runDue();

    expect(t.runs.require(run.id)).toMatchObject({
      status: 'failed',
      lastError: 'The submission is in state Draft.',
      step: 'first',
    });
  });

  it('returns the recorded outcome of a guarded call instead of calling again', async () => {
    let posts = 0;
    const t = setup({
      first: async ({ once }) => {
        await once('create', async () => ++posts);
        return { kind: 'next', step: 'first-again' };
      },
      'first-again': async ({ once }) => {
        const result = await once('create', async () => ++posts);
        return { kind: 'done', status: 'succeeded', state: { result } };
      },
    });
    const run = t.start();

    await t.runner.runDue();
    await t.runner.runDue();

    expect(posts).toBe(1);
    expect(t.runs.require(run.id).state).toEqual({ result: 1 });
  });

  it('treats an intent without an outcome as unknown and never calls again by itself', async () => {
    let posts = 0;
    const outcomes: string[] = [];
    const t = setup({
      first: async ({ once }) => {
        try {
          await once('create', async () => ++posts);
          outcomes.push('called');
        } catch (error) {
          outcomes.push((error as Error).name);
        }
        return { kind: 'done', status: 'succeeded' };
      },
    });
    const run = t.start();
    t.runs.startEffect(run.id, 'create', t.now());

    await t.runner.runDue();

    expect(posts).toBe(0);
    expect(outcomes).toEqual(['UnknownOutcomeError']);
  });

  it('does not overwrite a run that was cancelled while its step executed', async () => {
    const t = setup({
      first: async ({ run }) => {
        t.runs.cancel(run.id, 'U2', t.now());
        return { kind: 'next', step: 'second' };
      },
    });
    const run = t.start();

    await t.runner.runDue();

    expect(t.runs.require(run.id)).toMatchObject({ status: 'cancelled', step: 'first' });
  });

  it('resumes a run left with a lease by a dead process', async () => {
    const t = setup({ first: async () => ({ kind: 'done', status: 'succeeded' }) });
    const run = t.start();
    t.runs.claim(run.id, t.now(), 60_000);

    await t.runner.runDue();
    expect(t.runs.require(run.id).status).toBe('running');
    t.runner.start();
    await t.runner.stop();
    await t.runner.runDue();

    expect(t.runs.require(run.id).status).toBe('succeeded');
  });
});
