import Holidays from 'date-holidays';
import { formatLocalDate, fromIsoDate } from './zone.js';

/** Bank holidays in England and Wales, where the team works. */
const bankHolidays = new Holidays('GB', 'ENG');
const byYear = new Map<number, Map<string, string>>();

function holidaysIn(year: number): Map<string, string> {
  let days = byYear.get(year);
  if (!days) {
    const official = bankHolidays.getHolidays(year).filter((h) => h.type === 'public' || h.type === 'bank');
    days = new Map(official.map((h) => [h.date.slice(0, 10), h.name]));
    byYear.set(year, days);
  }
  return days;
}

/** A warning when a release date (`YYYY-MM-DD`) is on a weekend or a UK bank holiday, when people may be away. */
export function releaseDateWarning(releaseDate: string): string | undefined {
  const date = fromIsoDate(releaseDate);
  const written = formatLocalDate(date);
  const holiday = holidaysIn(date.year).get(releaseDate);
  if (holiday) return `${written} is a UK bank holiday (${holiday}); people may be away.`;
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  if (weekday === 0 || weekday === 6) return `${written} is a weekend day; people may be away.`;
  return undefined;
}
