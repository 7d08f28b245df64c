import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { corruptDatabase, fillDisk, freeDisk } from '../../src/sandbox/store-faults.js';
import { startBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { FAST_TIMINGS, startStack, startStandIns, type Stack, type StackOptions } from '../../src/sandbox/stack.js';
import { CANCEL_ACTION } from '../../src/workflows/engine/status-message.js';
import { answerTo } from '../support/archive.js';
import { waitFor } from '../support/wait.js';

const PROJECT = '5f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';

async function healthz(stack: Stack) {
  const response = await request(`http://127.0.0.1:${stack.bot.port}/healthz`);
  return {
    status: response.statusCode,
    body: (await response.body.json()) as { ok: boolean; problems: string[]; storeFailures: Record<string, number> },
  };
}

describe('a store that cannot save', () => {
  let stack: Stack | undefined;
  let lines: string[];
  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  async function start(options: StackOptions = {}): Promise<Stack> {
    lines = [];
    stack = await startStack({ ...options, logSink: (line) => lines.push(line) });
    return stack;
  }

  const logged = (text: string) => lines.filter((line) => line.includes(text));

  it('keeps the bot up when its database is damaged under it: commands are told, /healthz says 503, the log says it once', async () => {
    const { requester, config } = await start();

    corruptDatabase(config.databasePath);
    const replies = [];
    for (const text of ['ping dev', `remind ${PROJECT} tomorrow note`, 'runs'])
      replies.push(await requester.command(text));
    const home = await requester.openHome('U0OPERATOR');
    const health = await waitFor('the audit flush and the runner to meet the damage', async () => {
      const answer = await healthz(stack!);
      return answer.body.storeFailures.audit && answer.body.storeFailures.runner ? answer : undefined;
    });

    for (const reply of replies) {
      expect(reply.status).toBe(200);
      expect(reply.body.text).toBe('The bot cannot save right now (its database is damaged); nothing was changed.');
    }
    expect(home.status).toBe(200);
    expect(health.status).toBe(503);
    expect(health.body.problems.join(' ')).toContain('The bot cannot save (its database is damaged)');
    expect(logged('the bot cannot save (its database is damaged)')).toHaveLength(1);
  });

  it('refuses to start on a damaged database file and says how to restore it', async () => {
    const standIns = await startStandIns();
    const folder = mkdtempSync(join(tmpdir(), 'hca-damaged-'));
    try {
      const config = loadConfig({ ...standIns.env, DATABASE_PATH: join(folder, 'bot.sqlite') });
      const quiet = { timings: FAST_TIMINGS, logSink: () => undefined };
      await (await startBot(config, quiet)).stop();
      const fd = openSync(config.databasePath, 'r+');
      writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * 3);
      closeSync(fd);

      const refusal = await startBot(config, quiet).then(
        async (bot) => {
          await bot.stop();
          return 'started';
        },
        (error: unknown) => (error as Error).message,
      );

      expect(refusal).toContain(`The database ${config.databasePath} is damaged (PRAGMA quick_check:`);
      expect(refusal).toContain('-wal');
      expect(refusal).toContain('.recover');
    } finally {
      await standIns.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('after its database file is deleted, says so on /healthz and refuses commands that would write', async () => {
    const { requester, config } = await start();
    expect((await healthz(stack!)).status).toBe(200);

    unlinkSync(config.databasePath);
    const health = await healthz(stack!);
    const remind = await requester.command(`remind ${PROJECT} tomorrow note`);
    const help = await requester.command('help');

    expect(health.status).toBe(503);
    expect(health.body.problems[0]).toContain(
      `The bot cannot save (its database file is gone): ${config.databasePath} was deleted or moved`,
    );
    expect(remind.body.text).toBe('The bot cannot save right now (its database file is gone); nothing was changed.');
    expect(help.body.text).toContain('/hca ping');
    expect(stack!.slack.rootMessages()).toHaveLength(0);
  });

  it('answers 503 when the runner or the reminder tick has stopped running', async () => {
    const { bot } = await start({ timings: { healthStaleMs: 2000 } });
    expect((await healthz(stack!)).status).toBe(200);

    await bot.runner.stop();
    await bot.scheduler.stop();
    const health = await waitFor('/healthz to notice', async () => {
      const answer = await healthz(stack!);
      return answer.status === 503 && answer.body.problems.length === 2 ? answer : undefined;
    });

    expect(health.body.problems[0]).toMatch(/^The runner has not looked for due runs for \d+ s\.$/);
    expect(health.body.problems[1]).toMatch(/^The reminder tick has not scanned for \d+ s\.$/);
  });

  it('acks every command and click on a full disk, saying nothing was changed, and logs it once', async () => {
    const { requester, bot, slack } = await start({ env: { LOG_LEVEL: 'info' } });
    stack!.archivers.dev.health = 'hang';
    await requester.command('ping dev');
    const root = await waitFor('the status message', () => slack.rootMessages()[0]);

    fillDisk(bot.db);
    const started = Date.now();
    const commands = await Promise.all(
      ['ping staging', 'ping prod', `remind ${PROJECT} tomorrow`].map((t) => requester.command(t)),
    );
    const tookMs = Date.now() - started;
    const click = await requester.click(root, CANCEL_ACTION);
    const clickAnswer = await answerTo(stack!, click.responseUrl);
    await requester.openHome('U0VISITOR');
    await waitFor('the App Home, published without its visit record', () => slack.homeViews.get('U0VISITOR'));
    await waitFor('the audit to try', () => logged('the bot cannot save').length > 0);

    for (const reply of commands) {
      expect(reply.status).toBe(200);
      expect(reply.body.text).toBe('The bot cannot save right now (disk full); nothing was changed.');
    }
    expect(tookMs).toBeLessThan(2500);
    expect(clickAnswer.body.text).toBe('The bot cannot save right now (disk full); nothing was changed.');
    expect(bot.runs.get(1)?.status).not.toBe('cancelled');
    expect(bot.runs.active()).toHaveLength(1);
    expect(logged('the bot cannot save (disk full)')).toHaveLength(1);
    expect((await healthz(stack!)).body.problems[0]).toContain('The bot cannot save (disk full)');

    freeDisk(bot.db);
    const after = await requester.command('ping staging');

    expect(after.body.text).toMatch(/Started \*R2\*/);
    await waitFor('the store to say it can save again', () => logged('the bot can save again').length === 1);
    expect(bot.audit.recent(50).map((row) => row.outcome)).toContain('refused: cannot save (disk full)');
    bot.runs.cancel(1, 'U0OPERATOR', Date.now());
  });
});
