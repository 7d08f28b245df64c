import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from '../../src/bot.js';
import type { OffsetClock } from '../../src/clock.js';
import { FAST_TIMINGS, startStack, type Stack } from '../../src/sandbox/stack.js';
import { openDatabase } from '../../src/store/db.js';
import { ReminderStore } from '../../src/store/reminders.js';
import { DAY, T0, notices, project, testClock } from '../support/reminders.js';
import { waitFor } from '../support/wait.js';

const DUE = Date.UTC(2027, 2, 3, 9);

describe('reminders across downtime, clock jumps and crashes', () => {
  let stack: Stack;
  let clock: OffsetClock;
  const launch = async (options: Parameters<typeof startStack>[0] = {}) => {
    clock = testClock();
    stack = await startStack({ clock, env: { REMINDER_ADVANCE_DAYS: '0' }, ...options });
  };
  afterEach(async () => {
    await stack.stop();
  });

  const setReminders = async (count: number, channel = 'C0OPS', first = 1) => {
    for (let n = first; n < first + count; n++) {
      const reply = await stack.requester.command(`remind ${project(n)} 2027-03-03 note ${n}`, { channel });
      expect(reply.body.text).toMatch(/Reminder \*M\d+\* set/);
    }
  };
  const blocksOf = (message: { blocks?: unknown[] }) => JSON.stringify(message.blocks);

  it('fires every reminder missed while the bot was down on start-up, marked late', async () => {
    await launch();
    await setReminders(3);

    await stack.restartBot({ clock: testClock(DUE + 50 * 3_600_000) });

    await waitFor('all committed', () => stack.bot.reminders.all(10).every((r) => r.status === 'sent'));
    const posted = notices(stack.slack);
    expect(posted.map((m) => m.channel).sort()).toEqual([
      'C0OPS',
      'C0OPS',
      'C0OPS',
      'D0OPERATOR',
      'D0OPERATOR',
      'D0OPERATOR',
    ]);
    for (const message of posted) expect(blocksOf(message)).toContain('This notice is late by 2 days');
  });

  it('tells the truth after downtime: passed dates first, the real time left, a missed advance notice folded in', async () => {
    await launch({ env: { REMINDER_ADVANCE_DAYS: '7' } });
    for (const [n, date] of [
      [1, '2027-03-04'],
      [2, '2027-03-12'],
      [3, '2027-03-09'],
    ] as const) {
      await stack.requester.command(`remind ${project(n)} ${date}`);
    }

    await stack.restartBot({ clock: testClock(Date.UTC(2027, 2, 10, 12)) });

    await waitFor('six notices', () => notices(stack.slack).length === 6);
    const expected = [
      `The release date of project ${project(1)} passed 6 days ago (M1)`,
      `The release date of project ${project(3)} passed yesterday (M3)`,
      `Project ${project(2)} is due for release in 2 days, on Friday 12 March 2027, 09:00 Europe/London (M2)`,
    ];
    expect(notices(stack.slack, 'C0OPS').map((m) => m.text)).toEqual(expected);
    expect(notices(stack.slack, 'D0OPERATOR').map((m) => m.text)).toEqual(expected);
    const [, folded, upcoming] = notices(stack.slack, 'C0OPS');
    expect(blocksOf(folded!)).toContain(
      'It stands for the advance notice of Tuesday 2 March 2027, 09:00 Europe/London too, which the bot missed.',
    );
    expect(blocksOf(upcoming!)).toContain('*Due for release in 2 days:* project');
    expect(blocksOf(upcoming!)).toContain('This notice is late by 5 days');
    const sent = await waitFor(
      'M3 committed',
      () => stack.bot.reminders.get(3)?.status === 'sent' && stack.bot.reminders.get(3),
    );
    expect(sent).toMatchObject({ advanceDueAt: null, dateDueAt: null });
  });

  it('turns more than five notices due at once for one channel and one DM into one digest each', async () => {
    await launch();
    await setReminders(6);
    await setReminders(2, 'C0OTHER', 7);
    stack.slack.channels.set('C0OTHER', { isPrivate: false, isMember: true });

    await stack.restartBot({ clock: testClock(DUE + DAY) });

    await waitFor('all committed', () => stack.bot.reminders.all(10).every((r) => r.status === 'sent'));
    const [channelDigest, ...rest] = notices(stack.slack, 'C0OPS');
    expect(rest).toEqual([]);
    expect(channelDigest!.text).toBe('6 reminder notices are due at once.');
    for (const ref of ['M1', 'M2', 'M3', 'M4', 'M5', 'M6']) expect(blocksOf(channelDigest!)).toContain(`*${ref}*`);
    expect(blocksOf(channelDigest!)).toContain('/hca reminders move <id> <date>');
    expect(notices(stack.slack, 'C0OTHER').map((m) => m.text)).toEqual([
      `The release date of project ${project(7)} passed yesterday (M7)`,
      `The release date of project ${project(8)} passed yesterday (M8)`,
    ]);
    expect(notices(stack.slack, 'D0OPERATOR').map((m) => m.text)).toEqual(['8 reminder notices are due at once.']);
  });

  it('keeps a digest to 40 lines and puts every entry, with its id, in a file in its thread', async () => {
    await launch();
    const reminders = stack.bot.reminders;
    for (let n = 1; n <= 45; n++) {
      reminders.create(
        {
          projectUuid: project(n),
          releaseDate: '2027-03-03',
          note: `note ${n}`,
          channelId: 'C0OPS',
          creator: 'U0OPERATOR',
          dateDueAt: DUE,
          advanceDueAt: null,
        },
        T0,
      );
    }

    await stack.restartBot({ clock: testClock(DUE + DAY) });

    const digest = await waitFor('digest with file', () => {
      const [root] = notices(stack.slack, 'C0OPS');
      return root && stack.slack.thread(root).length === 1 && root;
    });
    const lines = blocksOf(digest).match(/• \*M\d+\*/g) ?? [];
    expect(lines).toHaveLength(40);
    expect(blocksOf(digest)).toContain('…and 5 more: the attached file lists all 45.');
    const [file] = stack.slack.thread(digest)[0]!.files!;
    const entries = file!.content.trim().split('\n');
    expect(entries).toHaveLength(45);
    expect(entries[44]).toMatch(
      /^M45 8f4c2a9e-1111-4222-8333-000000000045 — Wednesday 3 March 2027, 09:00 Europe\/London · release date passed yesterday · late by 24 h · set by @U0OPERATOR in #C0OPS — note 45$/,
    );
  });

  it('fires within a tick after the clock jumps two days forward, without a flood of log lines', async () => {
    const lines: string[] = [];
    await launch({
      timings: { reminderTick: '* * * * * *' },
      logSink: (line) => lines.push(line),
      env: { REMINDER_ADVANCE_DAYS: '0', LOG_LEVEL: 'info' },
    });
    await setReminders(2);
    const before = lines.length;

    clock.advance(2 * DAY);

    // The tick logs what it handled after posting: wait for both.
    await waitFor(
      'notices after the jump, and the log line of the tick that posted them',
      () =>
        notices(stack.slack).length === 4 && lines.slice(before).some((l) => l.includes('reminder notices handled')),
    );
    const after = lines.slice(before);
    expect(after.length).toBeLessThanOrEqual(3);
    expect(after.filter((l) => l.includes('reminder notices handled'))).toHaveLength(1);
    expect(after.join('\n')).not.toMatch(/missed execution/);
  });

  it('takes over a claim that a crashed process never committed once its lease is over, and says it may repeat', async () => {
    await launch();
    await setReminders(1);
    const other = openDatabase(stack.config.databasePath);
    new ReminderStore(other).claimDue(DUE, 'crashed-process', 10 * 60_000, 10);
    other.close();

    clock.advance(DUE - clock.now());
    await stack.bot.scheduler.scanNow();
    expect(notices(stack.slack)).toEqual([]);
    clock.advance(10 * 60_000);
    await stack.bot.scheduler.scanNow();
    await stack.bot.scheduler.scanNow();

    expect(
      notices(stack.slack)
        .map((m) => m.channel)
        .sort(),
    ).toEqual(['C0OPS', 'D0OPERATOR']);
    expect(blocksOf(notices(stack.slack)[0]!)).toContain('you may see it twice');
    expect(stack.bot.reminders.get(1)?.status).toBe('sent');
  });

  it('does not post again what a crashed process recorded as posted before it could commit', async () => {
    await launch();
    await setReminders(1);
    const other = openDatabase(stack.config.databasePath);
    const store = new ReminderStore(other);
    const [claimed] = store.claimDue(DUE, 'crashed-process', 60_000, 10);
    store.recordPosts(
      [
        {
          reminderId: 1,
          fireKey: claimed!.fireKey,
          destination: 'channel',
          channelId: 'C0OPS',
          ts: '1.000001',
          digest: false,
        },
      ],
      DUE,
    );
    other.close();

    clock.advance(DUE + 60_000 - clock.now());
    await stack.bot.scheduler.scanNow();

    expect(notices(stack.slack).map((m) => m.channel)).toEqual(['D0OPERATOR']);
    expect(stack.bot.reminders.get(1)).toMatchObject({ status: 'sent', fireKey: claimed!.fireKey });
  });

  it('posts once when two bot processes share one database', async () => {
    await launch();
    const second = await startBot(stack.config, { clock, timings: FAST_TIMINGS, logSink: () => undefined });
    try {
      await setReminders(3);

      clock.advance(DUE - clock.now());
      await Promise.all([stack.bot.scheduler.scanNow(), second.scheduler.scanNow(), stack.bot.scheduler.scanNow()]);

      expect(notices(stack.slack, 'C0OPS')).toHaveLength(3);
      expect(notices(stack.slack, 'D0OPERATOR')).toHaveLength(3);
      expect(second.reminders.all(10).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    } finally {
      await second.stop();
    }
  });
});
