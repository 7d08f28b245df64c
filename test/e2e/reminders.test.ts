import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OffsetClock } from '../../src/clock.js';
import { startStack, type Stack } from '../../src/sandbox/stack.js';
import { DAY, T0, ephemeral, notices, project, testClock } from '../support/reminders.js';
import { waitFor } from '../support/wait.js';

describe('/hca remind and /hca reminders', () => {
  let stack: Stack;
  let clock: OffsetClock;
  beforeEach(async () => {
    clock = testClock();
    stack = await startStack({ clock });
  });
  afterEach(async () => {
    await stack.stop();
  });

  const remind = (text: string, user?: string) => stack.requester.command(`remind ${text}`, { user });
  const lastAudit = () => stack.bot.audit.recent(1)[0];

  it('confirms with the date written out and the id, and tells the channel', async () => {
    const reply = await remind(`${project().toUpperCase()} 2027-03-10 hold until the paper is out`);

    expect(reply.body.text).toContain(
      `Reminder *M1* set for project \`${project()}\`: Wednesday 10 March 2027, 09:00 Europe/London.`,
    );
    expect(reply.body.text).toContain('An advance notice comes Wednesday 3 March 2027, 09:00 Europe/London.');
    const [announcement] = await waitFor(
      'announcement',
      () => stack.slack.rootMessages('C0OPS').length === 1 && stack.slack.rootMessages('C0OPS'),
    );
    expect(announcement!.text).toMatch(
      /set reminder \*M1\*.*Wednesday 10 March 2027, 09:00 Europe\/London — hold until the paper is out/,
    );
    expect(stack.bot.reminders.get(1)).toMatchObject({
      projectUuid: project(),
      releaseDate: '2027-03-10',
      note: 'hold until the paper is out',
      channelId: 'C0OPS',
      creator: 'U0OPERATOR',
      createdAt: T0,
      status: 'scheduled',
    });
    expect(lastAudit()).toMatchObject({ action: '/hca remind', outcome: 'set M1' });
  });

  it('asks with buttons before replacing a project’s reminder, and Replace swaps them', async () => {
    await remind(`${project()} 2027-03-10`);

    const question = await remind(`${project()} in 3 weeks new date agreed`);
    expect(question.body.text).toMatch(/already has reminder \*M1\*.*Replace it with one for Monday 22 March 2027/);
    expect(stack.bot.reminders.count()).toBe(1);

    await stack.requester.click(ephemeral(question.body), 'reminder_replace');

    await waitFor('replacement answer', () =>
      stack.slack.responses.some((r) => /Reminder \*M2\* set/.test(String(r.body.text))),
    );
    expect(stack.bot.reminders.get(1)).toMatchObject({ status: 'cancelled', handledAction: 'replaced' });
    expect(stack.bot.reminders.get(2)).toMatchObject({
      releaseDate: '2027-03-22',
      note: 'new date agreed',
      status: 'scheduled',
    });
    expect(stack.bot.audit.recent(5).map((a) => a.outcome)).toContain('replaced M1 with M2');
  });

  it('keeps the first reminder when Keep is pressed', async () => {
    await remind(`${project()} 2027-03-10`);
    const question = await remind(`${project()} 2027-04-10`);

    await stack.requester.click(ephemeral(question.body), 'reminder_keep');

    await waitFor('keep answer', () => stack.slack.responses.some((r) => r.body.text === 'Kept M1; nothing changed.'));
    expect(stack.bot.reminders.count()).toBe(1);
    expect(stack.bot.reminders.get(1)?.releaseDate).toBe('2027-03-10');
  });

  it('refuses each bad input with a clear message and stores nothing', async () => {
    const cases: [string, RegExp][] = [
      ['8f4c2a9e-1111-4222-8333 2027-03-10', /is not a valid project UUID/],
      [`${project()} 03/04/2027`, /could be Saturday 3 April 2027 \(day\/month\).* or Thursday 4 March 2027/],
      [`${project()} 31/31/2027`, /not a date read either way round/],
      [`${project()} friday 3pm`, /names a time of day/],
      [`${project()} 2027-02-30`, /February 2027 has 28 days/],
      [`${project()} 2027-02-27`, /in the past/],
      [`${project()} 2033-01-01`, /more than 5 years ahead/],
      [`${project()} today`, /09:00 Europe\/London, which has passed/],
      [`${project()} whenever`, /not a date I understand/],
      [`${project()}`, /A date is missing/],
      [`${project()} tomorrow ${'x'.repeat(501)}`, /keep it within 500/],
    ];

    for (const [text, expected] of cases) {
      const reply = await remind(text);
      expect(reply.body.text, text).toMatch(expected);
    }

    expect(stack.bot.reminders.count()).toBe(0);
    expect(stack.slack.rootMessages()).toEqual([]);
  });

  it('refuses non-operators who set, cancel, move or act on reminders, and lets them list', async () => {
    await remind(`${project()} 2027-03-03`);
    clock.advance(2 * DAY);
    await stack.bot.scheduler.scanNow();
    const [notice] = notices(stack.slack, 'C0OPS');

    const set = await remind(`${project(2)} 2027-03-10`, 'U0VISITOR');
    const cancel = await stack.requester.command('reminders cancel M1', { user: 'U0VISITOR' });
    const move = await stack.requester.command('reminders move M1 2027-04-01', { user: 'U0VISITOR' });
    const list = await stack.requester.command('reminders all', { user: 'U0VISITOR' });
    await stack.requester.click(notice!, 'reminder_released', { user: 'U0VISITOR' });

    expect(set.body.text).toMatch(/Only operators may run `\/hca remind`/);
    expect(cancel.body.text).toMatch(/^Only operators may cancel reminders\.$/);
    expect(move.body.text).toMatch(/^Only operators may move reminders\.$/);
    expect(list.body.text).toMatch(/\*M1\* `[0-9a-f-]+` — Wednesday 3 March 2027 · sent, awaiting a decision/);
    await waitFor('click refusal', () => stack.slack.responses.some((r) => /Only operators/.test(String(r.body.text))));
    expect(stack.bot.reminders.get(1)).toMatchObject({ status: 'sent', handledBy: null });
    expect(stack.bot.audit.recent(10).filter((a) => a.outcome === 'refused: not an operator')).toHaveLength(4);
  });

  it('lists upcoming reminders soonest first; `all` adds sent, released and cancelled ones', async () => {
    await remind(`${project(1)} 2027-05-01 later one`);
    await remind(`${project(2)} 2027-03-20 sooner one`);
    await remind(`${project(3)} 2027-04-01 to cancel`);
    await stack.requester.command('reminders cancel M3');

    const upcoming = await stack.requester.command('reminders');
    const all = await stack.requester.command('reminders all');

    expect(upcoming.body.text?.split('\n').map((l) => /\*(M\d+)\*/.exec(l)?.[1] ?? l)).toEqual([
      '*Upcoming reminders* (2)',
      'M2',
      'M1',
    ]);
    expect(all.body.text).toMatch(/\*M3\*.*cancelled \(cancelled by <@U0OPERATOR>\)/);
  });

  it('shows a reader in another zone the time in their own zone too', async () => {
    stack.slack.users.set('U0NEWYORK', { tz: 'America/New_York', name: 'ny' });
    await remind(`${project()} 2027-03-10`);

    const first = await stack.requester.command('reminders', { user: 'U0NEWYORK' });
    const replaced = await waitFor('answer in the reader’s zone', () =>
      stack.slack.responses.find((r) => r.id === first.responseUrl.split('/').pop()),
    );
    const second = await stack.requester.command('reminders', { user: 'U0NEWYORK' });

    expect(replaced.body).toMatchObject({ replace_original: true });
    const inTheirZone =
      'Wednesday 10 March 2027, 09:00 Europe/London (Wednesday 10 March 2027, 04:00 America/New_York for you)';
    expect(replaced.body.text).toContain(inTheirZone);
    expect(second.body.text).toContain(inTheirZone);
    expect(stack.slack.callsTo('users.info').filter((c) => c.args.user === 'U0NEWYORK')).toHaveLength(1);
  });

  it('cancels and moves a reminder by id', async () => {
    await remind(`${project(1)} 2027-03-10`);
    await remind(`${project(2)} 2027-03-10`);

    const cancelled = await stack.requester.command('reminders cancel m1');
    const moved = await stack.requester.command('reminders move M2 in 2 months');
    const again = await stack.requester.command('reminders cancel M1');
    const runId = await stack.requester.command('reminders cancel R1');

    expect(cancelled.body.text).toBe('M1 cancelled.');
    expect(moved.body.text).toBe(
      'M2 moved to Saturday 1 May 2027, 09:00 Europe/London: the next reminder comes Saturday 24 April 2027, 09:00 Europe/London.\n:warning: Saturday 1 May 2027 is a weekend day; people may be away.',
    );
    expect(again.body.text).toMatch(/M1 is already cancelled by <@U0OPERATOR>/);
    expect(runId.body.text).toMatch(/`R1` is a run id; reminder ids look like M7/);
    expect(stack.bot.reminders.get(2)).toMatchObject({
      releaseDate: '2027-05-01',
      advanceDueAt: Date.UTC(2027, 3, 24, 8),
    });
  });
});
