import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { FAST_TIMINGS, SANDBOX_SIGNING_SECRET, startStandIns, type StandIns } from '../../src/sandbox/stack.js';
import { SlackRequester } from '../../src/sandbox/slack-requests.js';
import { startBotProcess } from '../support/bot-process.js';
import { waitFor } from '../support/wait.js';

describe('a bot killed between two steps', () => {
  let standIns: StandIns | undefined;
  let scratch: string | undefined;
  afterEach(async () => {
    await standIns?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('is finished once by a new bot on the same database', async () => {
    standIns = await startStandIns();
    scratch = mkdtempSync(join(tmpdir(), 'hca-restart-'));
    const env = { ...standIns.env, DATABASE_PATH: join(scratch, 'bot.sqlite') };
    standIns.archivers.staging.health = 'hang';
    const first = startBotProcess(env);
    const requester = new SlackRequester({
      eventsUrl: `http://127.0.0.1:${await first.port}/slack/events`,
      signingSecret: SANDBOX_SIGNING_SECRET,
      slack: standIns.slack,
    });

    await requester.command('ping all');
    await waitFor(
      'staging to be asked, after dev was checked',
      () => standIns!.archivers.staging.requests.length === 1,
      10_000,
    );
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    standIns.archivers.staging.health = 'ok';
    const second = await startBot(loadConfig(env), { timings: FAST_TIMINGS, logSink: () => undefined });
    const run = await waitFor('the run to finish', () => {
      const r = second.runs.get(1);
      return r?.finishedAt ? r : undefined;
    });
    await second.stop();

    expect(run.status).toBe('succeeded');
    expect(standIns.archivers.dev.requests).toHaveLength(1);
    expect(standIns.archivers.staging.requests).toHaveLength(2);
    expect(standIns.archivers.prod.requests).toHaveLength(1);
    const [root, ...others] = standIns.slack.rootMessages();
    expect(others).toHaveLength(0);
    expect(standIns.slack.thread(root!).map((m) => m.text.split('\n')[0])).toEqual(['*dev*', '*staging*', '*prod*']);
  });
});
