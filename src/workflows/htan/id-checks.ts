import { columnsPhase, primaryColumn, type ColumnProfile, type IdRole } from './columns.js';
import type { FindingLog, Place } from './findings.js';
import { HashedIdSet } from './id-set.js';
import {
  hasExtraParts,
  hasLeadingZero,
  isPooled,
  isUnassignedCenter,
  parseId,
  prefixPhase,
  type IdKind,
  type ParsedId,
  type Phase,
} from './identifiers.js';

const MAX_ID_LENGTH = 50;

/** The kinds an identifier in a column of each role may have (§1.2 parent patterns; Phase 1 cannot tell B from D). */
const ALLOWED_KINDS: Record<IdRole, readonly IdKind[]> = {
  participant: ['participant'],
  biospecimen: ['biospecimen', 'biospecimen-or-file'],
  file: ['file', 'biospecimen-or-file'],
  'parent-of-biospecimen': ['participant', 'biospecimen', 'biospecimen-or-file'],
  'parent-of-file': ['biospecimen', 'file', 'biospecimen-or-file'],
};

interface SheetColumns {
  sheet?: string;
  primary?: ColumnProfile;
  parents: ColumnProfile[];
  others: ColumnProfile[];
  component?: ColumnProfile;
}

/**
 * Identifier checks over a stream of rows (htan-submission-rules.md §1): grammar for the file's phase, the
 * 50-character limit, duplicates, parents that should be rows of this file, the phase and the center.
 */
export class IdentifierChecks {
  private readonly log: FindingLog;
  private readonly primaries = new HashedIdSet();
  /** Biospecimen parents not yet seen as a row, checked once every row is in. */
  private readonly pendingParents: { id: string; place: Place }[] = [];
  private readonly centers = new Map<string, number>();
  private sheet?: SheetColumns;
  private filePhase?: Phase;
  private anyIdColumn = false;

  constructor(log: FindingLog) {
    this.log = log;
  }

  /** A new header (the file's, or the next sheet's). */
  header(columns: ColumnProfile[], sheet?: string): void {
    const primary = primaryColumn(columns);
    const named = columnsPhase(columns);
    if (named === 'mixed') {
      const first = columns.find((c) => c.id)!.id!.phase;
      const other = columns.find((c) => c.id && c.id.phase !== first)!;
      this.log.add({ ...(sheet ? { sheet } : {}), row: 1, column: other.name }, 'id-phase-mismatch');
    }
    this.filePhase ??= named === 'mixed' ? columns.find((c) => c.id)!.id!.phase : named;
    this.anyIdColumn ||= primary !== undefined;
    const component = columns.find((c) => c.component);
    this.sheet = {
      ...(sheet ? { sheet } : {}),
      ...(primary ? { primary } : {}),
      parents: columns.filter((c) => c.id?.role.startsWith('parent-')),
      others: columns.filter((c) => c.id && c !== primary && !c.id.role.startsWith('parent-')),
      ...(component ? { component } : {}),
    };
  }

  row(row: number, cells: readonly string[]): void {
    const sheet = this.sheet;
    if (!sheet) return;
    const place = (column: ColumnProfile): Place => ({
      ...(sheet.sheet ? { sheet: sheet.sheet } : {}),
      row,
      column: column.name,
    });
    let primaryId: ParsedId | undefined;
    let primaryText: string | undefined;
    if (sheet.primary) {
      primaryText = this.primary(sheet.primary, cells, place(sheet.primary), sheet);
      primaryId = primaryText === undefined ? undefined : parseId(primaryText);
    }
    for (const column of sheet.others) this.optional(column, cells[column.index] ?? '', place(column));
    for (const column of sheet.parents) {
      for (const parent of splitList(cells[column.index] ?? '')) {
        this.parent(column, parent, place(column), primaryText, primaryId);
      }
    }
  }

  /** Findings only known once every row is in; returns the file's phase and centers. */
  finish(): { phase?: Phase; centers: string[] } {
    if (!this.anyIdColumn) this.log.add({ row: 1, column: '' }, 'id-columns-missing');
    for (const { id, place } of this.pendingParents) {
      if (this.primaries.rowOf(id) === undefined) this.log.add(place, 'parent-missing', id);
    }
    this.pendingParents.length = 0;
    const centers = [...this.centers.entries()].sort((a, b) => b[1] - a[1]).map(([center]) => center);
    return { ...(this.filePhase ? { phase: this.filePhase } : {}), centers };
  }

