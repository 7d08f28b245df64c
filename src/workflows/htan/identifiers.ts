/** HTAN identifier grammar (htan-submission-rules.md §1.1-§1.3, §1.6, §6). */

export type Phase = 1 | 2;

/** What an identifier names: a participant, or a record under one (Phase 2 marks B/D; Phase 1 cannot tell). */
export type IdKind = 'participant' | 'biospecimen' | 'file' | 'biospecimen-or-file';

export interface ParsedId {
  phase: Phase;
  /** `HTA<n>`. */
  center: string;
  centerNumber: number;
  /** `HTA209_1`, the participant part of any identifier. */
  participant: string;
  kind: IdKind;
}

// Phase 2, quoted from the Manual (§1.2); `[0-9]` rather than `\d`, full matches.
const P2_PARTICIPANT = /^(?=.{1,50}$)(HTA2[0-2][0-9])_(0000|EXT[0-9]{1,18}|[0-9]{1,21})$/;
const P2_RECORD = /^(?=.{1,50}$)(HTA2[0-2][0-9])_(0000|EXT[0-9]{1,18}|[0-9]{1,21})_([BD])[0-9]{1,20}$/;
// Phase 1, from HTAN.model.csv (§1.3), with the optional record part of §1.6.
const P1_ID = /^(HTA(?:[1-9]|1[0-6]))_((?:EXT)?[0-9]+)(?:_([0-9]+))?$/;
const PREFIX = /^HTA([0-9]{1,3})_/;

/** The strict parse of an identifier of either phase; undefined when it matches neither. */
export function parseId(id: string): ParsedId | undefined {
  const p2 = P2_PARTICIPANT.exec(id) ?? P2_RECORD.exec(id);
  if (p2) {
    const [, center, participantNumber, marker] = p2 as unknown as [string, string, string, string | undefined];
    const kind: IdKind = marker === undefined ? 'participant' : marker === 'B' ? 'biospecimen' : 'file';
    return {
      phase: 2,
      center,
      centerNumber: Number(center.slice(3)),
      participant: `${center}_${participantNumber}`,
      kind,
    };
  }
  const p1 = P1_ID.exec(id);
  if (!p1) return undefined;
  const [, center, participantNumber, record] = p1 as unknown as [string, string, string, string | undefined];
  return {
    phase: 1,
    center,
    centerNumber: Number(center.slice(3)),
    participant: `${center}_${participantNumber}`,
    kind: record === undefined ? 'participant' : 'biospecimen-or-file',
  };
}

/** The phase an `HTA<n>_` prefix belongs to (HTA1-16 Phase 1, HTA200-229 Phase 2), if any. */
export function prefixPhase(id: string): Phase | undefined {
  const match = PREFIX.exec(id);
  if (!match) return undefined;
  const n = Number(match[1]);
  if (n >= 1 && n <= 16) return 1;
  if (n >= 200 && n <= 229) return 2;
  return undefined;
}

/** Phase 2 prefixes the regexes accept but no center holds yet (§6.3). */
export function isUnassignedCenter(parsed: ParsedId): boolean {
  return parsed.phase === 2 && parsed.centerNumber > 209;
}

/** `HTA209_1_B1_234`: extra parts after B/D<n>, allowed by creating_ids.md, rejected by the patterns (§6.2). */
export function hasExtraParts(id: string): boolean {
  return /^HTA[0-9]{1,3}_(?:0000|EXT[0-9]+|[0-9]+)_[BD][0-9]+(?:_[A-Za-z0-9]+)+$/.test(id);
}

/** A number part written with a leading zero (`HTA200_01`); the pooled `0000` is not one. */
export function hasLeadingZero(id: string): boolean {
  return id
    .split('_')
    .slice(1)
    .some((part) => part !== '0000' && /^[BD]?0[0-9]/.test(part));
}

export function isPooled(parsed: ParsedId): boolean {
  return parsed.participant.endsWith('_0000');
}
