import { RULES, type RuleId, type Tier } from './rules.js';

/** Where a finding is: spreadsheet row (the header is row 1) and column header, plus the sheet in a workbook. */
export interface Place {
  sheet?: string;
  row: number;
  column: string;
}

/** A finding as kept and reported: the cell's value only as its masked shape. */
export interface Finding extends Place {
  rule: RuleId;
  tier: Tier;
  masked: string;
}

const MASK_LENGTH = 24;

/**
 * The shape of a value with nothing of the value in it: digits become 9, letters X or x, line breaks ⏎; other
 * characters stay, so `2021-03-05` reads `9999-99-99`. Long values are cut and their length given.
 */
export function maskValue(value: string): string {
  const shape = value
    .replace(/[\p{L}\p{N}]/gu, (char) => (/\p{N}/u.test(char) ? '9' : /\p{Lu}/u.test(char) ? 'X' : 'x'))
    .replace(/\r?\n|\r/g, '⏎');
  const chars = [...shape];
  return chars.length > MASK_LENGTH ? `${chars.slice(0, MASK_LENGTH).join('')}… (${chars.length} characters)` : shape;
}

/**
 * Collects findings as the rows stream past: counts for every rule, and the findings themselves up to `limit`
 * (masked when added, so no cell value is ever held here).
 */
export class FindingLog {
  readonly counts = new Map<RuleId, number>();
  readonly kept: Finding[] = [];
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  add(place: Place, rule: RuleId, value = ''): void {
    this.counts.set(rule, (this.counts.get(rule) ?? 0) + 1);
    if (this.kept.length < this.limit) {
      this.kept.push({ ...place, rule, tier: RULES[rule].tier, masked: value === '' ? '' : maskValue(value) });
    }
  }

  get total(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }
}
