import type { ParsedResult } from 'chrono-node';
// English only: the package's main entry loads every language it knows (about 6 MB more).
import { GB as britishEnglish } from 'chrono-node/en';
import type { Config } from '../../config.js';
import type { FiringKind, ReminderSchedule } from '../../store/reminders.js';
import { quote } from '../kit/blocks.js';
import {
  addDays,
  addMonths,
  compareDates,
  daysInMonth,
  formatInstant,
  formatLocalDate,
  fromIsoDate,
  instantAt,
  isoDate,
  localDateIn,
  monthName,
  type LocalDate,
} from './zone.js';

/** REMINDER_TIMEZONE, REMINDER_HOUR, REMINDER_ADVANCE_DAYS, REMINDER_MAX_YEARS and REMINDER_DATE_ORDER. */
export type ReminderSettings = Config['reminders'];

/** A date as written in a command, before it is tied to today and to the team's settings. */
export type DateExpression =
  | { kind: 'absolute'; date: LocalDate }
  /** Words such as `next friday` or `in 3 weeks`, read against today in the team's zone. */
  | { kind: 'spoken'; text: string }
  /** A slash date with two real readings (`03/04/2027`): refused, the team's reading suggested first. */
  | { kind: 'ambiguous'; text: string; dayFirst: LocalDate; monthFirst: LocalDate }
  /** The estimated first available portal release: RELEASE_CADENCE_DAYS after today. */
  | { kind: 'next-release' };

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export const DATE_FORMS =
  '`YYYY-MM-DD`, `30/12/2026`, `today`, `tomorrow`, `friday`, `next friday`, `in N days|weeks|months` or `next-release`';

/** The longest run of words tried as one spoken date (`the day after tomorrow` is four). */
const SPOKEN_WORDS = 6;
const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const YEAR_LAST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
const NUMERIC = /^\d+([-/.]\d+)+$/;

/** Reads the date at the start of `words`; the words after it are returned as `rest`. */
export function parseDateWords(words: readonly string[]): Parsed<{ expression: DateExpression; rest: string[] }> {
  const [first, ...others] = words;
  if (first === undefined) return { ok: false, message: `A date is missing: use ${DATE_FORMS}.` };
  const found = (expression: DateExpression, rest: string[] = others) => ({
    ok: true as const,
    value: { expression, rest },
  });
  const yearFirst = YEAR_FIRST.exec(first);
  if (yearFirst) {
    const date = checkedDate(Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3]), first);
    return date.ok ? found({ kind: 'absolute', date: date.value }) : date;
  }
  const yearLast = YEAR_LAST.exec(first);
  if (yearLast) {
    const slash = readSlashDate(Number(yearLast[1]), Number(yearLast[2]), Number(yearLast[3]), first);
    return slash.ok ? found(slash.value) : slash;
  }
  if (NUMERIC.test(first)) {
    return {
      ok: false,
      message: `${quote(first)} is not a date I understand: write it as YYYY-MM-DD (for example 2027-03-04), or day/month/year with the year in full.`,
    };
  }
  if (first.toLowerCase() === 'next-release') return found({ kind: 'next-release' });
  const spoken = readSpoken(words);
  if (spoken) return spoken.ok ? found({ kind: 'spoken', text: spoken.value }, words.slice(spoken.words)) : spoken;
  return { ok: false, message: `${quote(first)} is not a date I understand: use ${DATE_FORMS}.` };
}

function checkedDate(year: number, month: number, day: number, text: string): Parsed<LocalDate> {
  if (month < 1 || month > 12)
    return { ok: false, message: `${quote(text)} is not a date: there is no month ${month}.` };
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    return { ok: false, message: `${quote(text)} is not a date: ${monthName(month)} ${year} has ${days} days.` };
  }
  return { ok: true, value: { year, month, day } };
}

/** `30/12/2026` can only be day/month; `12/30/2026` only month/day; `03/04/2027` either, so it stays ambiguous. */
function readSlashDate(a: number, b: number, year: number, text: string): Parsed<DateExpression> {
  const dayFirst = checkedDate(year, b, a, text);
  const monthFirst = checkedDate(year, a, b, text);
  if (dayFirst.ok && monthFirst.ok && compareDates(dayFirst.value, monthFirst.value) !== 0) {
    return { ok: true, value: { kind: 'ambiguous', text, dayFirst: dayFirst.value, monthFirst: monthFirst.value } };
  }
  if (dayFirst.ok) return { ok: true, value: { kind: 'absolute', date: dayFirst.value } };
  if (monthFirst.ok) return { ok: true, value: { kind: 'absolute', date: monthFirst.value } };
  return { ok: false, message: `${quote(text)} is not a date read either way round (day/month or month/day).` };
}

/**
 * The longest run of leading words that chrono reads, whole, as one date: its text and how many words it took.
 * Undefined when no leading words read as a date; a refusal when they name a time or a range.
 */
function readSpoken(words: readonly string[]): (Parsed<string> & { words: number }) | undefined {
  for (let count = Math.min(words.length, SPOKEN_WORDS); count > 0; count--) {
    const text = words.slice(0, count).join(' ');
    const result = parseSpoken(text, { year: 2000, month: 1, day: 3 });
    if (!result || result.index !== 0 || result.text !== text) continue;
    if (result.start.isCertain('hour') || result.start.isCertain('minute')) {
      return {
        ok: false,
        words: count,
        message: `${quote(text)} names a time of day. Reminders fire at the team's hour on the day, so give only the date (\`friday\`, not \`friday 3pm\`); a note that starts with a number goes after a YYYY-MM-DD date.`,
      };
    }
    if (result.end) {
      return { ok: false, words: count, message: `${quote(text)} is a range: give one release date.` };
    }
    return { ok: true, value: text, words: count };
  }
  return undefined;
}

