/** *block*: must be fixed before submission; *warn*: check by eye (htan-submission-rules.md §2.4, §1.6, §6). */
export type Tier = 'block' | 'warn';

export interface Rule {
  tier: Tier;
  /** What was found, as a short phrase for counts and the findings CSV. */
  title: string;
  /** What to do about it. */
  fix: string;
}

const block = (title: string, fix: string): Rule => ({ tier: 'block', title, fix });
const warn = (title: string, fix: string): Rule => ({ tier: 'warn', title, fix });

const TO_DAYS = 'convert it to days from birth (HTAN accepts no calendar dates)';

/** Every rule the check applies, by id; the ids appear in reports and the findings CSV. */
export const RULES = {
  'phi-header-identifier': block(
    'column header names a direct identifier',
    'remove the column (names, MRNs, addresses, contacts…)',
  ),
  'phi-header-date': warn('column header names a date', `check the column; ${TO_DAYS}`),
  'phi-date': block('calendar date', TO_DAYS),
  'phi-excel-date-cell': block('cell formatted as a date in Excel', TO_DAYS),
  'phi-excel-serial-date': block('Excel serial date under a date header', TO_DAYS),
  'phi-month-year': block('month and year (finer than a year)', 'keep the year only, or convert to days from birth'),
  'phi-month-year-ambiguous': warn('"may" followed by a year in free text', 'check whether it is a date'),
  'phi-compact-date': warn('eight digits that read as a date (YYYYMMDD)', 'check whether it is a date'),
  'phi-date-in-filename': warn('date in a file name', 'rename the file without the date'),
  'phi-digits-in-filename': warn(
    'long run of digits in a file name',
    'check it is not a medical record or accession number',
  ),
  'phi-ssn': block('social security number', 'remove it'),
  'phi-phone': block('phone number', 'remove it'),
  'phi-email': block('e-mail address', 'remove it'),
  'phi-url': warn('URL outside a link column', 'check the URL identifies no one'),
  'phi-ip': warn('IP address', 'remove it unless it is not tied to a person'),
  'phi-age-over-89': warn(
    'age over 89 years',
    'aggregate as "90 or older" (32,850 days) or confirm with the DCC (HIPAA Safe Harbor)',
  ),
  'phi-accession': warn('looks like a hospital accession number', 'replace it with an HTAN identifier or remove it'),
  'data-excel-gene-symbol': warn(
    'looks like a gene symbol Excel turned into a date',
    'restore the gene symbol (for example SEPT2)',
  ),
  'id-columns-missing': warn('no HTAN identifier column', 'add the HTAN ID columns of the data model'),
  'id-missing': block('identifier missing', 'fill in the HTAN identifier'),
  'id-format': block('identifier does not match the Phase 2 pattern', 'correct it (see Creating HTAN Identifiers)'),
  'id-format-phase1': warn(
    'identifier does not match the Phase 1 pattern',
    'correct it (schematic reports this as a warning)',
  ),
  'id-too-long': block('identifier longer than 50 characters', 'shorten it to at most 50 characters'),
  'id-length-50': warn('identifier of exactly 50 characters', 'the Manual asks for fewer than 50'),
  'id-extra-underscore': warn(
    'identifier with extra parts after its B or D number',
    'the Manual allows them but the validation patterns reject them; ask your data liaison',
  ),
  'id-leading-zero': warn('number with a leading zero', 'drop the leading zero unless it is the pooled 0000'),
  'id-pooled-participant': warn('pooled participant 0000 as a participant', 'use 0000 for biospecimens and files only'),
  'id-unassigned-center': warn('center prefix not assigned yet', 'Phase 2 centers are HTA200-HTA209'),
  'id-whitespace': warn('spaces around an identifier', 'remove the spaces'),
  'id-several': block('several identifiers in one cell', 'put one identifier per row'),
  'id-duplicate': block('duplicate identifier', 'give every row its own identifier'),
  'id-duplicate-participant': warn(
    'participant listed more than once',
    'fine for therapies or follow-ups; Demographics needs one row per participant',
  ),
  'id-phase-mismatch': block(
    'identifier of the other HTAN phase',
    'use one phase: HTA1-HTA16 with Title Case columns, HTA2xx with UPPER_SNAKE columns',
  ),
  'id-mixed-centers': warn('identifiers of more than one center', 'check the file belongs to one center'),
  'parent-self': block('record is its own parent', 'point the parent ID at the record it was derived from'),
  'parent-missing': warn(
    'parent biospecimen is not a row of this file',
    'fine if it was submitted before; otherwise add it',
  ),
  'parent-other-participant': warn(
    'parent belongs to another participant',
    'check the parent ID (only pooled 0000 records mix participants)',
  ),
  'row-cell-count': warn('row has a different number of cells than the header', 'check the row lines up'),
} as const satisfies Record<string, Rule>;

export type RuleId = keyof typeof RULES;

export function isPhiRule(rule: RuleId): boolean {
  return rule.startsWith('phi-');
}
