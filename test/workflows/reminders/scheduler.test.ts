import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { Redactor } from '../../../src/redactor.js';
import { quietHealth } from '../../support/store.js';
import { ReminderScheduler } from '../../../src/workflows/reminders/scheduler.js';
import { openDatabase, type Db } from '../../../src/store/db.js';
import { ReminderStore } from '../../../src/store/reminders.js';
import { DAY, REMINDER_SETTINGS, T0, project, testClock } from '../../support/reminders.js';
import { waitFor } from '../../support/wait.js';

/** Records what the scheduler would post. */
function recordingSlack() {
  const posts: { channel: string; text: string }[] = [];
  return {
    posts,
    async postMessage(channel: string, message: { text: string }) {
      posts.push({ channel, text: message.text });
      return { channel, ts: `${posts.length}.0` };
    },
    async openDm(user: string) {
      return `D${user}`;
    },
    async uploadFile() {},
  };
}

describe('ReminderScheduler', () => {
  let db: Db;
  let scheduler: ReminderScheduler;
  afterEach(async () => {
    await scheduler.stop();
    db.close();
  });

  const setUp = (lines: string[]) => {
    db = openDatabase(':memory:');
    const store = new ReminderStore(db);
    const clock = testClock();
    const slack = recordingSlack();
    scheduler = new ReminderScheduler({
      store,
      slack,
      settings: { ...REMINDER_SETTINGS, advanceDays: 0 },
      clock,
      logger: createLogger({ level: 'debug', redactor: new Redactor(), sink: (line) => lines.push(line) }),
      claimer: 'test',
      retryMs: 60_000,
      concurrency: 4,
      tick: '* * * * * *',
      leaseMs: 60_000,
      batchSize: 100,
      health: quietHealth(),
    });
    return { store, clock, slack };
  };

  it('logs one line, not one per missed tick, when the event loop stalls past several ticks', async () => {
    const lines: string[] = [];
    setUp(lines);
    scheduler.start();

    const until = Date.now() + 3500;
    while (Date.now() < until) {
      // Stands in for a suspended machine: node-cron wakes up with ticks behind it.
    }

    await waitFor('the missed-tick note', () => lines.some((l) => l.includes('reminder ticks missed')));
    expect(lines.filter((l) => /missed/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('"level":"warn"'))).toEqual([]);
  });

  it('fires a due reminder on the next tick without being kicked', async () => {
    const { store, clock, slack } = setUp([]);
    store.create(
      {
        projectUuid: project(),
        releaseDate: '2027-03-02',
        note: '',
        channelId: 'C0OPS',
        creator: 'U1',
        dateDueAt: T0 + DAY,
        advanceDueAt: null,
      },
      T0,
    );
    scheduler.start();
    await scheduler.scanNow();
    expect(slack.posts).toEqual([]);

    clock.advance(DAY);

    await waitFor('notice posted by the tick', () => slack.posts.length === 2);
    expect(slack.posts.map((p) => p.channel)).toEqual(['C0OPS', 'DU1']);
  });
});
