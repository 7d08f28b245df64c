import type { Config } from '../../config.js';
import {
  addDays,
  addMonths,
  compareDates,
  daysInMonth,
  formatInstant,
  instantAt,
  isoDate,
  localDateIn,
  type LocalDate,
} from './zone.js';

/** REMINDER_TIMEZONE, REMINDER_HOUR, REMINDER_ADVANCE_DAYS and REMINDER_MAX_YEARS. */
export type ReminderSettings = Config['reminders'];

/** A date as written in a command, before it is tied to today. */
export type DateExpression =
  | { kind: 'absolute'; date: LocalDate }
  | { kind: 'relative'; amount: number; unit: 'day' | 'week' | 'month'; text: string };

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export const DATE_FORMS = '`YYYY-MM-DD`, `today`, `tomorrow` or `in N days|weeks|months`';

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Reads the date at the start of `words`; the words after it are returned as `rest`. */
export function parseDateWords(words: readonly string[]): Parsed<{ expression: DateExpression; rest: string[] }> {
  const [first, ...others] = words;
  if (first === undefined) return { ok: false, message: `A date is missing: use ${DATE_FORMS}.` };
  const word = first.toLowerCase();
  if (word === 'today' || word === 'tomorrow') {
    const amount = word === 'today' ? 0 : 1;
    return { ok: true, value: { expression: { kind: 'relative', amount, unit: 'day', text: word }, rest: others } };
  }
  if (word === 'in') return parseRelative(others);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(first);
  if (iso) {
    const date = parseIsoParts(Number(iso[1]), Number(iso[2]), Number(iso[3]), first);
    return date.ok ? { ok: true, value: { expression: { kind: 'absolute', date: date.value }, rest: others } } : date;
  }
  if (/^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$/.test(first)) {
    return {
      ok: false,
      message: `\`${first}\` is ambiguous (day and month could be either way round). Write the date as YYYY-MM-DD, for example 2027-03-04.`,
    };
  }
  return { ok: false, message: `\`${first}\` is not a date I understand: use ${DATE_FORMS}.` };
}

function parseRelative(words: readonly string[]): Parsed<{ expression: DateExpression; rest: string[] }> {
  const [count, unitWord, ...rest] = words;
  const unit = /^(day|week|month)s?$/i.exec(unitWord ?? '')?.[1]?.toLowerCase() as 'day' | 'week' | 'month' | undefined;
  if (count === undefined || !/^\d{1,4}$/.test(count) || unit === undefined) {
    return {
      ok: false,
      message: `\`in ${[count, unitWord].filter(Boolean).join(' ')}\` is not a date I understand: write \`in N days\`, \`in N weeks\` or \`in N months\` with N in digits.`,
    };
  }
  const amount = Number(count);
  const text = `in ${amount} ${unit}${amount === 1 ? '' : 's'}`;
  return { ok: true, value: { expression: { kind: 'relative', amount, unit, text }, rest } };
}

function parseIsoParts(year: number, month: number, day: number, text: string): Parsed<LocalDate> {
  if (month < 1 || month > 12) return { ok: false, message: `\`${text}\` is not a date: there is no month ${month}.` };
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    return { ok: false, message: `\`${text}\` is not a date: ${MONTH_NAMES[month - 1]} ${year} has ${days} days.` };
  }
  return { ok: true, value: { year, month, day } };
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
  const today = localDateIn(now, settings.timeZone);
  const date = dateOf(expression, today);
  const written = expression.kind === 'absolute' ? isoDate(date) : `${expression.text} (${isoDate(date)})`;
  const latest = addMonths(today, settings.maxYears * 12);
  if (compareDates(date, latest) > 0) {
    return {
      ok: false,
      message: `${written} is more than ${settings.maxYears} years ahead (\`REMINDER_MAX_YEARS\`); the latest date is ${isoDate(latest)}.`,
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

function dateOf(expression: DateExpression, today: LocalDate): LocalDate {
  if (expression.kind === 'absolute') return expression.date;
  switch (expression.unit) {
    case 'day':
      return addDays(today, expression.amount);
    case 'week':
      return addDays(today, expression.amount * 7);
    case 'month':
      return addMonths(today, expression.amount);
  }
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

/** Snooze: a week after the reminder's date at the hour (a further week while that has passed), not click time + 7 days. */
export function snoozePlan(releaseDate: LocalDate, settings: ReminderSettings, now: number): FiringPlan {
  let date = addDays(releaseDate, 7);
  while (instantAt(date, settings.hour, settings.timeZone) <= now) date = addDays(date, 7);
  return planFirings(date, settings, now);
}
