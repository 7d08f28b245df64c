import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../src/sandbox/stack.js';
import { waitFor } from '../support/wait.js';

describe('/hca ping', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack();
  });
  afterEach(async () => {
    await stack.stop();
  });

  it('reports every environment in the run thread and finishes', async () => {
    const reply = await stack.requester.command('ping');

    expect(reply.status).toBe(200);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(reply.body.text).toMatch(/Started \*R1\*/);
    const run = await waitFor('run to finish', () => {
      const r = stack.bot.runs.get(1);
      return r?.finishedAt ? r : undefined;
    });
    expect(run.status).toBe('succeeded');
    const [root] = stack.slack.rootMessages();
    expect(root).toBeDefined();
    const thread = stack.slack.thread(root!);
    expect(thread.map((m) => m.text.split('\n')[0])).toEqual(['*dev*', '*staging*', '*prod*']);
    expect(thread[0]!.text).toMatch(/archiver: running \(\d+ ms\)/);
    expect(thread[0]!.text).toMatch(/API key: readable from `ingest\/dev\/secrets`/);
    await waitFor('status edited to done', () => root!.text.includes('Done'));
  });
});
