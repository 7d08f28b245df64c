import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';

const run = promisify(execFile);

/** `npm start`'s entry point with this environment: its exit code and what it wrote on stderr. */
async function start(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const scratch = mkdtempSync(join(tmpdir(), 'hca-startup-'));
  try {
    await run(join('node_modules', '.bin', 'tsx'), ['src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        // CI's Node 22 run loads better-sqlite3's Node 22 build through NODE_OPTIONS (see .ci/run).
        ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
        SLACK_BOT_TOKEN: 'xoxb-startup-test',
        SLACK_SIGNING_SECRET: 'startup-signing-secret',
        DATABASE_PATH: join(scratch, 'bot.sqlite'),
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...env,
      },
      timeout: 30_000,
    });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The discard port: nothing listens on it here, and unlike a port just freed, no parallel test can take it. */
const CLOSED_PORT = 9;

describe('start-up errors name what could not be reached', { timeout: 60_000 }, () => {
  let slack: SlackStandIn | undefined;
  afterEach(async () => {
    await slack?.stop();
    slack = undefined;
  });

  it('says it could not reach Slack’s Web API, with its URL and why', async () => {
    const url = `http://127.0.0.1:${CLOSED_PORT}/api/`;

    const { code, stderr } = await start({ SLACK_API_URL: url });

    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^Start-up failed: could not reach Slack's Web API at ${url}: fetch failed`));
    expect(stderr).not.toContain('xoxb-startup-test');
  });

  it('says what Slack answered when it refuses the bot token', async () => {
    slack = await new SlackStandIn({ botToken: 'xoxb-another-token' }).start();

    const { code, stderr } = await start({ SLACK_API_URL: slack.apiUrl });

    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`Start-up failed: Slack's Web API at ${slack.apiUrl} answered "invalid_auth"`);
  });
});
