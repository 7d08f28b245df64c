import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OffsetClock } from '../../src/clock.js';
import { startStack, type Stack } from '../../src/sandbox/stack.js';
import type { StoredMessage } from '../../src/sandbox/slack-stand-in.js';
import { ephemeral, notices, project, testClock } from '../support/reminders.js';
import { waitFor } from '../support/wait.js';

const COLLEAGUE = 'U0COLLEAGUE';

describe('changes to a reminder are seen in its channel', () => {
  let stack: Stack;
  let clock: OffsetClock;
  beforeEach(async () => {
    clock = testClock();
    stack = await startStack({ clock, env: { HCA_OPERATORS: `U0OPERATOR,${COLLEAGUE}` } });
  });
  afterEach(async () => {
    await stack.stop();
  });

  const announcementOf = (ref: string) =>
    waitFor(`the announcement of ${ref}`, () =>
      stack.slack.rootMessages('C0OPS').find((m) => m.text.includes(`set reminder *${ref}*`)),
    );
  const editedOnce = (message: StoredMessage) =>
    waitFor('the announcement edited', () => (message.edits === 1 ? message : undefined));
  const channelPosts = () => stack.slack.rootMessages('C0OPS').map((m) => m.text);

  it('a move edits the announcement and tells the channel who moved the date, from what to what', async () => {
    await stack.requester.command(`remind ${project()} 2027-03-10 embargo`);
    const announcement = await announcementOf('M1');

    const moved = await stack.requester.command('reminders move M1 2027-03-17', { user: COLLEAGUE });

    expect(moved.body.text).toMatch(/^M1 moved to Wednesday 17 March 2027, 09:00 Europe\/London/);
    const edited = await editedOnce(announcement);
    expect(edited.text).toMatch(
      /set reminder \*M1\* for the release of project `[^`]+`: Wednesday 17 March 2027, 09:00 Europe\/London — embargo\n:date: Release date moved by <@U0COLLEAGUE> <!date\^\d+\^[^>]+> from Wednesday 10 March 2027 to Wednesday 17 March 2027, 09:00 Europe\/London\.$/,
    );
    await waitFor('the move told in the channel', () => channelPosts().length === 2);
    expect(channelPosts()[1]).toBe(
      `:date: <@U0COLLEAGUE> moved the release date of *M1* (project \`${project()}\`) from Wednesday 10 March 2027 to Wednesday 17 March 2027, 09:00 Europe/London.`,
    );
  });

  it('a cancel edits the announcement, saying who cancelled it', async () => {
    await stack.requester.command(`remind ${project()} 2027-03-10`);
    const announcement = await announcementOf('M1');

    await stack.requester.command('reminders cancel M1', { user: COLLEAGUE });

    const edited = await editedOnce(announcement);
    expect(edited.text).toMatch(
      /\n:no_entry_sign: Cancelled by <@U0COLLEAGUE> <!date\^\d+\^[^>]+>; no more notices\.$/,
    );
    expect(channelPosts()).toHaveLength(1);
  });

  it('Move date… on a notice edits the notice and the announcement and warns the channel of a weekend', async () => {
    await stack.requester.command(`remind ${project()} 2027-03-05`);
    const announcement = await announcementOf('M1');
    clock.advance(Date.UTC(2027, 2, 5, 9) - clock.now());
    await stack.bot.scheduler.scanNow();

    await stack.requester.click(notices(stack.slack, 'C0OPS')[0]!, 'reminder_move', { user: COLLEAGUE });
    const { view } = await waitFor('modal', () => stack.slack.modals[0]);
    await stack.requester.submitView(view, { date: { date: '2027-04-17' } }, { user: COLLEAGUE });

    await editedOnce(announcement);
    const told = await waitFor('the move told in the channel', () =>
      channelPosts().find((t) => t.includes('moved the release date')),
    );
    expect(told).toBe(
      `:date: <@U0COLLEAGUE> moved the release date of *M1* (project \`${project()}\`) from Friday 5 March 2027 to Saturday 17 April 2027, 09:00 Europe/London.\n:warning: Saturday 17 April 2027 is a weekend day; people may be away.`,
    );
    for (const copy of notices(stack.slack)) {
      expect(JSON.stringify(copy.blocks)).toContain(':date: Release date moved by <@U0COLLEAGUE>');
    }
  });

  it('replacing a reminder edits the old one’s announcement', async () => {
    await stack.requester.command(`remind ${project()} 2027-03-10`);
    const announcement = await announcementOf('M1');
    const question = await stack.requester.command(`remind ${project()} 2027-03-24`, { user: COLLEAGUE });

    await stack.requester.click(ephemeral(question.body), 'reminder_replace', { user: COLLEAGUE });

    const edited = await editedOnce(announcement);
    expect(edited.text).toMatch(/\n:repeat: Replaced by <@U0COLLEAGUE> <!date\^\d+\^[^>]+> with a new reminder\.$/);
    await announcementOf('M2');
  });
});
