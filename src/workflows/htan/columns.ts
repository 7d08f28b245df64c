import type { Phase } from './identifiers.js';
import type { RuleId } from './rules.js';

/**
 * What a column holds, as far as the checks care: an HTAN identifier role, or a kind of value whose numbers or
 * dates mean something (htan-submission-rules.md §1.4, §2.3, §2.4 A).
 */
export type IdRole =
  | 'participant'
  | 'biospecimen'
  | 'file'
  /** Phase 1 `HTAN Parent ID` / Phase 2 `HTAN_PARENT_ID` of a biospecimen: a participant or a biospecimen. */
  | 'parent-of-biospecimen'
  /** Phase 1 `HTAN Parent Biospecimen ID` / `HTAN Parent Data File ID`, Phase 2 `HTAN_PARENT_ID` of a file. */
  | 'parent-of-file';

export interface ColumnProfile {
  index: number;
  name: string;
  id?: { role: IdRole; phase: Phase };
  /** A date-named column: 5-digit numbers in it are Excel serial dates. */
  date: boolean;
  /** Values are days since birth (`AGE_IN_DAYS_*`, Age at Diagnosis, Days to Birth). */
  daysSinceBirth: boolean;
  /** Values are ages in years. */
  ageYears: boolean;
  yearOfBirth: boolean;
  filename: boolean;
  /** URLs are expected here (Protocol Link, WORKFLOW_LINK, *_URL). */
  link: boolean;
  version: boolean;
  /** Non-HTAN identifiers (hospital accessions) would hide here. */
  idLike: boolean;
  component: boolean;
  /** The header itself suggests PHI. */
  headerRule?: RuleId;
}

const PHASE1_IDS: Record<string, IdRole> = {
  'htan participant id': 'participant',
  'htan biospecimen id': 'biospecimen',
  'htan data file id': 'file',
  'htan parent id': 'parent-of-biospecimen',
  'htan parent biospecimen id': 'parent-of-file',
  'htan parent data file id': 'parent-of-file',
};

const PHASE2_IDS: Record<string, IdRole> = {
  HTAN_PARTICIPANT_ID: 'participant',
  HTAN_BIOSPECIMEN_ID: 'biospecimen',
  HTAN_DATA_FILE_ID: 'file',
};

/** Lower-case words of a header: `AGE_IN_DAYS_AT_DIAGNOSIS`, `ageAtDiagnosis` and `Age at Diagnosis` alike. */
export function headerWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

const has = (words: string[], ...wanted: string[]) => wanted.some((w) => words.includes(w));
const phrase = (words: string[], text: string) => ` ${words.join(' ')} `.includes(` ${text} `);

const NAME_OWNERS = [
  'patient',
  'participant',
  'first',
  'last',
  'full',
  'given',
  'family',
  'middle',
  'maiden',
  'sur',
  'subject',
  'person',
  'donor',
  'mother',
  'father',
  'relative',
  'physician',
  'doctor',
];
const DIRECT_WORDS = [
  'ssn',
  'mrn',
  'initials',
  'surname',
  'firstname',
  'lastname',
  'fullname',
  'email',
  'phone',
  'telephone',
  'mobile',
  'fax',
  'street',
  'address',
  'city',
  'zip',
  'zipcode',
  'postal',
  'postcode',
  'county',
  'precinct',
  'license',
  'licence',
  'vehicle',
  'account',
  'beneficiary',
];
const DIRECT_PHRASES = [
  'e mail',
  'medical record',
  'record number',
  'social security',
  'health plan',
  'serial number',
  'device serial',
  'ip address',
  'license plate',
];
const DATE_WORDS = ['date', 'dob', 'birthdate', 'dateofbirth', 'datetime', 'timestamp', 'dt'];

