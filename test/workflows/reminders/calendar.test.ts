import { describe, expect, it } from 'vitest';
import {
  parseDateWords,
  resolveDate,
  snoozePlan,
  type ReminderSettings,
} from '../../../src/workflows/reminders/calendar.js';
import { releaseDateWarning } from '../../../src/workflows/reminders/holidays.js';
import { REMINDER_SETTINGS } from '../../support/reminders.js';

const settings: ReminderSettings = REMINDER_SETTINGS;
const iso = (instant: number | null) => (instant === null ? null : new Date(instant).toISOString());

function resolve(text: string, now: number, team = settings) {
  const parsed = parseDateWords(text.split(' '));
  if (!parsed.ok) return parsed;
  return resolveDate(parsed.value.expression, team, now);
}

function releaseOf(text: string, now: number): string | undefined {
  const result = resolve(text, now);
  return result.ok ? result.value.releaseDate : result.message;
}

function refusal(text: string, now = Date.UTC(2027, 2, 1, 12), team = settings): string {
  const result = resolve(text, now, team);
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

  it('reads year-first dates with one-digit parts and slashes or dots', () => {
    for (const text of ['2027-3-4', '2027/03/04', '2027.3.4']) {
      const parsed = parseDateWords([text]);
      expect(parsed.ok && parsed.value.expression, text).toEqual({
        kind: 'absolute',
        date: { year: 2027, month: 3, day: 4 },
      });
    }
  });

  it('reads a slash date with only one real reading that way, whichever way round it is written', () => {
    const cases: [string, [number, number, number]][] = [
      ['30/12/2026', [2026, 12, 30]],
      ['12/30/2026', [2026, 12, 30]],
      ['13.1.2027', [2027, 1, 13]],
      ['1-13-2027', [2027, 1, 13]],
      ['05/05/2027', [2027, 5, 5]],
    ];
    for (const [text, [year, month, day]] of cases) {
      const parsed = parseDateWords([text]);
      expect(parsed.ok && parsed.value.expression, text).toEqual({ kind: 'absolute', date: { year, month, day } });
    }
  });

  it('takes the longest run of words that reads as one date, the rest being the note', () => {
    const cases: [string, string, string[]][] = [
      ['in 1 day', 'in 1 day', []],
      ['in 3 weeks new date agreed', 'in 3 weeks', ['new', 'date', 'agreed']],
      ['in three weeks', 'in three weeks', []],
      ['in 2 months', 'in 2 months', []],
      ['friday paper', 'friday', ['paper']],
      ['next Friday hold until the paper is out', 'next Friday', ['hold', 'until', 'the', 'paper', 'is', 'out']],
      ['the day after tomorrow', 'the day after tomorrow', []],
      ['today', 'today', []],
    ];
    for (const [words, text, rest] of cases) {
      const parsed = parseDateWords(words.split(' '));
      expect(parsed.ok && parsed.value, words).toEqual({ expression: { kind: 'spoken', text }, rest });
    }
  });
});

