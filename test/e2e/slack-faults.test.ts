import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../src/sandbox/stack.js';
import { waitFor } from '../support/wait.js';

describe('Slack faults and channels', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack.stop();
  });

  const finished = (id: number) => () => {
    const run = stack.bot.runs.get(id);
    return run?.finishedAt ? run : undefined;
  };

  it('waits out a 429 with Retry-After: 1 on chat.update and still applies the edit', async () => {
    stack = await startStack();
    stack.slack.failNext('chat.update', { status: 429, retryAfter: 1 });

    await stack.requester.command('ping dev');
    await waitFor('run to finish', finished(1));
    const [root] = stack.slack.rootMessages();
    await waitFor('the status edit after the 429', () => root!.text.includes('Done'), 5000);

    const updates = stack.slack.calls.filter((c) => c.method === 'chat.update');
    const limited = updates.find((c) => c.status === 429)!;
    const next = updates.find((c) => c.status === 200 && c.at > limited.at)!;
    expect(next.at - limited.at).toBeGreaterThanOrEqual(1000);
  });

  it('joins a public channel it is not in before posting', async () => {
    stack = await startStack();
    stack.slack.channels.set('C0PUBLIC', { isPrivate: false, isMember: false });

    await stack.requester.command('ping dev', { channel: 'C0PUBLIC' });
    const run = await waitFor('run to finish', finished(1));

    expect(run.status).toBe('succeeded');
    expect(stack.slack.callsTo('conversations.join')).toHaveLength(1);
    expect(stack.slack.rootMessages('C0PUBLIC')).toHaveLength(1);
  });

  it('refuses in a private channel it is not in, telling the requester to invite it', async () => {
    stack = await startStack();
    stack.slack.channels.set('G0PRIVATE', { isPrivate: true, isMember: false });

    const reply = await stack.requester.command('ping dev', { channel: 'G0PRIVATE' });
    const run = await waitFor('run to finish', finished(1));

    expect(run.status).toBe('failed');
    expect(run.lastError).toMatch(/Invite @hca-ops-bot first/);
    const response = await waitFor('the private answer', () =>
      stack.slack.responses.find((r) => reply.responseUrl.endsWith(`/response/${r.id}`)),
    );
    expect(response.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(response.body.text)).toMatch(/Invite @hca-ops-bot first/);
    expect(stack.slack.messages).toHaveLength(0);
  });

  it('keeps a run going when an edit of its status message fails', async () => {
    stack = await startStack();
    stack.slack.failNext('chat.update', { error: 'internal_error' }, { error: 'internal_error' });

    await stack.requester.command('ping');
    const run = await waitFor('run to finish', finished(1));

    expect(run.status).toBe('succeeded');
    const [root] = stack.slack.rootMessages();
    await waitFor('a later edit to land', () => root!.text.includes('Done'));
  });
});
