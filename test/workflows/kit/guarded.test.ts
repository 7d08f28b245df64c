import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../../src/logger.js';
import { Redactor } from '../../../src/redactor.js';
import { quietHealth } from '../../support/store.js';
import { openDatabase } from '../../../src/store/db.js';
import { RunStore, type JsonObject } from '../../../src/store/runs.js';
import { Runner } from '../../../src/workflows/engine/runner.js';
import { registerWorkflow, type Step } from '../../../src/workflows/engine/workflow.js';
import { guarded, type Guarded } from '../../../src/workflows/kit/guarded.js';
import { RecordingPresenter } from '../../fakes/recording-presenter.js';

/** A runner with one workflow whose only step makes a guarded call and records what it saw. */
function setup(call: () => Promise<string>) {
  const runs = new RunStore(openDatabase(':memory:'));
  const seen: Guarded<string>[] = [];
  const send: Step<JsonObject, JsonObject> = async (ctx) => {
    seen.push(await guarded(ctx, 'send', call));
    return { kind: 'done', status: 'succeeded' };
  };
  const workflow = registerWorkflow({
    kind: 'guarded',
    params: z.object({}),
    initialState: {},
    firstStep: 'send',
    steps: { send },
    describe: () => ({ title: 'guarded', detail: [] }),
  });
  const runner = new Runner({
    store: runs,
    workflows: new Map([['guarded', workflow]]),
    presenter: new RecordingPresenter(runs),
    clock: { now: () => 1_000 },
    logger: createLogger({ level: 'error', redactor: new Redactor(), sink: () => undefined }),
    health: quietHealth(),
    retry: { baseMs: 10, maxMs: 100, maxAttempts: 3 },
    tickMs: 1000,
    leaseMs: 60_000,
    concurrency: 1,
    shutdownGraceMs: 100,
  });
  const run = runs.startOrJoin(
    { kind: 'guarded', idempotencyKey: 'g', params: {}, step: 'send', channelId: 'C1', requester: 'U1' },
    1_000,
  ).run;
  return { runs, runner, run, seen };
}

describe('guarded', () => {
  it('makes the call once and records its outcome', async () => {
    let calls = 0;
    const t = setup(async () => `sent ${++calls}`);

    await t.runner.runDue();

    expect(t.seen).toEqual([{ known: true, value: 'sent 1' }]);
    expect(t.runs.effect(t.run.id, 'send')).toMatchObject({ finishedAt: 1_000, outcome: 'sent 1' });
  });

  it('reports an intent left without outcome (a crash mid-call) as unknown and does not call again', async () => {
    let calls = 0;
    const t = setup(async () => `sent ${++calls}`);
    t.runs.startEffect(t.run.id, 'send', 500);

    await t.runner.runDue();

    expect(t.seen).toEqual([{ known: false }]);
    expect(calls).toBe(0);
    expect(t.runs.require(t.run.id).status).toBe('succeeded');
  });

  it('lets other failures through to the runner', async () => {
    const t = setup(async () => {
      throw new Error('boom');
    });

    await t.runner.runDue();

    expect(t.seen).toEqual([]);
    expect(t.runs.require(t.run.id)).toMatchObject({ status: 'failed', lastError: 'Unexpected error: boom' });
  });
});
