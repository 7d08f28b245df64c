import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CHANNEL, startStack, type Stack } from '../../src/sandbox/stack.js';
import type { StoredMessage } from '../../src/sandbox/slack-stand-in.js';
import { answerTo } from '../support/archive.js';
import { htanRun, lastReply, share, threadOf } from '../support/htan.js';
import { waitFor } from '../support/wait.js';

/** The checklist message of a center in the channel, once it shows `text`. */
function checklistShowing(stack: Stack, center: string, text: string): Promise<StoredMessage> {
  return waitFor(`the ${center} checklist showing ${text}`, () =>
    stack.slack.messages.find(
      (m) =>
        m.channel === SANDBOX_CHANNEL &&
        m.text.includes(`checklist — ${center}`) &&
        JSON.stringify(m.blocks).includes(text),
    ),
  );
}

describe('/htan checklist and /htan certified', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('asks for the center while the channel has no checklist, creating nothing', async () => {
    const reply = await stack.requester.command('checklist', { command: '/htan' });

    expect(reply.body.text).toBe('Name the center: `/htan checklist HTA209` (the HTA<n> prefix of your identifiers).');
    expect(stack.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('refuses a center that is not an HTA<n> prefix', async () => {
    const reply = await stack.requester.command('checklist HTB9', { command: '/htan' });

    expect(reply.body.text).toBe(
      '`HTB9` is not a center: give its HTA<n> prefix, such as HTA209.\nUsage: `/htan checklist [center]`.',
    );
  });

  it('posts the checklist; anyone may tick and untick, and it shows who did and when', async () => {
    const reply = await stack.requester.command('checklist hta209', { command: '/htan' });
    expect(reply.body.text).toBe('Posting the HTA209 checklist in this channel.');
    const posted = await checklistShowing(stack, 'HTA209', '(0 of 4 done)');

    const click = await stack.requester.click(posted, 'htan_checklist_toggle_liaison', { user: 'U0SOMEONE' });
    const ticked = await answerTo(stack, click.responseUrl);
    const unclick = await stack.requester.click(
      { ...posted, blocks: ticked.body.blocks as unknown[] },
      'htan_checklist_toggle_liaison',
      { user: 'U0OTHER' },
    );
    const unticked = await answerTo(stack, unclick.responseUrl);

    expect(ticked.body).toMatchObject({ replace_original: true });
    expect(JSON.stringify(ticked.body.blocks)).toContain('Ticked by <@U0SOMEONE> <!date^');
    expect(JSON.stringify(ticked.body.blocks)).toContain('(1 of 4 done)');
    expect(JSON.stringify(unticked.body.blocks)).toContain('(0 of 4 done)');
    stack.bot.audit.flush();
    expect(stack.bot.audit.recent(2).map((e) => [e.userId, e.action, e.arguments, e.outcome])).toEqual([
      ['U0OTHER', 'button htan_checklist_toggle', 'HTA209 liaison', 'unticked'],
      ['U0SOMEONE', 'button htan_checklist_toggle', 'HTA209 liaison', 'ticked'],
    ]);
  });

  it('does what an older copy of the checklist said, and never undoes what that copy did not show', async () => {
    const before = stack.slack.messages.length;
    await stack.requester.command('checklist HTA209', { command: '/htan' });
    const older = await waitFor('a new copy of the checklist', () =>
      stack.slack.messages.slice(before).find((m) => m.text.includes('checklist — HTA209')),
    );
    const first = await stack.requester.click(older, 'htan_checklist_toggle_data-model', { user: 'U0SOMEONE' });
    const ticked = await answerTo(stack, first.responseUrl);

    const again = await stack.requester.click(older, 'htan_checklist_toggle_data-model', { user: 'U0OTHER' });
    const redrawn = await answerTo(stack, again.responseUrl);
    const untick = await stack.requester.click(
      { ...older, blocks: redrawn.body.blocks as unknown[] },
      'htan_checklist_toggle_data-model',
      { user: 'U0OTHER' },
    );
    await answerTo(stack, untick.responseUrl);

    expect(JSON.stringify(redrawn.body.blocks)).toBe(JSON.stringify(ticked.body.blocks));
    stack.bot.audit.flush();
    expect(stack.bot.audit.recent(3).map((e) => [e.userId, e.arguments, e.outcome])).toEqual([
      ['U0OTHER', 'HTA209 data-model', 'unticked'],
      ['U0OTHER', 'HTA209 data-model', 'already ticked'],
      ['U0SOMEONE', 'HTA209 data-model', 'ticked'],
    ]);
  });

  it('ticks No PHI when a check of the center’s file passes, and unticks it when one finds PHI', async () => {
    await share(stack, 'clean');
    const passed = await htanRun(stack, 'check');
    await lastReply(stack, passed, 'Ticked *No PHI* on the HTA209 checklist (the checklist message is updated)');
    await checklistShowing(stack, 'HTA209', `${passed.ref}: biospecimen-HTA209.csv passed the PHI scan`);

    await share(stack, 'dirty');
    const failed = await htanRun(stack, 'check');

    await lastReply(
      stack,
      failed,
      '*No PHI* on the HTA209 checklist is not ticked: this file has PHI that must be fixed',
    );
    await checklistShowing(stack, 'HTA209', '(0 of 4 done)');
  });

  it('shows the channel’s only checklist when no center is named', async () => {
    const reply = await stack.requester.command('checklist', { command: '/htan' });

    expect(reply.body.text).toBe('Posting the HTA209 checklist in this channel.');
  });

  it('ticks Certified user when Synapse says the user is certified', async () => {
    const run = await htanRun(stack, 'certified jdoe');

    expect(threadOf(stack, run)[0]).toMatch(
      /^:white_check_mark: Synapse user `jdoe` \(id 3412345\) is a Certified User/,
    );
    await lastReply(stack, run, 'Ticked *Certified user* on the HTA209 checklist.');
    await checklistShowing(stack, 'HTA209', `${run.ref}: Synapse user jdoe is certified`);
  });

  it('says when a user never passed (Synapse 404), failed or was revoked, and ticks nothing', async () => {
    const never = await htanRun(stack, 'certified newbie HTA4');
    const failed = await htanRun(stack, 'certified 3400002 HTA4');
    const revoked = await htanRun(stack, 'certified revoked HTA4');

    expect(threadOf(stack, never)[0]).toContain(
      'has not passed the Certified User quiz (Synapse has no passing record)',
    );
    expect(threadOf(stack, failed)[0]).toContain(
      'Synapse user `3400002` took the Certified User quiz and did not pass',
    );
    expect(threadOf(stack, revoked)[0]).toContain('the certification was revoked on <!date^');
    expect(stack.slack.messages.some((m) => m.text.includes('checklist — HTA4'))).toBe(false);
  });

  it('fails plainly for an unknown username', async () => {
    const run = await htanRun(stack, 'certified no-such-user');

    expect(run.status).toBe('failed');
    expect(run.lastError).toBe(
      'Synapse has no user named "no-such-user". Check the spelling, or give the numeric user id.',
    );
  });

  it('pauses on a Synapse 5xx and on a timeout, then answers once Synapse does', async () => {
    stack.synapse.failNext('passingRecord', { status: 503, message: 'Service Unavailable' });
    stack.synapse.failNext('alias', 'hang');

    const run = await htanRun(stack, 'certified jdoe HTA4');

    const thread = threadOf(stack, run);
    expect(run.status).toBe('succeeded');
    expect(thread[0]).toMatch(/^Paused: Synapse at 127\.0\.0\.1:\d+ has not answered for /);
    expect(thread[1]).toMatch(/^Paused: Synapse at 127\.0\.0\.1:\d+ answered HTTP 503/);
    expect(thread[2]).toContain('is a Certified User');
  });
});

describe('/htan certified with a Synapse that answers only with a login', () => {
  const TOKEN = 'syn-pat-5f3c1e0d9b8a7f6e5d4c3b2a';

  async function certifiedWith(token: string | undefined) {
    const stack = await startStack({ env: token ? { SYNAPSE_AUTH_TOKEN: token } : {} });
    stack.synapse.requiredToken = TOKEN;
    try {
      const run = await htanRun(stack, 'certified jdoe');
      const posted = JSON.stringify(stack.slack.messages);
      return { run, thread: threadOf(stack, run), tokens: stack.synapse.requests.map((r) => r.token), posted };
    } finally {
      await stack.stop();
    }
  }

  it('sends SYNAPSE_AUTH_TOKEN as a Bearer token, and never shows it', async () => {
    const { run, thread, tokens, posted } = await certifiedWith(TOKEN);

    expect(run.status).toBe('succeeded');
    expect(thread[0]).toContain('is a Certified User');
    expect(tokens).toEqual([TOKEN, TOKEN]);
    expect(posted).not.toContain(TOKEN);
  });

  it('says an operator can give the bot a token, and does not retry, when it has none', async () => {
    const { run, tokens } = await certifiedWith(undefined);

    expect(run.status).toBe('failed');
    expect(run.lastError).toMatch(
      /^Synapse at 127\.0\.0\.1:\d+ answers only with a login \(HTTP 401\)\. An operator can give the bot a Synapse personal access token/,
    );
    expect(tokens).toEqual([undefined]);
  });

  it('says the token was refused, without quoting it, when Synapse refuses it', async () => {
    const { run, posted } = await certifiedWith('syn-pat-expired-0000000000');

    expect(run.status).toBe('failed');
    expect(run.lastError).toContain("refused the bot's access token (HTTP 401: Invalid access token)");
    expect(posted).not.toContain('syn-pat-expired');
  });
});