  /** Checks the row's own identifier; returns it trimmed, or undefined when it is missing or several. */
  private primary(column: ColumnProfile, cells: readonly string[], place: Place, sheet: SheetColumns) {
    const raw = cells[column.index] ?? '';
    const text = raw.trim();
    if (text === '') {
      this.log.add(place, 'id-missing');
      return undefined;
    }
    if (/[,;]/.test(text)) {
      this.log.add(place, 'id-several', raw);
      return undefined;
    }
    const parsed = this.identifier(column, raw, place);
    const firstRow = this.primaries.add(text, place.row);
    if (firstRow !== undefined) {
      const participants = column.id?.role === 'participant' && !this.isDemographics(cells, sheet);
      this.log.add(place, participants ? 'id-duplicate-participant' : 'id-duplicate', raw);
    }
    if (parsed && column.id?.role === 'participant' && isPooled(parsed))
      this.log.add(place, 'id-pooled-participant', raw);
    return text;
  }

  private optional(column: ColumnProfile, raw: string, place: Place): void {
    if (raw.trim() !== '') this.identifier(column, raw, place);
  }

  private parent(
    column: ColumnProfile,
    raw: string,
    place: Place,
    childText: string | undefined,
    child: ParsedId | undefined,
  ): void {
    const parsed = this.identifier(column, raw, place);
    const text = raw.trim();
    if (childText !== undefined && text === childText) {
      this.log.add(place, 'parent-self', raw);
      return;
    }
    if (!parsed) return;
    if (child && !isPooled(child) && parsed.participant !== child.participant) {
      this.log.add(place, 'parent-other-participant', raw);
    }
    const sameKind = column.id?.role === 'parent-of-biospecimen' && parsed.kind !== 'participant';
    if (sameKind && this.primaries.rowOf(text) === undefined) this.pendingParents.push({ id: text, place });
  }

  /** Grammar, length, phase and center of one identifier; returns its parse when it matches its phase's pattern. */
  private identifier(column: ColumnProfile, raw: string, place: Place): ParsedId | undefined {
    const text = raw.trim();
    if (text !== raw) this.log.add(place, 'id-whitespace', raw);
    if (text.length > MAX_ID_LENGTH) {
      this.log.add(place, 'id-too-long', raw);
      return undefined;
    }
    const phase = column.id!.phase;
    const prefix = prefixPhase(text);
    if (prefix !== undefined && prefix !== phase) {
      this.log.add(place, 'id-phase-mismatch', raw);
      return undefined;
    }
    const parsed = parseId(text);
    const role = column.id!.role;
    if (!parsed || parsed.phase !== phase || !ALLOWED_KINDS[role].includes(parsed.kind)) {
      const extra = phase === 2 && hasExtraParts(text);
      this.log.add(place, extra ? 'id-extra-underscore' : phase === 1 ? 'id-format-phase1' : 'id-format', raw);
      return undefined;
    }
    if (text.length === MAX_ID_LENGTH) this.log.add(place, 'id-length-50', raw);
    if (hasLeadingZero(text)) this.log.add(place, 'id-leading-zero', raw);
    if (isUnassignedCenter(parsed)) this.log.add(place, 'id-unassigned-center', raw);
    this.countCenter(parsed, place);
    return parsed;
  }

  private countCenter(parsed: ParsedId, place: Place): void {
    const seen = this.centers.get(parsed.center);
    if (seen === undefined && this.centers.size === 1) this.log.add(place, 'id-mixed-centers');
    this.centers.set(parsed.center, (seen ?? 0) + 1);
  }

  private isDemographics(cells: readonly string[], sheet: SheetColumns): boolean {
    return sheet.component !== undefined && /demographics/i.test(cells[sheet.component.index] ?? '');
  }
}

/** Parent cells may list several, comma-separated (§1.4). */
function splitList(cell: string): string[] {
  if (cell.trim() === '') return [];
  if (!cell.includes(',')) return [cell];
  return cell
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
