import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPermissions } from '../../../src/commands/permissions.js';
import { readHome, type HomeSources } from '../../../src/commands/home/view.js';
import { openDatabase, type Db } from '../../../src/store/db.js';
import { ReminderStore } from '../../../src/store/reminders.js';
import { RunStore } from '../../../src/store/runs.js';
import { blockKitProblems } from '../../support/block-kit.js';
import { REMINDER_SETTINGS, T0, project, testClock } from '../../support/reminders.js';

describe('App Home view', () => {
  let db: Db;
  let runs: RunStore;
  let reminders: ReminderStore;
  let sources: HomeSources;
  beforeEach(() => {
    db = openDatabase(':memory:');
    runs = new RunStore(db);
    reminders = new ReminderStore(db);
    sources = {
      runs,
      reminders,
      describe: (run) => ({ title: `${run.kind} ${run.subject ?? ''}`.trim(), detail: [] }),
      permissions: createPermissions(['U0OPERATOR', 'U0OTHER'], ['U0APPROVER']),
      settings: REMINDER_SETTINGS,
      clock: testClock(T0 + 3 * 3_600_000),
    };
  });
  afterEach(() => db.close());

  const addReminders = (count: number) => {
    for (let n = 1; n <= count; n++) {
      reminders.create(
        {
          projectUuid: project(n),
          releaseDate: '2027-04-01',
          note: `a note that is not short, to make the lines long enough to matter ${'·'.repeat(100)}`,
          channelId: 'C0OPS',
          creator: 'U0OPERATOR',
          dateDueAt: Date.UTC(2027, 3, 1, 8) + n,
          advanceDueAt: Date.UTC(2027, 2, 25, 9),
        },
        T0,
      );
    }
  };
  const addRun = (requester: string, n: number, environment = 'prod') =>
    runs.startOrJoin(
      {
        kind: 'archive',
        idempotencyKey: `archive:${environment}:${n}`,
        params: {},
        step: 'submit',
        environment,
        subject: project(n),
        channelId: 'C0OPS',
        requester,
      },
      T0,
    ).run;
  const awaitApproval = (run: { id: number }) =>
    runs.commitStep(
      run.id,
      {
        status: 'awaiting_approval',
        step: 'approve',
        state: {},
        wakeAt: null,
        attempts: 0,
        lastError: null,
        event: { step: 'submit', event: 'waiting' },
      },
      T0,
    );
  const text = (view: { blocks: unknown[] }) => JSON.stringify(view.blocks);
  /** Commits a step that leaves the run `status`, with `lastError`. */
  const leave = (run: { id: number }, status: 'waiting' | 'timed_out', lastError: string, at: number) =>
    runs.commitStep(
      run.id,
      {
        status,
        step: 'approve',
        state: {},
        wakeAt: null,
        attempts: 0,
        lastError,
        event: { step: 'approve', event: status },
      },
      at,
    );

  for (const count of [0, 1, 500]) {
    it(`is valid Block Kit within Slack's limits with ${count} reminders`, () => {
      addReminders(count);

      const view = readHome(sources, 'U0OPERATOR', undefined);

      expect(view.type).toBe('home');
      expect(blockKitProblems(view)).toEqual([]);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      expect((text(view).match(/• \*M\d+\*/g) ?? []).length).toBe(Math.min(count, 20));
    });
  }

  it('stays within 100 blocks with 500 active runs awaiting approval and 500 reminders', () => {
    addReminders(500);
    for (let n = 1; n <= 500; n++) awaitApproval(addRun(n % 2 ? 'U0OPERATOR' : 'U0OTHER', n));

    const view = readHome(sources, 'U0APPROVER', 'America/New_York');

    expect(blockKitProblems(view)).toEqual([]);
    expect(text(view)).toContain('…and 470 more: `/hca runs`');
    expect(text(view)).toContain('…and 480 more: `/hca reminders`');
  });

  it('lists the viewer’s own active runs first, with age and thread, and the approvals they may give', () => {
    const others = addRun('U0OTHER', 1);
    addRun('U0OPERATOR', 2);
    const devRun = addRun('U0OPERATOR', 3, 'dev');
    for (const run of [others, devRun]) awaitApproval(run);

    const view = readHome(sources, 'U0OPERATOR', undefined);

    const lines = text(view);
    const active = lines.slice(lines.indexOf('Active runs'), lines.indexOf('Waiting for your approval'));
    expect(active.match(/\*R\d+\*/g)).toEqual(['*R2*', '*R3*', '*R1*']);
    expect(active).toContain('3 h 0 min old');
    const approvals = lines.slice(lines.indexOf('Waiting for your approval'), lines.indexOf('Upcoming reminders'));
    expect(approvals.match(/\*R\d+\*/g)).toEqual(['*R3*']);
  });

  it('says why an active run waits (a post Slack refused, say)', () => {
    leave(
      addRun('U0OPERATOR', 1),
      'waiting',
      'Slack answered chat.postMessage with "channel_not_found". The run waits and tries again by itself.',
      T0,
    );

    const view = readHome(sources, 'U0OPERATOR', undefined);

    expect(text(view)).toContain(
      ':warning: Slack answered chat.postMessage with \\"channel_not_found\\". The run waits',
    );
  });

  it('shows reminders in the viewer’s zone too', () => {
    addReminders(1);

    const view = readHome(sources, 'U0OPERATOR', 'Asia/Tokyo');

    expect(text(view)).toContain(
      'Thursday 1 April 2027, 09:00 Europe/London (Thursday 1 April 2027, 17:00 Asia/Tokyo for you)',
    );
  });

  it('shows a run whose approval expired among the finished runs as timed out', () => {
    leave(addRun('U0OPERATOR', 1), 'timed_out', 'Timed out: nobody approved', T0 + 3_600_000);

    const lines = text(readHome(sources, 'U0OPERATOR', undefined));

    expect(lines.slice(lines.indexOf('Recently finished'))).toMatch(/\*R1\* archive .* — timed out, ended/);
    expect(lines.slice(lines.indexOf('Active runs'), lines.indexOf('Waiting for your approval'))).not.toContain('*R1*');
  });
});
