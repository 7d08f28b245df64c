import { describe, expect, it } from 'vitest';
import { addMonths, formatInstant, instantAt, localDateIn } from '../../../src/workflows/reminders/zone.js';

const iso = (instant: number) => new Date(instant).toISOString();

describe('instantAt in Europe/London', () => {
  it('puts 09:00 on an ordinary winter day at 09:00 UTC', () => {
    expect(iso(instantAt({ year: 2027, month: 3, day: 3 }, 9, 'Europe/London'))).toBe('2027-03-03T09:00:00.000Z');
  });

  it('puts 09:00 on the spring-forward day (28 March 2027) at 08:00 UTC, after the change to BST', () => {
    expect(iso(instantAt({ year: 2027, month: 3, day: 28 }, 9, 'Europe/London'))).toBe('2027-03-28T08:00:00.000Z');
  });

  it('moves the skipped 01:00 of the spring-forward day to the first valid instant after it (02:00 BST)', () => {
    const instant = instantAt({ year: 2027, month: 3, day: 28 }, 1, 'Europe/London');

    expect(iso(instant)).toBe('2027-03-28T01:00:00.000Z');
    expect(formatInstant(instant, 'Europe/London')).toBe('Sunday 28 March 2027, 02:00 Europe/London');
  });

  it('uses the first of the two 01:00s on the fall-back day (31 October 2027), which is still BST', () => {
    const instant = instantAt({ year: 2027, month: 10, day: 31 }, 1, 'Europe/London');

    expect(iso(instant)).toBe('2027-10-31T00:00:00.000Z');
    expect(formatInstant(instant, 'Europe/London')).toBe('Sunday 31 October 2027, 01:00 Europe/London');
  });

  it('puts 09:00 on the fall-back day at 09:00 UTC, after the change to GMT', () => {
    expect(iso(instantAt({ year: 2027, month: 10, day: 31 }, 9, 'Europe/London'))).toBe('2027-10-31T09:00:00.000Z');
  });
});

describe('instantAt in other zones', () => {
  it('finds the end of a half-hour gap (Lord Howe Island, 3 October 2027, 02:00 does not exist)', () => {
    expect(iso(instantAt({ year: 2027, month: 10, day: 3 }, 2, 'Australia/Lord_Howe'))).toBe(
      '2027-10-02T15:30:00.000Z',
    );
  });

  it('handles a zone ahead of UTC across the date line', () => {
    expect(iso(instantAt({ year: 2027, month: 3, day: 3 }, 9, 'Pacific/Auckland'))).toBe('2027-03-02T20:00:00.000Z');
  });
});

describe('formatting', () => {
  it('writes an instant out in en-GB with the zone name', () => {
    const instant = Date.UTC(2027, 2, 3, 9);

    expect(formatInstant(instant, 'Europe/London')).toBe('Wednesday 3 March 2027, 09:00 Europe/London');
    expect(formatInstant(instant, 'America/New_York')).toBe('Wednesday 3 March 2027, 04:00 America/New_York');
    expect(formatInstant(instant, 'Asia/Tokyo')).toBe('Wednesday 3 March 2027, 18:00 Asia/Tokyo');
  });

  it('reads the calendar date of an instant in a zone', () => {
    expect(localDateIn(Date.UTC(2027, 2, 3, 23, 30), 'Europe/Berlin')).toEqual({ year: 2027, month: 3, day: 4 });
  });

  it('clamps month arithmetic to the end of a shorter month', () => {
    expect(addMonths({ year: 2027, month: 1, day: 31 }, 1)).toEqual({ year: 2027, month: 2, day: 28 });
    expect(addMonths({ year: 2027, month: 11, day: 15 }, 3)).toEqual({ year: 2028, month: 2, day: 15 });
  });
});
