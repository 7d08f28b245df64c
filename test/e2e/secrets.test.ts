import { afterEach, describe, expect, it } from 'vitest';
import { ENVIRONMENTS } from '../../src/environments.js';
import {
  SANDBOX_AWS_SECRET,
  SANDBOX_BOT_TOKEN,
  SANDBOX_SIGNING_SECRET,
  sandboxArchiverKey,
  startStack,
  type Stack,
} from '../../src/sandbox/stack.js';
import { expectSecretsKept } from '../support/secrets.js';
import { waitFor } from '../support/wait.js';

const SECRETS = [
  SANDBOX_BOT_TOKEN,
  SANDBOX_SIGNING_SECRET,
  SANDBOX_AWS_SECRET,
  ...ENVIRONMENTS.map(sandboxArchiverKey),
  ...ENVIRONMENTS.map((env) => `not-for-the-bot-${env}`),
];

describe('secrets', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack.stop();
  });

  it('appear in no log line at LOG_LEVEL=debug, no Slack call and no database row', async () => {
    const lines: string[] = [];
    stack = await startStack({ env: { LOG_LEVEL: 'debug' }, logSink: (line) => lines.push(line) });
    stack.slack.failNext('chat.update', { status: 429, retryAfter: 1 });
    stack.archivers.staging.health = 'html-500';

    await stack.requester.command('ping');
    await stack.requester.command('help');
    await stack.requester.command('cancel R99');
    await waitFor('run to finish', () => stack.bot.runs.get(1)?.finishedAt);
    await waitFor('the edit after the 429', () => stack.slack.rootMessages()[0]?.text.includes('Done'), 5000);

    expect(lines.length).toBeGreaterThan(20);
    expect(lines.some((l) => l.includes('"level":"debug"'))).toBe(true);
    expectSecretsKept(stack, lines, SECRETS);
  });
});