function parseSpoken(text: string, today: LocalDate): ParsedResult | undefined {
  const reference = { instant: new Date(Date.UTC(today.year, today.month - 1, today.day, 12)), timezone: 0 };
  return britishEnglish.parse(text, reference, { forwardDate: true })[0];
}

/** The date spoken words mean today. chrono runs past a month's end (31 January + 1 month = 3 March); people clamp. */
function spokenDate(text: string, today: LocalDate): LocalDate {
  const start = (parseSpoken(text, today) as ParsedResult).start;
  const date = {
    year: start.get('year') as number,
    month: start.get('month') as number,
    day: start.get('day') as number,
  };
  if (/\b(months?|years?|quarters?)\b/i.test(text) && date.day !== today.day) {
    const months = date.year * 12 + date.month - (today.year * 12 + today.month) - 1;
    return addMonths(today, months);
  }
  return date;
}

/** A release date and the instants of its two notices. */
export interface FiringPlan {
  releaseDate: string;
  dateDueAt: number;
  /** The advance notice, or null when there is none or its moment has already passed. */
  advanceDueAt: number | null;
}

/** Ties a date expression to today in the team's zone and checks that its reminder can still fire. */
export function resolveDate(expression: DateExpression, settings: ReminderSettings, now: number): Parsed<FiringPlan> {
  if (expression.kind === 'ambiguous') return { ok: false, message: ambiguity(expression, settings) };
  const today = localDateIn(now, settings.timeZone);
  const date =
    expression.kind === 'absolute'
      ? expression.date
      : expression.kind === 'next-release'
        ? addDays(today, settings.releaseCadenceDays)
        : spokenDate(expression.text, today);
  const words = expression.kind === 'next-release' ? 'next-release' : expression.kind === 'spoken' && expression.text;
  const written = words ? `${quote(words)} (${formatLocalDate(date)})` : isoDate(date);
  const latest = addMonths(today, settings.maxYears * 12);
  if (compareDates(date, latest) > 0) {
    return {
      ok: false,
      message: `${written} is more than ${settings.maxYears} years ahead; the latest date I take is ${isoDate(latest)}.`,
    };
  }
  const plan = planFirings(date, settings, now);
  if (plan.dateDueAt <= now) {
    const message =
      compareDates(date, today) < 0
        ? `${written} is in the past.`
        : `Reminders fire at ${formatInstant(plan.dateDueAt, settings.timeZone)}, which has passed. Use tomorrow or a later date.`;
    return { ok: false, message };
  }
  return { ok: true, value: plan };
}

function ambiguity(expression: Extract<DateExpression, { kind: 'ambiguous' }>, settings: ReminderSettings): string {
  const readings = [
    { date: expression.dayFirst, order: 'day/month' },
    { date: expression.monthFirst, order: 'month/day' },
  ];
  if (settings.dateOrder === 'mdy') readings.reverse();
  const [ours, theirs] = readings.map((r) => `${formatLocalDate(r.date)} (${r.order}): \`${isoDate(r.date)}\``);
  return `${quote(expression.text)} could be ${ours} or ${theirs}. Write the date as YYYY-MM-DD.`;
}

/** When a reminder for `date` fires: on the date and, if still ahead, REMINDER_ADVANCE_DAYS earlier, both at the hour. */
export function planFirings(date: LocalDate, settings: ReminderSettings, now: number): FiringPlan {
  const at = (d: LocalDate) => instantAt(d, settings.hour, settings.timeZone);
  const advance = settings.advanceDays > 0 ? at(addDays(date, -settings.advanceDays)) : null;
  return {
    releaseDate: isoDate(date),
    dateDueAt: at(date),
    advanceDueAt: advance !== null && advance > now ? advance : null,
  };
}

/** The agreed release moment: the release date at the team's hour. */
export function releaseMoment(releaseDate: string, settings: ReminderSettings): number {
  return instantAt(fromIsoDate(releaseDate), settings.hour, settings.timeZone);
}

/** The team's hour a week after today: when a snoozed notice comes again. */
function aWeekFromToday(settings: ReminderSettings, now: number): number {
  return instantAt(addDays(localDateIn(now, settings.timeZone), 7), settings.hour, settings.timeZone);
}

/**
 * Snooze reminds again later and never moves the agreed date: the advance notice comes again in a week or as the
 * release-day notice, whichever is sooner; the release-day notice comes again in a week.
 */
export function snoozePlan(
  schedule: { releaseDate: string; dateDueAt: number | null },
  snoozed: FiringKind,
  settings: ReminderSettings,
  now: number,
): ReminderSchedule {
  const again = aWeekFromToday(settings, now);
  if (snoozed === 'date') return { releaseDate: schedule.releaseDate, advanceDueAt: null, dateDueAt: again };
  const releaseDay = schedule.dateDueAt ?? releaseMoment(schedule.releaseDate, settings);
  return { releaseDate: schedule.releaseDate, advanceDueAt: again < releaseDay ? again : null, dateDueAt: releaseDay };
}

/** The date a move form suggests: a week after the release date, a week further while that has passed. */
export function suggestedMoveDate(releaseDate: string, settings: ReminderSettings, now: number): string {
  let date = addDays(fromIsoDate(releaseDate), 7);
  while (instantAt(date, settings.hour, settings.timeZone) <= now) date = addDays(date, 7);
  return isoDate(date);
}
