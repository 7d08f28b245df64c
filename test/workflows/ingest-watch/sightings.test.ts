import { describe, expect, it } from 'vitest';
import type { Sighting } from '../../../src/store/watch.js';
import { noticeKey, pendingWork, reconcile, tokenNotice } from '../../../src/workflows/ingest-watch/sightings.js';

const T = Date.UTC(2026, 11, 1, 9);

function sighting(submissionUuid: string, overrides: Partial<Sighting> = {}): Sighting {
  return {
    env: 'prod',
    submissionUuid,
    state: 'archiving',
    episode: 1,
    firstSeenAt: T,
    leftAt: null,
    noticedAt: null,
    notice: null,
    ...overrides,
  };
}

describe('watcher sightings', () => {
  it('sees submissions new in the state, and those that left it', () => {
    const open = [sighting('a'), sighting('b')];

    expect(reconcile(open, ['b', 'c', 'c'])).toEqual({ entered: ['c'], left: [open[0]] });
  });

  it('changes nothing on a quiet interval', () => {
    expect(reconcile([sighting('a')], ['a'])).toEqual({ entered: [], left: [] });
  });

  it('sees a submission again once its sighting was closed (it left and came back)', () => {
    const first = reconcile([], ['a']);
    const left = reconcile([sighting('a')], []);
    const back = reconcile([], ['a']);

    expect([first.entered, left.left.map((s) => s.submissionUuid), back.entered]).toEqual([['a'], ['a'], ['a']]);
  });

  it('keys a notice by environment, state, submission and episode', () => {
    expect(noticeKey(sighting('a'))).toBe('prod:archiving:a:1');
    expect(noticeKey(sighting('a', { episode: 2 }))).not.toBe(noticeKey(sighting('a')));
    expect(noticeKey(sighting('a', { state: 'exporting' }))).not.toBe(noticeKey(sighting('a')));
  });

  it('posts an Archiving sighting once, and checks an Exporting one until it is noticed', () => {
    expect(pendingWork(sighting('a'))).toBe('notice-ready');
    expect(pendingWork(sighting('a', { noticedAt: T }))).toBe('none');
    expect(pendingWork(sighting('b', { state: 'exporting' }))).toBe('check-export');
    expect(pendingWork(sighting('b', { state: 'exporting', noticedAt: T }))).toBe('none');
  });
});

describe('a refused token', () => {
  it('is said once, and again only after it worked in between', () => {
    const intervals = [false, true, true, true, false, false, true];
    let said = false;
    const decisions = intervals.map((refused) => {
      const decision = tokenNotice(refused, said);
      if (decision === 'post') said = true;
      if (decision === 'forget') said = false;
      return decision;
    });

    expect(decisions).toEqual(['none', 'post', 'none', 'none', 'forget', 'none', 'post']);
  });
});
