import { describe, expect, it } from 'vitest';
import { firstAvailableRelease, releaseCatalogs, releaseEstimateText } from '../../../src/workflows/portal/releases.js';

const catalog = (name: string, internal = false, atlas = 'hca') => ({ name, internal, atlas });

describe('release catalogs', () => {
  it('keeps the non-internal dcpNN catalogs, newest first by number', () => {
    const catalogs = [
      catalog('dcp9'),
      catalog('dcp42'),
      catalog('dcp42-it', true),
      catalog('dcp100'),
      catalog('dcp43', true),
      catalog('lm7', false, 'lungmap'),
      catalog('dcp43-it', true),
    ];

    expect(releaseCatalogs(catalogs)).toEqual(['dcp100', 'dcp42', 'dcp9']);
  });
});

describe('first available release', () => {
  const settings = { cadenceDays: 30, timeZone: 'Europe/London' };

  it('is the newest release plus one, RELEASE_CADENCE_DAYS after today in the team’s zone', () => {
    const lateEvening = Date.UTC(2026, 11, 1, 23, 30);

    const estimate = firstAvailableRelease(['dcp43', 'dcp42'], lateEvening, settings);

    expect(estimate).toEqual({ release: 'dcp44', date: { year: 2026, month: 12, day: 31 } });
    expect(releaseEstimateText(estimate!, 30)).toBe(
      'expected in dcp44, around Thursday 31 December 2026 (releases are about monthly)',
    );
  });

  it('counts the day in the team’s zone, not UTC', () => {
    const afterMidnightInTokyo = Date.UTC(2026, 11, 1, 15, 30);

    expect(
      firstAvailableRelease(['dcp43'], afterMidnightInTokyo, { cadenceDays: 1, timeZone: 'Asia/Tokyo' })?.date,
    ).toEqual({ year: 2026, month: 12, day: 3 });
  });

  it('says the cadence in days when it is not about a month', () => {
    const estimate = { release: 'dcp44', date: { year: 2027, month: 1, day: 14 } };

    expect(releaseEstimateText(estimate, 14)).toBe(
      'expected in dcp44, around Thursday 14 January 2027 (releases are about every 14 days)',
    );
  });

  it('has no estimate when Azul lists no release catalog', () => {
    expect(firstAvailableRelease([], Date.UTC(2026, 11, 1), settings)).toBeUndefined();
  });
});