/** HTAN attribute names that hold risky words but are allowed (§2.4 A). */
function allowListed(name: string, words: string[]): boolean {
  return (
    phrase(words, 'days to birth') ||
    phrase(words, 'age at diagnosis') ||
    phrase(words, 'year of birth') ||
    phrase(words, 'days from index') ||
    phrase(words, 'age in days') ||
    has(words, 'filename') ||
    phrase(words, 'file name') ||
    phrase(words, 'protocol link') ||
    name === 'WORKFLOW_LINK' ||
    /_URL$/.test(name)
  );
}

function headerRule(name: string, words: string[]): RuleId | undefined {
  if (allowListed(name, words)) return undefined;
  const names = has(words, 'name') && (words.length === 1 || has(words, ...NAME_OWNERS));
  if (names || has(words, ...DIRECT_WORDS) || DIRECT_PHRASES.some((p) => phrase(words, p))) {
    return 'phi-header-identifier';
  }
  return isDateHeader(words) ? 'phi-header-date' : undefined;
}

function isDateHeader(words: string[]): boolean {
  return has(words, ...DATE_WORDS) || phrase(words, 'birth date') || phrase(words, 'date of birth');
}

/** The identifier role and phase of a column, from its exact HTAN name. */
function idColumn(name: string, fileHasDataFileId: boolean): ColumnProfile['id'] {
  const trimmed = name.trim();
  if (trimmed === 'HTAN_PARENT_ID') {
    return { role: fileHasDataFileId ? 'parent-of-file' : 'parent-of-biospecimen', phase: 2 };
  }
  const phase2 = PHASE2_IDS[trimmed];
  if (phase2) return { role: phase2, phase: 2 };
  const phase1 = PHASE1_IDS[trimmed.toLowerCase().replace(/\s+/g, ' ')];
  return phase1 ? { role: phase1, phase: 1 } : undefined;
}

const AGE_NOT_YEARS = ['days', 'day', 'months', 'weeks', 'obfuscated', 'group', 'range', 'unit', 'units', 'category'];

/** Profiles every column of a header once; the row checks then look only at these flags. */
export function profileColumns(header: readonly string[]): ColumnProfile[] {
  const hasDataFileId = header.some((h) => idColumn(h, false)?.role === 'file');
  return header.map((name, index) => {
    const words = headerWords(name);
    const upper = name.trim().toUpperCase();
    const daysSinceBirth =
      upper.startsWith('AGE_IN_DAYS_') ||
      (!has(words, 'years') &&
        (phrase(words, 'age at diagnosis') ||
          phrase(words, 'relationship age at diagnosis') ||
          phrase(words, 'days to birth')));
    const id = idColumn(name, hasDataFileId);
    const rule = headerRule(name, words);
    return {
      index,
      name,
      ...(id ? { id } : {}),
      date: isDateHeader(words) && !allowListed(name, words),
      daysSinceBirth,
      ageYears: !daysSinceBirth && has(words, 'age') && !has(words, ...AGE_NOT_YEARS),
      yearOfBirth: phrase(words, 'year of birth'),
      filename: has(words, 'filename') || phrase(words, 'file name'),
      link: has(words, 'link', 'url', 'uri'),
      version: has(words, 'version'),
      idLike: id !== undefined || has(words, 'id', 'source', 'accession', 'number', 'specimen', 'sample', 'label'),
      component: upper === 'COMPONENT',
      ...(rule ? { headerRule: rule } : {}),
    };
  });
}

/** The phase the identifier column names point to, or undefined when none are HTAN's or they disagree. */
export function columnsPhase(columns: readonly ColumnProfile[]): Phase | 'mixed' | undefined {
  const phases = new Set(columns.flatMap((c) => (c.id ? [c.id.phase] : [])));
  if (phases.size > 1) return 'mixed';
  return phases.values().next().value;
}

/** The column whose identifiers name the rows: data file, else biospecimen, else participant. */
export function primaryColumn(columns: readonly ColumnProfile[]): ColumnProfile | undefined {
  for (const role of ['file', 'biospecimen', 'participant'] as const) {
    const column = columns.find((c) => c.id?.role === role);
    if (column) return column;
  }
  return undefined;
}
