import { describe, expect, it } from 'vitest';
import {
  parseDateWords,
  resolveDate,
  snoozePlan,
  type ReminderSettings,
} from '../../../src/workflows/reminders/calendar.js';

const settings: ReminderSettings = { timeZone: 'Europe/London', hour: 9, advanceDays: 7, maxYears: 5 };
const iso = (instant: number | null) => (instant === null ? null : new Date(instant).toISOString());

function resolve(text: string, now: number) {
  const parsed = parseDateWords(text.split(' '));
  if (!parsed.ok) return parsed;
  return resolveDate(parsed.value.expression, settings, now);
}

function refusal(text: string, now = Date.UTC(2027, 2, 1, 12)): string {
  const result = resolve(text, now);
  if (result.ok) throw new Error(`${text} was accepted`);
  return result.message;
}

describe('parseDateWords', () => {
  it('reads an ISO date and leaves the rest as the note', () => {
    const parsed = parseDateWords(['2027-03-03', 'hold', 'until', 'paper']);

    expect(parsed).toEqual({
      ok: true,
      value: {
        expression: { kind: 'absolute', date: { year: 2027, month: 3, day: 3 } },
        rest: ['hold', 'until', 'paper'],
      },
    });
  });

  it('reads in N days, weeks and months, singular or plural', () => {
    for (const [words, unit, amount] of [
      ['in 1 day', 'day', 1],
      ['in 3 weeks', 'week', 3],
      ['in 2 months', 'month', 2],
    ] as const) {
      const parsed = parseDateWords(words.split(' '));
      expect(parsed.ok && parsed.value.expression).toMatchObject({ kind: 'relative', unit, amount });
    }
  });
});

describe('refusals', () => {
  it('refuses 03/04/2027 as ambiguous', () => {
    expect(refusal('03/04/2027')).toMatch(/ambiguous.*YYYY-MM-DD/);
  });

  it('refuses 3.4.2027 and 03-04-2027 as ambiguous', () => {
    expect(refusal('3.4.2027')).toMatch(/ambiguous/);
    expect(refusal('03-04-2027')).toMatch(/ambiguous/);
  });

  it('refuses 2027-02-30 as impossible', () => {
    expect(refusal('2027-02-30')).toBe('`2027-02-30` is not a date: February 2027 has 28 days.');
  });

  it('refuses month 13', () => {
    expect(refusal('2027-13-01')).toMatch(/no month 13/);
  });

  it('refuses a date more than REMINDER_MAX_YEARS ahead', () => {
    expect(refusal('2032-03-02')).toMatch(/more than 5 years ahead.*latest date is 2032-03-01/);
  });

  it('accepts the last day within REMINDER_MAX_YEARS', () => {
    expect(resolve('2032-03-01', Date.UTC(2027, 2, 1, 12)).ok).toBe(true);
  });

  it('refuses a date in the past', () => {
    expect(refusal('2027-02-27')).toBe('2027-02-27 is in the past.');
  });

  it('refuses today once the hour has passed', () => {
    expect(refusal('today', Date.UTC(2027, 2, 1, 9, 0, 1))).toMatch(/09:00 Europe\/London, which has passed/);
  });

  it('accepts today before the hour', () => {
    const result = resolve('today', Date.UTC(2027, 2, 1, 8, 59));

    expect(result.ok && iso(result.value.dateDueAt)).toBe('2027-03-01T09:00:00.000Z');
  });

  it('refuses words it does not know and numbers in words', () => {
    expect(refusal('next-friday')).toMatch(/not a date I understand/);
    expect(refusal('in two weeks')).toMatch(/N in digits/);
    expect(refusal('in 2 fortnights')).toMatch(/in N days/);
  });
});

describe('resolveDate', () => {
  it('plans the advance notice REMINDER_ADVANCE_DAYS before, at the same local hour', () => {
    const result = resolve('2027-04-02', Date.UTC(2027, 2, 1, 12));

    expect(result.ok && result.value).toEqual({
      releaseDate: '2027-04-02',
      dateDueAt: Date.UTC(2027, 3, 2, 8),
      advanceDueAt: Date.UTC(2027, 2, 26, 9),
    });
  });

  it('skips the advance notice when its moment has passed', () => {
    const result = resolve('in 3 days', Date.UTC(2027, 2, 1, 12));

    expect(result.ok && result.value).toMatchObject({ releaseDate: '2027-03-04', advanceDueAt: null });
  });

  it('counts relative dates from today in the team zone, not UTC', () => {
    const result = resolve('tomorrow', Date.UTC(2027, 6, 1, 23, 30));

    expect(result.ok && result.value.releaseDate).toBe('2027-07-03');
  });
});

describe('snoozePlan', () => {
  it('moves the date a week on at the hour, whatever the time of the click', () => {
    const plan = snoozePlan({ year: 2027, month: 3, day: 10 }, settings, Date.UTC(2027, 2, 10, 15, 47));

    expect(plan.releaseDate).toBe('2027-03-17');
    expect(iso(plan.dateDueAt)).toBe('2027-03-17T09:00:00.000Z');
    expect(plan.advanceDueAt).toBeNull();
  });

  it('skips whole weeks that have already passed (a notice acted on long after it fired)', () => {
    const plan = snoozePlan({ year: 2027, month: 3, day: 10 }, settings, Date.UTC(2027, 2, 20, 12));

    expect(plan.releaseDate).toBe('2027-03-24');
  });
});
