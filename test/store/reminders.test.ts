import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/db.js';
import { ReminderStore, type NewReminder } from '../../src/store/reminders.js';

const T0 = Date.UTC(2027, 2, 1, 12);
const DAY = 86_400_000;
const LEASE = 60_000;

function reminder(overrides: Partial<NewReminder> = {}): NewReminder {
  return {
    projectUuid: '8f4c2a9e-1111-4222-8333-444455556666',
    note: '',
    channelId: 'C0OPS',
    creator: 'U0OPERATOR',
    releaseDate: '2027-03-10',
    dateDueAt: T0 + 9 * DAY,
    advanceDueAt: T0 + 2 * DAY,
    ...overrides,
  };
}

describe('ReminderStore', () => {
  let folder: string;
  let dbs: Db[];
  let open: () => ReminderStore;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'reminders-'));
    dbs = [];
    open = () => {
      const db = openDatabase(join(folder, 'bot.sqlite'));
      dbs.push(db);
      return new ReminderStore(db);
    };
  });
  afterEach(() => {
    for (const db of dbs) db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('refuses a second active reminder for the same project and returns the first', () => {
    const store = open();
    const first = store.create(reminder(), T0);

    const second = store.create(reminder({ channelId: 'C0OTHER', releaseDate: '2027-04-01' }), T0);

    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, existing: { ref: 'M1', channelId: 'C0OPS' } });
  });

  it('replaces an active reminder in one step', () => {
    const store = open();
    store.create(reminder(), T0);

    const replaced = store.replace(1, reminder({ releaseDate: '2027-04-01' }), 'U0OTHER', T0);

    expect(replaced).toMatchObject({ ok: true, reminder: { ref: 'M2', releaseDate: '2027-04-01' } });
    expect(store.get(1)).toMatchObject({ status: 'cancelled', handledBy: 'U0OTHER', handledAction: 'replaced' });
  });

  it('lets only one of two processes on one database claim a due notice', () => {
    const a = open();
    const b = open();
    a.create(reminder(), T0);

    const byA = a.claimDue(T0 + 2 * DAY, 'process-a', LEASE, 100);
    const byB = b.claimDue(T0 + 2 * DAY, 'process-b', LEASE, 100);

    expect(byA.map((c) => [c.reminder.ref, c.kind, c.recovered])).toEqual([['M1', 'advance', false]]);
    expect(byB).toEqual([]);
  });

  it('gives a claim that was never committed to another process once its lease is over, marked recovered', () => {
    const a = open();
    const b = open();
    a.create(reminder(), T0);
    a.claimDue(T0 + 2 * DAY, 'crashed', LEASE, 100);

    const early = b.claimDue(T0 + 2 * DAY + LEASE - 1, 'process-b', LEASE, 100);
    const late = b.claimDue(T0 + 2 * DAY + LEASE, 'process-b', LEASE, 100);

    expect(early).toEqual([]);
    expect(late.map((c) => c.recovered)).toEqual([true]);
  });

  it('fires only the release-date notice when both are due (the advance notice is moot)', () => {
    const store = open();
    store.create(reminder(), T0);

    const [claimed] = store.claimDue(T0 + 20 * DAY, 'p', LEASE, 100);
    store.commitFiring(claimed!, 'p', T0 + 20 * DAY);

    expect(claimed).toMatchObject({ kind: 'date', fireKey: `d${T0 + 9 * DAY}` });
    expect(store.get(1)).toMatchObject({ status: 'sent', advanceDueAt: null, dateDueAt: null });
    expect(store.claimDue(T0 + 30 * DAY, 'p', LEASE, 100)).toEqual([]);
  });

  it('keeps the release-date notice pending after the advance notice is committed', () => {
    const store = open();
    store.create(reminder(), T0);

    const [claimed] = store.claimDue(T0 + 2 * DAY, 'p', LEASE, 100);
    const committed = store.commitFiring(claimed!, 'p', T0 + 2 * DAY);

    expect(committed).toBe(true);
    expect(store.get(1)).toMatchObject({ status: 'scheduled', advanceDueAt: null, fireKey: `a${T0 + 2 * DAY}` });
    expect(store.claimDue(T0 + 9 * DAY, 'p', LEASE, 100).map((c) => c.kind)).toEqual(['date']);
  });

  it('does not commit a notice whose claim was lost to a cancellation meanwhile', () => {
    const store = open();
    store.create(reminder(), T0);
    const [claimed] = store.claimDue(T0 + 2 * DAY, 'p', LEASE, 100);

    store.decide(1, { action: 'cancelled', userId: 'U0OPERATOR' }, T0 + 2 * DAY);

    expect(store.commitFiring(claimed!, 'p', T0 + 2 * DAY)).toBe(false);
    expect(store.get(1)).toMatchObject({ status: 'cancelled', fireKey: null });
  });

  it('lets the first decision on a notice stand and refuses later ones as handled', () => {
    const store = open();
    store.create(reminder(), T0);
    const [claimed] = store.claimDue(T0 + 9 * DAY, 'p', LEASE, 100);
    store.commitFiring(claimed!, 'p', T0 + 9 * DAY);

    const first = store.decide(1, { action: 'released', userId: 'U1', fireKey: claimed!.fireKey }, T0 + 10 * DAY);
    const second = store.decide(
      1,
      { action: 'snoozed', userId: 'U2', fireKey: claimed!.fireKey, reschedule: () => reminder() },
      T0 + 10 * DAY,
    );

    expect(first).toMatchObject({ ok: true, reminder: { status: 'done', handledBy: 'U1' } });
    expect(second).toMatchObject({ ok: false, reason: 'handled', reminder: { handledBy: 'U1' } });
  });

  it('refuses a decision from an older notice as stale', () => {
    const store = open();
    store.create(reminder(), T0);
    const [advance] = store.claimDue(T0 + 2 * DAY, 'p', LEASE, 100);
    store.commitFiring(advance!, 'p', T0 + 2 * DAY);
    const [date] = store.claimDue(T0 + 9 * DAY, 'p', LEASE, 100);
    store.commitFiring(date!, 'p', T0 + 9 * DAY);

    const outcome = store.decide(1, { action: 'released', userId: 'U1', fireKey: advance!.fireKey }, T0 + 9 * DAY);

    expect(outcome).toMatchObject({ ok: false, reason: 'stale' });
  });

  it('remembers posts per notice and destination', () => {
    const store = open();
    store.create(reminder(), T0);

    store.recordPosts(
      [{ reminderId: 1, fireKey: 'a1', destination: 'channel', channelId: 'C0OPS', ts: '1.1', digest: false }],
      T0,
    );

    expect(store.postsFor(1, 'a1').map((p) => [p.destination, p.ts])).toEqual([['channel', '1.1']]);
    expect(store.postsFor(1, 'd2')).toEqual([]);
  });
});
