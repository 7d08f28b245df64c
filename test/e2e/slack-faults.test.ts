import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_OPERATOR, startStack, type Stack } from '../../src/sandbox/stack.js';
import { ARCHIVE_ACTIONS } from '../../src/workflows/archive/questions.js';
import { atStep, dspOf, messageWithButton, posts, startArchiveStack, SUBMISSION } from '../support/archive.js';
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
    await waitFor('the status edit after the 429', () => root!.text.includes('Done'));

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

  it('waits in a private channel it is not in, tells the requester once to invite it, and goes on once invited', async () => {
    stack = await startStack();
    stack.slack.channels.set('G0PRIVATE', { isPrivate: true, isMember: false });

    const reply = await stack.requester.command('ping dev', { channel: 'G0PRIVATE' });
    const waiting = await waitFor('the run to wait for the invitation', () => {
      const run = stack.bot.runs.get(1);
      return run?.status === 'waiting' && run.attempts >= 2 ? run : undefined;
    });
    const response = await waitFor('the private answer', () =>
      stack.slack.responses.find((r) => reply.responseUrl.endsWith(`/response/${r.id}`)),
    );
    stack.slack.channels.set('G0PRIVATE', { isPrivate: true, isMember: true });
    const run = await waitFor('run to finish', finished(1));

    expect(waiting.lastError).toMatch(/Invite @hca-ops-bot first .* The run waits and tries again by itself\.$/);
    expect(response.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(response.body.text)).toMatch(/Invite @hca-ops-bot first/);
    expect(stack.slack.responses.filter((r) => reply.responseUrl.endsWith(`/response/${r.id}`))).toHaveLength(1);
    expect(run.status).toBe('succeeded');
    expect(stack.slack.rootMessages('G0PRIVATE')).toHaveLength(1);
  });

  it('keeps a run waiting, not failed, through Slack errors on its posts, and goes on when a post gets through', async () => {
    stack = await startStack();
    stack.slack.failNext(
      'chat.postMessage',
      { error: 'channel_not_found' },
      { error: 'channel_not_found' },
      { error: 'fatal_error' },
    );

    await stack.requester.command('ping dev');
    const waiting = await waitFor('the run to wait for Slack', () => {
      const run = stack.bot.runs.get(1);
      return run?.status === 'waiting' && run.lastError ? run : undefined;
    });
    const run = await waitFor('run to finish', finished(1));

    expect(waiting.lastError).toMatch(/^Slack answered chat.postMessage with "(channel_not_found|fatal_error)"\./);
    expect(run.status).toBe('succeeded');
    expect(stack.slack.rootMessages()).toHaveLength(1);
  });

  it.each(['invalid_blocks', 'msg_too_long'])(
    'posts a message Slack refuses with %s as plain text, keeping its buttons, and names the block in the log',
    async (refusal) => {
      const lines: string[] = [];
      stack = await startStack({ logSink: (line) => lines.push(line) });
      stack.archivers.dev.health = 'hang';
      stack.slack.failNext('chat.postMessage', { error: refusal });

      await stack.requester.command('ping dev');
      const root = await waitFor('the status message', () => stack.slack.rootMessages()[0]);

      expect(root.blocks?.map((b) => (b as { type: string }).type)).toEqual(['section', 'actions']);
      expect(JSON.stringify(root.blocks)).toContain('R1 · ping dev');
      expect(JSON.stringify(root.blocks)).toContain('run_cancel');
      const warning = lines.find((line) => line.includes('slack refused a message as built'));
      expect(warning).toContain(`"error":"${refusal}"`);
      expect(warning).toContain(refusal === 'invalid_blocks' ? '/blocks/0/text (section)' : 'blocks, ');
      expect(stack.bot.runs.get(1)?.status).toBe('running');
      stack.bot.runs.cancel(1, 'U0OPERATOR', Date.now());
    },
  );

  it('posts an approval request Slack refuses as plain text with its buttons, and the approval still completes', async () => {
    stack = await startArchiveStack();
    await stack.requester.command(`archive ${SUBMISSION} dev`);
    const waiting = await atStep(stack, 1, 'wait-files');
    stack.slack.failNext('chat.postMessage', { error: 'invalid_blocks' });

    stack.archivers.dev.uploadFiles(dspOf(waiting));
    const approval = await messageWithButton(stack, ARCHIVE_ACTIONS.complete);
    await stack.requester.click(approval, ARCHIVE_ACTIONS.complete, { user: SANDBOX_OPERATOR });
    const run = await waitFor('run to finish', finished(1), 10_000);

    expect(approval.blocks?.map((b) => (b as { type: string }).type)).toEqual(['section', 'actions']);
    expect(JSON.stringify(approval.blocks)).toContain('is ready to complete');
    expect(run.status).toBe('succeeded');
    expect(posts(stack, 'dev', 'complete')).toBe(1);
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