describe('refusals', () => {
  it('refuses 03/04/2027, giving the team’s day/month reading first', () => {
    expect(refusal('03/04/2027')).toBe(
      '`03/04/2027` could be Saturday 3 April 2027 (day/month): `2027-04-03` or Thursday 4 March 2027 (month/day): `2027-03-04`. Write the date as YYYY-MM-DD.',
    );
  });

  it('gives the month/day reading first to a team with REMINDER_DATE_ORDER=mdy', () => {
    expect(refusal('3.4.2027', Date.UTC(2027, 2, 1, 12), { ...settings, dateOrder: 'mdy' })).toMatch(
      /^`3\.4\.2027` could be Thursday 4 March 2027 \(month\/day\): `2027-03-04` or Saturday 3 April 2027/,
    );
  });

  it('refuses a slash date that is not a date read either way round', () => {
    expect(refusal('31/31/2027')).toBe('`31/31/2027` is not a date read either way round (day/month or month/day).');
    expect(refusal('30/02/2027')).toMatch(/not a date read either way round/);
  });

  it('refuses numbers it cannot read as a date, saying how to write one', () => {
    expect(refusal('3/4')).toMatch(/^`3\/4` is not a date I understand: write it as YYYY-MM-DD/);
    expect(refusal('03/04/27')).toMatch(/with the year in full/);
  });

  it('refuses 2027-02-30 as impossible', () => {
    expect(refusal('2027-02-30')).toBe('`2027-02-30` is not a date: February 2027 has 28 days.');
  });

  it('refuses month 13', () => {
    expect(refusal('2027-13-01')).toMatch(/no month 13/);
  });

  it('refuses a date more than REMINDER_MAX_YEARS ahead', () => {
    expect(refusal('2032-03-02')).toMatch(/more than 5 years ahead.*latest date I take is 2032-03-01/);
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

  it('refuses a time of day and a range: reminders take whole dates', () => {
    expect(refusal('friday 3pm')).toMatch(/^`friday 3pm` names a time of day/);
    expect(refusal('tomorrow 10 samples')).toMatch(/^`tomorrow 10` names a time of day.*after a YYYY-MM-DD date/);
    expect(refusal('in 2 hours')).toMatch(/names a time of day/);
    expect(refusal('friday to monday')).toBe('`friday to monday` is a range: give one release date.');
  });

  it('refuses words it does not know', () => {
    expect(refusal('whenever')).toMatch(/^`whenever` is not a date I understand/);
    expect(refusal('in 2 fortnights')).toMatch(/not a date I understand/);
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

  it('reads weekday forms from today: friday is this week’s, next friday the one after', () => {
    const monday = Date.UTC(2027, 2, 1, 12);

    expect(releaseOf('friday', monday)).toBe('2027-03-05');
    expect(releaseOf('next friday', monday)).toBe('2027-03-12');
    expect(releaseOf('in 2 weeks', monday)).toBe('2027-03-15');
  });

  it('keeps a month’s end: in 1 month from 31 January is 28 February', () => {
    expect(releaseOf('in 1 month', Date.UTC(2027, 0, 31, 8))).toBe('2027-02-28');
    expect(releaseOf('in 13 months', Date.UTC(2027, 0, 31, 8))).toBe('2028-02-29');
  });

  it('counts relative dates from today in the team zone, not UTC', () => {
    expect(releaseOf('tomorrow', Date.UTC(2027, 6, 1, 23, 30))).toBe('2027-07-03');
    expect(releaseOf('friday', Date.UTC(2027, 6, 1, 23, 30))).toBe('2027-07-02');
  });
});

describe('next-release', () => {
  it('is RELEASE_CADENCE_DAYS after today in the team zone, and leaves the rest as the note', () => {
    const parsed = parseDateWords(['next-release', 'managed', 'access']);
    const lateEvening = Date.UTC(2027, 2, 1, 23, 30);

    const plan = resolve('next-release', lateEvening);

    expect(parsed).toEqual({ ok: true, value: { expression: { kind: 'next-release' }, rest: ['managed', 'access'] } });
    expect(plan).toMatchObject({ ok: true, value: { releaseDate: '2027-03-31' } });
  });
});

describe('snoozePlan', () => {
  const releaseDay = Date.UTC(2027, 2, 20, 9);
  const schedule = { releaseDate: '2027-03-20', dateDueAt: releaseDay };

  it('brings an advance notice back a week later at the hour, keeping the release date', () => {
    const plan = snoozePlan(schedule, 'advance', settings, Date.UTC(2027, 2, 10, 15, 47));

    expect(plan).toEqual({ releaseDate: '2027-03-20', advanceDueAt: Date.UTC(2027, 2, 17, 9), dateDueAt: releaseDay });
  });

  it('leaves only the release-day notice when that comes sooner than a week', () => {
    const plan = snoozePlan(schedule, 'advance', settings, Date.UTC(2027, 2, 13, 9));

    expect(plan).toEqual({ releaseDate: '2027-03-20', advanceDueAt: null, dateDueAt: releaseDay });
  });

  it('brings the release-day notice back a week after the snooze, whenever the click came', () => {
    const plan = snoozePlan(
      { releaseDate: '2027-03-20', dateDueAt: null },
      'date',
      settings,
      Date.UTC(2027, 2, 29, 18),
    );

    expect(plan).toEqual({ releaseDate: '2027-03-20', advanceDueAt: null, dateDueAt: Date.UTC(2027, 3, 5, 8) });
  });
});

describe('releaseDateWarning', () => {
  it('warns of weekends and bank holidays in England, substitute days included', () => {
    expect(releaseDateWarning('2027-05-01')).toBe('Saturday 1 May 2027 is a weekend day; people may be away.');
    expect(releaseDateWarning('2027-05-03')).toBe(
      'Monday 3 May 2027 is a UK bank holiday (Early May bank holiday); people may be away.',
    );
    expect(releaseDateWarning('2027-12-27')).toMatch(/Christmas Day \(substitute day\)/);
    expect(releaseDateWarning('2027-05-04')).toBeUndefined();
  });
});
