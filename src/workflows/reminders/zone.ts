/** A calendar date with no time and no zone, as people write it: 2027-03-03. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;
const numericFormats = new Map<string, Intl.DateTimeFormat>();
const displayFormats = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, zone: string, options: Intl.DateTimeFormatOptions) {
  let format = cache.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: zone, hourCycle: 'h23' });
    cache.set(zone, format);
  }
  return format;
}

function partsOf(format: Intl.DateTimeFormat, instant: number): Record<string, string> {
  return Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
}

function wallClock(instant: number, zone: string) {
  const parts = partsOf(
    cached(numericFormats, zone, {
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }),
    instant,
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number, zone: string): number {
  const w = wallClock(instant, zone);
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The calendar date in a zone at an instant. */
export function localDateIn(instant: number, zone: string): LocalDate {
  const { year, month, day } = wallClock(instant, zone);
  return { year, month, day };
}

/**
 * The instant at which the zone's clocks show `hour`:00 on `date`. A time skipped by a daylight-saving change becomes
 * the first instant after the gap; a time shown twice uses its first occurrence.
 */
export function instantAt(date: LocalDate, hour: number, zone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour);
  const before = offsetAt(wall - DAY_MS, zone);
  const after = offsetAt(wall + DAY_MS, zone);
  const matches = [wall - before, wall - after].filter((t) => t + offsetAt(t, zone) === wall);
  if (matches.length > 0) return Math.min(...matches);
  let lo = wall - after;
  let hi = wall - before;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (offsetAt(mid, zone) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** `Wednesday 3 March 2027, 09:00 Europe/London`. */
export function formatInstant(instant: number, zone: string): string {
  const p = partsOf(
    cached(displayFormats, zone, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }),
    instant,
  );
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} ${zone}`;
}

/** `Wednesday 3 March 2027`. */
export function formatLocalDate(date: LocalDate): string {
  return formatInstant(Date.UTC(date.year, date.month - 1, date.day, 12), 'UTC').replace(/, \d\d:\d\d UTC$/, '');
}

const monthNames = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });

/** `March` for 3. */
export function monthName(month: number): string {
  return monthNames.format(Date.UTC(2000, month - 1, 1));
}

export function isoDate(date: LocalDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Parses a stored `YYYY-MM-DD`; the caller knows it is valid. */
export function fromIsoDate(text: string): LocalDate {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Adds calendar months, keeping the day where the month has it and clamping to the month's end otherwise. */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / DAY_MS);
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return isoDate(a).localeCompare(isoDate(b));
}
