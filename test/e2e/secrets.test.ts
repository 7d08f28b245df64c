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
import { REDACTION_NOTE } from '../../src/commands/dispatcher.js';
import { expectSecretsKept } from '../support/secrets.js';
import { waitFor } from '../support/wait.js';

// Shaped like real credentials the bot has never seen, built at run time so that no scanner mistakes this file.
const ACCESS_KEY_ID = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
const AWS_SECRET = ['wJalrXUtnFEMI', '/K7MDENG/bPxRfiCYEXAMPLEKEY'].join('');
const SLACK_TOKEN = ['xoxp', '1234567890-0987654321-1122334455-abcdef0123456789'].join('-');
const PROJECT = '8f4c2a9e-1111-4222-8333-000000000001';

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
    await waitFor('the edit after the 429', () => stack.slack.rootMessages()[0]?.text.includes('Done'));

    expect(lines.length).toBeGreaterThan(20);
    expect(lines.some((l) => l.includes('"level":"debug"'))).toBe(true);
    expectSecretsKept(stack, lines, SECRETS);
  });

  it('pasted into commands are redacted before anything is stored, posted or logged, and the reply says so', async () => {
    const lines: string[] = [];
    stack = await startStack({ env: { LOG_LEVEL: 'debug' }, logSink: (line) => lines.push(line) });
    await stack.requester.command('ping dev');
    await waitFor('the dev key to be fetched and the run to finish', () => stack.bot.runs.get(1)?.finishedAt);
    const pasted = [sandboxArchiverKey('dev'), ACCESS_KEY_ID, AWS_SECRET, SLACK_TOKEN];

    const remind = await stack.requester.command(`remind ${PROJECT} tomorrow keys ${pasted.join(' ')} for the release`);
    const unknown = await stack.requester.command(SANDBOX_SIGNING_SECRET);
    const status = await stack.requester.command(`status ${SLACK_TOKEN}`);
    await waitFor('the reminder to be announced in the channel', () =>
      stack.slack.rootMessages().some((m) => m.text.includes('set reminder')),
    );

    for (const reply of [remind, unknown, status]) expect(reply.body.text).toContain(REDACTION_NOTE);
    expect(unknown.body.text).toContain('Unknown subcommand `[redacted]`');
    const [reminder] = stack.bot.reminders.upcoming(5);
    expect(reminder?.note).toBe('keys [redacted] [redacted] [redacted] [redacted] for the release');
    expect(stack.bot.audit.recent(10).map((row) => row.action)).toContain('/hca [redacted]');
    expectSecretsKept(stack, lines, [...SECRETS, ...pasted]);
  });
});
