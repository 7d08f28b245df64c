import type { ColumnProfile } from './columns.js';
import type { RuleId } from './rules.js';

/**
 * Cell-value PHI checks (htan-submission-rules.md §2.4 B, all *derived* there), with the column context that keeps
 * the known false positives out: versions, genomic coordinates, HTAN and Synapse IDs, ICD codes, age-in-days.
 */

/** Days since birth at 90 years (HTAN portal and schematic cap: 32,849). */
export const MAX_AGE_IN_DAYS = 32_849;
const MAX_AGE_IN_YEARS = 89;
/** Excel serial numbers of 1927-05-18 (10000) to 2099-12-31 (73050). */
const SERIAL_DATES = { from: 10_000, to: 73_050 };

// Whole month names or their abbreviations only, so "Marker" or "Decimal" are not months.
const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?(?![a-z])';
const NOT_AFTER_WORD = '(?<![a-z0-9])';
const DAY = '(?:0?[1-9]|[12][0-9]|3[01])';
const MONTH_NUMBER = '(?:0?[1-9]|1[0-2])';
const YEAR4 = '(?:19|20)[0-9]{2}';

/** `2021-03-05`, `2021/3/5`, `2021.03.05` (two-digit parts with dots, so `2020.03.1` stays a version). */
const ISO_DATE = new RegExp(
  `${NOT_AFTER_WORD}${YEAR4}(?:([-/])${MONTH_NUMBER}\\1${DAY}|\\.(?:0[1-9]|1[0-2])\\.(?:0[1-9]|[12][0-9]|3[01]))(?![0-9]|\\.[0-9])`,
  'i',
);
/** `03/05/2021`, `3/5/21`, `30-12-2021`: checked for a real month-day or day-month reading afterwards. */
const NUMERIC_DATE = /(?<![a-z0-9/.-])([0-9]{1,2})([/-])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})(?![a-z0-9/]|[-.][0-9])/i;
const DAY_MONTH_YEAR = new RegExp(
  `${NOT_AFTER_WORD}${DAY}(?:st|nd|rd|th)?[\\s./-]*${MONTH}[\\s.,/-]*(?:${YEAR4}|[0-9]{2})(?![a-z0-9])`,
  'i',
);
const MONTH_DAY_YEAR = new RegExp(`${NOT_AFTER_WORD}${MONTH}\\s*${DAY}(?:st|nd|rd|th)?,?\\s*${YEAR4}(?![a-z0-9])`, 'i');
const MONTH_YEAR = new RegExp(`${NOT_AFTER_WORD}(${MONTH})[\\s.,/'-]*${YEAR4}(?![a-z0-9])`, 'i');
const NUMERIC_MONTH_YEAR = new RegExp(
  `(?<![a-z0-9/.-])${MONTH_NUMBER}[/-]${YEAR4}(?![a-z0-9/]|[-.][0-9])|^${YEAR4}-(?:0[1-9]|1[0-2])$`,
  'i',
);
/** Eight digits standing alone; `syn20210305` or `chr1:20210305-20210310` are not alone. */
const COMPACT_DATE =
  /(?<![a-z0-9:.-])(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])(?![a-z0-9-]|[:.][0-9])/i;
const SSN = /(?<![a-z0-9-])[0-9]{3}-[0-9]{2}-[0-9]{4}(?![a-z0-9-])/i;
const PHONE =
  /(?<![\w.-])(?:\+?1[\s.-]?)?(?:\([0-9]{3}\)\s?[0-9]{3}[\s.-]?[0-9]{4}|[0-9]{3}([\s.-])[0-9]{3}\1[0-9]{4})(?![\w.-])/;
const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/i;
const URL = /\b(?:https?|ftp):\/\/\S+|\bwww\.[a-z0-9-]+\.[a-z]{2,}/i;
const IPV4 = /(?<![\w.])([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})(?![\w.])/;
const VERSION_WORD = /\b(?:v|ver|version|release)\b\.?\s*$/i;
/** Surgical-pathology-style accession, `S21-12345` (case-sensitive). */
const ACCESSION = /(?<![A-Za-z0-9])[A-Z]{1,3}[0-9]{2}-[0-9]{3,}(?![0-9])/;
const DIGIT_RUN = /(?<![0-9])[0-9]{7,10}(?![0-9])/;
const EXCEL_GENE = new RegExp(`^(?:[0-9]{1,2}-${MONTH}|${MONTH}-[0-9]{1,2})$`, 'i');
const NUMBER = /^-?[0-9]+(?:\.[0-9]+)?$/;
const HAS_DIGIT = /[0-9]/;

