import { csvCell } from '../kit/table-file.js';
import type { Finding, FindingLog } from './findings.js';
import type { Phase } from './identifiers.js';
import { isPhiRule, RULES, type RuleId, type Tier } from './rules.js';
import type { Table } from './table-events.js';

export interface RuleCount {
  rule: RuleId;
  tier: Tier;
  title: string;
  fix: string;
  count: number;
}

/** What a check found, as plain data; no cell value is in it, only masked shapes. */
export interface CheckReport {
  file: {
    name: string;
    format: Table['format'];
    encoding?: Table['encoding'];
    rows: number;
    columns: number;
  };
  phase?: Phase;
  /** `HTA<n>` prefixes found in the identifiers, most frequent first. */
  centers: string[];
  /** `clean`: nothing found; `warnings`: only things to check by eye; `blocked`: something must be fixed. */
  verdict: 'clean' | 'warnings' | 'blocked';
  /** No PHI finding blocks submission (the checklist's "PHI scan passed"). */
  phiPassed: boolean;
  totals: Record<Tier, number>;
  /** By rule: blocking rules first, then by count. */
  counts: RuleCount[];
  /** The first findings: blocking ones first, each group in file order. */
  first: Finding[];
  /** Every kept finding as CSV, values masked; `complete` is false when there were more than the `kept` ones. */
  findingsCsv: string;
  kept: number;
  complete: boolean;
  /** One plain sentence saying how it went. */
  summary: string;
}

export interface ReportInput {
  name: string;
  table: Table;
  rows: number;
  columns: number;
  phase?: Phase;
  centers: string[];
  log: FindingLog;
  firstCount: number;
}

export function buildReport(input: ReportInput): CheckReport {
  const { log } = input;
  const counts = [...log.counts.entries()]
    .map(([rule, count]) => ({ rule, tier: RULES[rule].tier, title: RULES[rule].title, fix: RULES[rule].fix, count }))
    .sort((a, b) => tierOrder(a.tier) - tierOrder(b.tier) || b.count - a.count || a.rule.localeCompare(b.rule));
  const totals = { block: 0, warn: 0 };
  for (const c of counts) totals[c.tier] += c.count;
  const ordered = [...log.kept].sort((a, b) => tierOrder(a.tier) - tierOrder(b.tier) || compareRows(a, b));
  const verdict = totals.block > 0 ? 'blocked' : totals.warn > 0 ? 'warnings' : 'clean';
  const report: Omit<CheckReport, 'summary'> = {
    file: {
      name: input.name,
      format: input.table.format,
      ...(input.table.encoding ? { encoding: input.table.encoding } : {}),
      rows: input.rows,
      columns: input.columns,
    },
    ...(input.phase ? { phase: input.phase } : {}),
    centers: input.centers,
    verdict,
    phiPassed: !counts.some((c) => c.tier === 'block' && isPhiRule(c.rule)),
    totals,
    counts,
    first: ordered.slice(0, input.firstCount),
    findingsCsv: findingsCsv(ordered),
    kept: log.kept.length,
    complete: log.kept.length === log.total,
  };
  return { ...report, summary: summary(report) };
}

function tierOrder(tier: Tier): number {
  return tier === 'block' ? 0 : 1;
}

function compareRows(a: Finding, b: Finding): number {
  return (a.sheet ?? '').localeCompare(b.sheet ?? '') || a.row - b.row;
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

function summary(report: Omit<CheckReport, 'summary'>): string {
  const { file, totals } = report;
  const about = [
    count(file.rows, 'row'),
    count(file.columns, 'column'),
    ...(report.phase ? [`HTAN Phase ${report.phase}`] : []),
    ...report.centers.slice(0, 3),
  ].join(', ');
  if (report.verdict === 'clean') return `Clean: no PHI and no identifier problems found in ${file.name} (${about}).`;
  const look = count(totals.warn, 'finding needs', 'findings need');
  if (report.verdict === 'warnings') return `Nothing blocks submission of ${file.name} (${about}); ${look} a look.`;
  const fix = count(totals.block, 'finding must', 'findings must');
  return `${fix} be fixed before submission of ${file.name} (${about})${totals.warn ? `; ${look} a look` : ''}.`;
}

const CSV_HEADER = ['sheet', 'row', 'column', 'tier', 'rule', 'what', 'value shape', 'fix'];

/** RFC 4180 text; cells that a spreadsheet would run as a formula get a leading apostrophe. */
function findingsCsv(findings: readonly Finding[]): string {
  const lines = [CSV_HEADER.map(csvCell).join(',')];
  for (const f of findings) {
    const rule = RULES[f.rule];
    lines.push(
      [f.sheet ?? '', String(f.row), f.column, f.tier, f.rule, rule.title, f.masked, rule.fix].map(csvCell).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
