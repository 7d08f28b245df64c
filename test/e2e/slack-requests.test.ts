import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_OPERATOR, startStack, type Stack } from '../../src/sandbox/stack.js';
import { waitFor } from '../support/wait.js';

const NOT_AN_OPERATOR = 'U0VISITOR';

describe('signed Slack requests to /slack/events', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  const runCount = () => stack.bot.runs.active().length + stack.bot.runs.recentlyFinished(1000).length;

  it.each([
    ['a tampered body', { tamperBody: (b: string) => b.replace('text=ping', 'text=ping+prod') }],
    ['a wrong signature', { signature: 'v0=' + '0'.repeat(64) }],
    ['no signature', { signature: null }],
    ['a 6-minute-old timestamp', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
    ['a timestamp 6 minutes ahead', { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 }],
    ['a timestamp 99 hours ahead', { timestamp: Math.floor(Date.now() / 1000) + 99 * 3600 }],
    ['the timestamp 1e10', { timestamp: 1e10 }],
    ['a timestamp with a fraction', { timestamp: Math.floor(Date.now() / 1000) + 0.5 }],
  ])('answers 401 to %s and starts nothing', async (_name, delivery) => {
    const before = runCount();

    const reply = await stack.requester.command('ping', delivery);

    expect(reply.status).toBe(401);
    expect(runCount()).toBe(before);
    expect(stack.bot.audit.recent(1000).filter((a) => a.action.startsWith('/hca ping'))).toHaveLength(before);
  });

  it('starts one run when Slack delivers the same command again with X-Slack-Retry-Num 1..3', async () => {
    const triggerId = 'retry.trigger.1';
    const first = await stack.requester.command('ping dev', { triggerId });
    const retries = await Promise.all(
      [1, 2, 3].map((retryNum) => stack.requester.command('ping dev', { triggerId, retryNum })),
    );

    expect(first.body.text).toMatch(/Started \*R(\d+)\*/);
    const runRef = /\*(R\d+)\*/.exec(first.body.text ?? '')?.[1];
    for (const retry of retries) expect(retry.body.text).toContain(runRef);
    expect(
      stack.bot.runs
        .active()
        .concat(stack.bot.runs.recentlyFinished(100))
        .filter((r) => r.kind === 'ping' && r.params.environments?.toString() === 'dev'),
    ).toHaveLength(1);
  });

  it('links a second request for the same work to the active run instead of starting another', async () => {
    stack.archivers.prod.health = 'hang';
    const first = await stack.requester.command('ping prod');
    const second = await stack.requester.command('ping prod', { user: 'U0SOMEONE' });

    expect(first.body.text).toMatch(/Started/);
    expect(second.body.text).toMatch(/is already running/);
    const run = stack.bot.runs.active().find((r) => r.idempotencyKey === 'ping:prod');
    expect(run).toBeDefined();
    stack.bot.runs.cancel(run!.id, SANDBOX_OPERATOR, Date.now());
    stack.archivers.prod.health = 'ok';
  });

  it('shows operators their commands in help and hides them from everyone else', async () => {
    const operator = await stack.requester.command('help', { user: SANDBOX_OPERATOR });
    const visitor = await stack.requester.command('help', { user: NOT_AN_OPERATOR });

    expect(operator.body.response_type).toBe('ephemeral');
    expect(operator.body.text).toContain('/hca cancel <run-id>');
    expect(operator.body.text).toContain('/hca retry <run-id>');
    expect(visitor.body.text).toContain('/hca ping');
    expect(visitor.body.text).not.toContain('/hca cancel');
    expect(visitor.body.text).not.toContain('/hca retry');
  });

  it('explains one subcommand with help <name>', async () => {
    const reply = await stack.requester.command('help status');

    expect(reply.body.text).toContain('/hca status [run-id|uuid]');
  });

  it.each([
    ['', /Usage: `\/hca <subcommand>`/],
    ['   ', /Usage: `\/hca <subcommand>`/],
    ['pnig', /Unknown subcommand `pnig`\. Did you mean `\/hca ping`\?/],
    ['frobnicate', /Unknown subcommand `frobnicate`\. See `\/hca help`/],
    ['status 8f4c2a9e-not-a-uuid', /neither a run id \(like R42\) nor a submission UUID/],
    [
      'ping moon',
      /`moon` is not an environment: use dev, staging, prod or all\.\nUsage: `\/hca ping \[dev\|staging\|prod\|all\]`/,
    ],
    ['ping dev staging', /Too many arguments/],
    ['cancel', /An argument is missing\.\nUsage: `\/hca cancel <run-id>`/],
    ['cancel 42', /`42` is not a run id/],
  ])('answers %j with an ephemeral usage message and creates no run', async (text, expected) => {
    const before = runCount();

    const reply = await stack.requester.command(text);

    expect(reply.status).toBe(200);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(reply.body.text).toMatch(expected);
    expect(runCount()).toBe(before);
  });

  it('refuses an operator command from a non-operator with the reason, and audits it', async () => {
    const reply = await stack.requester.command('cancel R1', { user: NOT_AN_OPERATOR });

    expect(reply.body.text).toBe('Only operators may run `/hca cancel`.');
    const [entry] = stack.bot.audit.recent(1);
    expect(entry).toMatchObject({
      userId: NOT_AN_OPERATOR,
      action: '/hca cancel',
      arguments: 'R1',
      outcome: 'refused: not an operator',
    });
  });

  it('acks before the run does any network work', async () => {
    stack.archivers.dev.health = 'hang';
    const seen = stack.archivers.dev.requests.length;

    const reply = await stack.requester.command('ping dev', { triggerId: 'ack.first' });

    expect(reply.body.text).toMatch(/Started/);
    const ref = /\*(R\d+)\*/.exec(reply.body.text ?? '')?.[1];
    await waitFor('the run to reach the hanging archiver', () => stack.archivers.dev.requests.length > seen);
    const run = stack.bot.runs.active().find((r) => r.ref === ref);
    stack.bot.runs.cancel(run!.id, SANDBOX_OPERATOR, Date.now());
    stack.archivers.dev.health = 'ok';
  });
});