/** The first PHI rule a cell breaks, given its column; undefined when it looks clean. */
export function phiRuleFor(value: string, column: ColumnProfile, currentYear: number): RuleId | undefined {
  if (NUMBER.test(value)) return numberRule(value, column, currentYear);
  if (!HAS_DIGIT.test(value)) return textRule(value, column);
  return dateRule(value, column) ?? contactRule(value, column) ?? otherRule(value, column);
}

function numberRule(value: string, column: ColumnProfile, currentYear: number): RuleId | undefined {
  const n = Number(value);
  if (column.daysSinceBirth && Math.abs(n) > MAX_AGE_IN_DAYS) return 'phi-age-over-89';
  if (column.ageYears && n > MAX_AGE_IN_YEARS) return 'phi-age-over-89';
  if (column.yearOfBirth && Number.isInteger(n) && n >= 1000 && n <= currentYear - 90) return 'phi-age-over-89';
  if (column.date && n >= SERIAL_DATES.from && n <= SERIAL_DATES.to) return 'phi-excel-serial-date';
  if (column.filename && DIGIT_RUN.test(value)) return 'phi-digits-in-filename';
  if (!column.version && COMPACT_DATE.test(value)) return 'phi-compact-date';
  return undefined;
}

function textRule(value: string, column: ColumnProfile): RuleId | undefined {
  if (value.includes('@') && EMAIL.test(value)) return 'phi-email';
  if (!column.link && (value.includes('://') || /www\./i.test(value)) && URL.test(value)) return 'phi-url';
  return undefined;
}

function dateRule(value: string, column: ColumnProfile): RuleId | undefined {
  if (column.version) return undefined;
  const rule = fullDate(value) ? 'phi-date' : monthYear(value);
  if (rule === undefined) return EXCEL_GENE.test(value.trim()) ? 'data-excel-gene-symbol' : undefined;
  return column.filename ? 'phi-date-in-filename' : rule;
}

function fullDate(value: string): boolean {
  if (ISO_DATE.test(value) || DAY_MONTH_YEAR.test(value) || MONTH_DAY_YEAR.test(value)) return true;
  const numeric = NUMERIC_DATE.exec(value);
  if (!numeric) return false;
  const a = Number(numeric[1]);
  const b = Number(numeric[3]);
  const validMonthDay = (month: number, day: number) => month >= 1 && month <= 12 && day >= 1 && day <= 31;
  return validMonthDay(a, b) || validMonthDay(b, a);
}

function monthYear(value: string): RuleId | undefined {
  const named = MONTH_YEAR.exec(value);
  if (named) {
    const freeText = value.trim().length > named[0].length;
    return named[1]!.toLowerCase() === 'may' && freeText ? 'phi-month-year-ambiguous' : 'phi-month-year';
  }
  if (NUMERIC_MONTH_YEAR.test(value.trim())) return 'phi-month-year';
  return COMPACT_DATE.test(value) ? 'phi-compact-date' : undefined;
}

function contactRule(value: string, column: ColumnProfile): RuleId | undefined {
  if (SSN.test(value)) return 'phi-ssn';
  if (PHONE.test(value)) return 'phi-phone';
  return textRule(value, column);
}

function otherRule(value: string, column: ColumnProfile): RuleId | undefined {
  if (!column.version && looksLikeIp(value)) return 'phi-ip';
  if (column.idLike && ACCESSION.test(value)) return 'phi-accession';
  if (column.filename && DIGIT_RUN.test(value)) return 'phi-digits-in-filename';
  return undefined;
}

/**
 * An IPv4 address, told from a four-part version (`GATK 4.1.4.1`): a first octet of 10 or more or an octet of 100
 * or more, and no "v"/"version" just before it.
 */
function looksLikeIp(value: string): boolean {
  const match = IPV4.exec(value);
  if (!match) return false;
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return false;
  if (VERSION_WORD.test(value.slice(0, match.index))) return false;
  return octets[0]! >= 10 || octets.some((o) => o >= 100);
}
