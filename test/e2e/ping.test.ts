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

describe('/hca ping against unreachable archivers', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack.stop();
  });

  it('reports DNS failures, refused connections and HTML error pages plainly, not as stack traces', async () => {
    stack = await startStack({
      env: { ARCHIVER_URL_DEV: 'http://archiver.hca-ops-bot.invalid', ARCHIVER_URL_STAGING: 'http://127.0.0.1:9' },
    });
    stack.archivers.prod.health = 'html-500';

    await stack.requester.command('ping');
    const run = await waitFor('run to finish', () => {
      const r = stack.bot.runs.get(1);
      return r?.finishedAt ? r : undefined;
    });

    const thread = stack.slack.thread(stack.slack.rootMessages()[0]!).map((m) => m.text);
    expect(run.status).toBe('succeeded');
    expect(run.lastError).toBe('3 of 3 environments need attention');
    expect(thread[0]).toContain(
      ':x: archiver: The archiver at archiver.hca-ops-bot.invalid could not be reached: its host name does not resolve (DNS).',
    );
    expect(thread[1]).toContain(
      ':x: archiver: The archiver at 127.0.0.1:9 could not be reached: the connection was refused.',
    );
    expect(thread[2]).toMatch(
      /:x: archiver: The archiver at 127\.0\.0\.1:\d+ answered HTTP 500 with an HTML error page\./,
    );
    expect(thread.join('\n')).not.toMatch(/\n\s+at /);
    expect(thread[0]).toContain(':white_check_mark: API key: readable');
  });
});
