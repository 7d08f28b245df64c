import { afterEach, describe, expect, it } from 'vitest';
import type { OffsetClock } from '../../src/clock.js';
import { startStack, type Stack } from '../../src/sandbox/stack.js';
import { DAY, HOUR, T0, notices, project, snapshot, testClock } from '../support/reminders.js';
import { waitFor } from '../support/wait.js';

describe('reminder notices', () => {
  let stack: Stack;
  let clock: OffsetClock;
  const launch = async (env: Record<string, string> = {}) => {
    clock = testClock();
    stack = await startStack({ clock, env });
  };
  afterEach(async () => {
    await stack.stop();
  });

  /** Moves the test clock to an instant and fires what is due. */
  const at = async (instant: number) => {
    clock.advance(instant - clock.now());
    return stack.bot.scheduler.scanNow();
  };
  const texts = (message: { blocks?: unknown[] }) => JSON.stringify(message.blocks);

  it('posts the advance notice and the release-date notice at the hour, in the channel and to the creator', async () => {
    await launch();
    await stack.requester.command(`remind ${project()} 2027-03-10 embargo until the paper`);

    await at(Date.UTC(2027, 2, 3, 8, 59, 59));
    expect(notices(stack.slack)).toEqual([]);

    await at(Date.UTC(2027, 2, 3, 9));
    const advance = notices(stack.slack);
    expect(advance.map((m) => m.channel).sort()).toEqual(['C0OPS', 'D0OPERATOR']);
    expect(advance[0]!.text).toBe(
      `Project ${project()} is due for release in 7 days, on Wednesday 10 March 2027, 09:00 Europe/London (M1)`,
    );

    await at(Date.UTC(2027, 2, 10, 9));
    const releaseDay = notices(stack.slack).slice(2);
    const channel = releaseDay.find((m) => m.channel === 'C0OPS');
    const dm = releaseDay.find((m) => m.channel === 'D0OPERATOR');
    expect(channel).toMatchObject({ channel: 'C0OPS', text: `Release day for project ${project()} (M1)` });
    expect(dm).toMatchObject({ channel: 'D0OPERATOR', text: channel!.text });
    const body = texts(channel!);
    expect(body).toContain('Note: embargo until the paper');
    expect(body).toContain('Set by <@U0OPERATOR> <!date^1803902400^');
    expect(body).toContain('*Export files and metadata*');
    expect(body).toContain('data release import form');
    expect(body).toContain(`https://data.humancellatlas.org/explore/projects/${project()}`);
    expect(body).not.toContain('late by');
    expect(stack.bot.reminders.get(1)?.status).toBe('sent');
  });

  it('marks the reminder released on Released, shows who on both copies, and answers later clicks', async () => {
    await launch();
    await stack.requester.command(`remind ${project()} 2027-03-05`);
    await at(Date.UTC(2027, 2, 5, 9));
    const [channel] = notices(stack.slack);
    const before = snapshot(channel!);

    await stack.requester.click(before, 'reminder_released');
    await waitFor('both copies edited', () => notices(stack.slack).every((m) => m.edits === 1));
    await stack.requester.click(before, 'reminder_snooze');

    expect(stack.bot.reminders.get(1)).toMatchObject({
      status: 'done',
      handledBy: 'U0OPERATOR',
      handledAction: 'released',
    });
    for (const copy of notices(stack.slack)) {
      expect(texts(copy)).toContain(':white_check_mark: Marked released by <@U0OPERATOR>');
      expect(texts(copy)).not.toContain('reminder_snooze');
    }
    const late = await waitFor('ephemeral answer', () => stack.slack.responses.at(-1));
    expect(late.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(late.body.text).toMatch(/^Already handled by <@U0OPERATOR>: M1 was marked released/);
    expect(stack.bot.audit.recent(2).map((a) => [a.action, a.arguments, a.outcome])).toEqual([
      ['button reminder_snooze', 'M1', 'refused: already handled'],
      ['button reminder_released', 'M1', 'released M1'],
    ]);
  });

  it('snoozing the release-day notice reminds again a week later and leaves the agreed date alone', async () => {
    await launch({ REMINDER_ADVANCE_DAYS: '0' });
    await stack.requester.command(`remind ${project()} 2027-03-05`);
    await at(Date.UTC(2027, 2, 5, 9));

    clock.advance(5 * HOUR + 17 * 60_000);
    await stack.requester.click(notices(stack.slack)[0]!, 'reminder_snooze');
    await waitFor('snoozed', () => stack.bot.reminders.get(1)?.status === 'scheduled');

    expect(stack.bot.reminders.get(1)).toMatchObject({
      releaseDate: '2027-03-05',
      dateDueAt: Date.UTC(2027, 2, 12, 9),
      handledAction: 'snoozed',
    });
    await waitFor('both copies show the snooze', () =>
      notices(stack.slack).every((m) =>
        texts(m).includes(
          'the next reminder comes Friday 12 March 2027, 09:00 Europe/London. The release date stays Friday 5 March 2027.',
        ),
      ),
    );
    const listed = await stack.requester.command('reminders');
    expect(listed.body.text).toContain(
      '— Friday 5 March 2027 · reminding again Friday 12 March 2027, 09:00 Europe/London ·',
    );
    const announcement = stack.slack.rootMessages('C0OPS').find((m) => m.text.includes('set reminder *M1*'));
    expect(announcement?.edits).toBe(0);

    await at(Date.UTC(2027, 2, 12, 8, 59));
    expect(notices(stack.slack)).toHaveLength(2);
    await at(Date.UTC(2027, 2, 12, 9));
    const again = notices(stack.slack).slice(2);
    expect(again.map((m) => m.text)).toEqual([
      `The release date of project ${project()} passed 7 days ago (M1)`,
      `The release date of project ${project()} passed 7 days ago (M1)`,
    ]);
    expect(texts(again[0]!)).toContain('Release: Friday 5 March 2027, 09:00 Europe/London');
    expect(texts(again[0]!)).not.toContain('late by');
    expect(stack.bot.reminders.get(1)?.releaseDate).toBe('2027-03-05');
  });

  it('snoozing the advance notice reminds again in a week, or on the release day when that is sooner', async () => {
    await launch({ REMINDER_ADVANCE_DAYS: '10' });
    await stack.requester.command(`remind ${project()} 2027-03-20`);
    await at(Date.UTC(2027, 2, 10, 9));
    expect(notices(stack.slack).map((m) => m.text)[0]).toMatch(/is due for release in 10 days/);

    await stack.requester.click(notices(stack.slack)[0]!, 'reminder_snooze');
    await waitFor('snoozed', () => stack.bot.reminders.get(1)?.handledAction === 'snoozed');
    expect(stack.bot.reminders.get(1)).toMatchObject({
      releaseDate: '2027-03-20',
      advanceDueAt: Date.UTC(2027, 2, 17, 9),
      dateDueAt: Date.UTC(2027, 2, 20, 9),
    });

    await at(Date.UTC(2027, 2, 17, 9));
    const second = notices(stack.slack).slice(2);
    expect(second.map((m) => m.text)[0]).toMatch(/is due for release in 3 days, on Saturday 20 March 2027/);
    await stack.requester.click(second[0]!, 'reminder_snooze');
    await waitFor('snoozed again', () => stack.bot.reminders.get(1)?.advanceDueAt === null);

    expect(stack.bot.reminders.get(1)).toMatchObject({
      releaseDate: '2027-03-20',
      dateDueAt: Date.UTC(2027, 2, 20, 9),
    });
    await at(Date.UTC(2027, 2, 20, 9));
    expect(
      notices(stack.slack)
        .slice(4)
        .map((m) => m.text),
    ).toEqual([`Release day for project ${project()} (M1)`, `Release day for project ${project()} (M1)`]);
  });

  it('moves the date from a modal, showing a refused date inside the modal', async () => {
    await launch();
    await stack.requester.command(`remind ${project()} 2027-03-05`);
    await at(Date.UTC(2027, 2, 5, 9));

    await stack.requester.click(notices(stack.slack)[0]!, 'reminder_move');
    const { view } = await waitFor('modal', () => stack.slack.modals[0]);
    const refused = await stack.requester.submitView(view, { date: { date: '2027-03-04' } });
    const accepted = await stack.requester.submitView(view, { date: { date: '2027-04-15' } });

    expect(JSON.stringify(view)).toContain('"initial_date":"2027-03-12"');
    expect(refused.body).toEqual({ response_action: 'errors', errors: { date: '2027-03-04 is in the past.' } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({});
    expect(stack.bot.reminders.get(1)).toMatchObject({
      status: 'scheduled',
      releaseDate: '2027-04-15',
      handledAction: 'moved',
    });
    await waitFor('notice shows the move', () =>
      texts(notices(stack.slack)[0]!).includes(':date: Release date moved by <@U0OPERATOR>'),
    );
    const again = await stack.requester.submitView(view, { date: { date: '2027-04-20' } });
    expect(again.body).toMatchObject({
      errors: { date: expect.stringMatching(/^Already handled by @U0OPERATOR: M1 was moved/) },
    });
  });

  it('fires at 02:00 BST on the spring-forward day when REMINDER_HOUR is the skipped 01:00', async () => {
    await launch({ REMINDER_HOUR: '1', REMINDER_ADVANCE_DAYS: '0' });
    await stack.requester.command(`remind ${project()} 2027-03-28`);

    await at(Date.UTC(2027, 2, 28, 0, 59, 59));
    expect(notices(stack.slack)).toEqual([]);
    await at(Date.UTC(2027, 2, 28, 1));

    expect(notices(stack.slack)).toHaveLength(2);
    expect(notices(stack.slack)[0]!.text).toBe(`Release day for project ${project()} (M1)`);
    expect(texts(notices(stack.slack)[0]!)).toContain('Release: Sunday 28 March 2027, 02:00 Europe/London');
  });

  it('fires once, at the first 01:00, on the fall-back day when REMINDER_HOUR is the repeated hour', async () => {
    await launch({ REMINDER_HOUR: '1', REMINDER_ADVANCE_DAYS: '0' });
    await stack.requester.command(`remind ${project()} 2027-10-31`);

    await at(Date.UTC(2027, 9, 30, 23, 59, 59));
    expect(notices(stack.slack)).toEqual([]);
    await at(Date.UTC(2027, 9, 31, 0));
    expect(notices(stack.slack)).toHaveLength(2);
    await at(Date.UTC(2027, 9, 31, 1));

    expect(notices(stack.slack)).toHaveLength(2);
    expect(texts(notices(stack.slack)[0]!)).toContain('Release: Sunday 31 October 2027, 01:00 Europe/London');
  });

  it('keeps nothing when the bot may not post in the (private) channel', async () => {
    await launch();
    stack.slack.channels.set('G0SECRET', { isPrivate: true, isMember: false });

    const reply = await stack.requester.command(`remind ${project()} 2027-03-10`, { channel: 'G0SECRET' });

    expect(reply.body.text).toMatch(/Reminder \*M1\* set/);
    const told = await waitFor('told to invite the bot', () =>
      stack.slack.responses.find((r) => /Invite @hca-ops-bot first/.test(String(r.body.text))),
    );
    expect(told.body.text).toMatch(/Reminder M1 was not kept\.$/);
    expect(stack.bot.reminders.get(1)?.status).toBe('cancelled');
    await at(T0 + 20 * DAY);
    expect(notices(stack.slack)).toEqual([]);
  });
});
