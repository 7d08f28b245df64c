import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { KnownProjects } from '../../src/store/known-projects.js';
import { ReminderStore } from '../../src/store/reminders.js';
import { WatchStore } from '../../src/store/watch.js';

const MINUTE = 60_000;

describe('WatchStore', () => {
  it('opens one sighting per submission and state, closes those that left, and starts the next episode on return', () => {
    const watch = new WatchStore(openDatabase(':memory:'));

    watch.record('prod', 'archiving', ['a', 'b'], [], 1);
    watch.record('prod', 'archiving', ['a'], [], 2);
    const closed = watch.record('prod', 'archiving', [], ['a'], 3);
    watch.record('prod', 'archiving', ['a'], [], 4);

    expect(closed).toMatchObject([{ submissionUuid: 'a', episode: 1, leftAt: 3 }]);
    expect(watch.open('prod', 'archiving').map((s) => [s.submissionUuid, s.episode, s.firstSeenAt])).toEqual([
      ['b', 1, 1],
      ['a', 2, 4],
    ]);
    expect(watch.open('staging', 'archiving')).toEqual([]);
    expect(watch.latest('a')).toMatchObject({ episode: 2, leftAt: null });
  });

  it('lets one caller claim a notice; a claim never confirmed is taken again after the lease', () => {
    const watch = new WatchStore(openDatabase(':memory:'));
    watch.record('prod', 'archiving', ['a'], [], 0);
    const key = { env: 'prod', state: 'archiving' as const, submissionUuid: 'a', episode: 1 };

    const first = watch.claimNotice(key, 1000, 10 * MINUTE);
    const second = watch.claimNotice(key, 2000, 10 * MINUTE);
    const afterLease = watch.claimNotice(key, 1000 + 11 * MINUTE, 10 * MINUTE);
    watch.noticed(key, { channel: 'C1', ts: '1.2' }, 1000 + 11 * MINUTE);
    const afterPost = watch.claimNotice(key, 1000 + 30 * MINUTE, 10 * MINUTE);

    expect([first, second, afterLease, afterPost]).toEqual([true, false, true, false]);
    expect(watch.get(key)).toMatchObject({ noticedAt: 1000 + 11 * MINUTE, notice: { channel: 'C1', ts: '1.2' } });
  });

  it('gives a released claim back at once', () => {
    const watch = new WatchStore(openDatabase(':memory:'));
    watch.record('dev', 'exporting', ['a'], [], 0);
    const key = { env: 'dev', state: 'exporting' as const, submissionUuid: 'a', episode: 1 };

    watch.claimNotice(key, 1, MINUTE);
    watch.releaseNotice(key);

    expect(watch.claimNotice(key, 2, MINUTE)).toBe(true);
  });
});

describe('KnownProjects', () => {
  it('finds a project’s names by its UUID and its submissions’, keeping names it was not told again', () => {
    const db = openDatabase(':memory:');
    const projects = new KnownProjects(db);

    projects.remember({ projectUuid: 'p', title: 'Heart', shortName: 'HeartAtlas' }, 1, ['s1']);
    projects.remember({ projectUuid: 'p', title: null, shortName: null }, 2, ['s2']);

    expect(projects.lookup('p')).toEqual({ projectUuid: 'p', title: 'Heart', shortName: 'HeartAtlas' });
    expect(projects.shortName('S1')).toBe('HeartAtlas');
    expect(projects.lookup('s2')).toEqual({ projectUuid: 'p', title: null, shortName: null });
    expect(projects.lookup('nope')).toBeUndefined();
  });

  it('shows a reminder’s project short name once it is known', () => {
    const db = openDatabase(':memory:');
    const reminders = new ReminderStore(db);
    const created = reminders.create(
      {
        projectUuid: 'p',
        note: '',
        channelId: 'C',
        creator: 'U',
        releaseDate: '2027-01-01',
        dateDueAt: 10,
        advanceDueAt: null,
      },
      1,
    );
    if (!created.ok) throw new Error('not created');

    expect(reminders.get(created.reminder.id)?.projectShortName).toBeNull();
    new KnownProjects(db).remember({ projectUuid: 'p', title: null, shortName: 'HeartAtlas' }, 2);

    expect(reminders.get(created.reminder.id)?.projectShortName).toBe('HeartAtlas');
  });

  it('keeps the release catalogs Azul last listed', () => {
    const projects = new KnownProjects(openDatabase(':memory:'));

    projects.rememberReleases(['dcp43', 'dcp42'], 5);

    expect(projects.releases()).toEqual({ releases: ['dcp43', 'dcp42'], updatedAt: 5 });
  });
});
