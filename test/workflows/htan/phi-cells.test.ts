import { describe, expect, it } from 'vitest';
import { profileColumns } from '../../../src/workflows/htan/columns.js';
import { PHI_FALSE_POSITIVES, PHI_TRUE_POSITIVES } from '../../../src/sandbox/htan-fixtures.js';
import { phiRuleFor } from '../../../src/workflows/htan/phi-cells.js';

const YEAR = 2026;

function ruleIn(header: string, value: string) {
  return phiRuleFor(value, profileColumns([header])[0]!, YEAR);
}

describe('phiRuleFor: the reference’s true positives (htan-submission-rules.md §2.4 B)', () => {
  it.each(PHI_TRUE_POSITIVES)('flags %s in a free-text column as %s', (value, rule) => {
    expect(ruleIn('Notes', value)).toBe(rule);
  });

  it.each([
    ['AGE_IN_DAYS_AT_DIAGNOSIS', '33120'],
    ['Age at Diagnosis', '32850'],
    ['Relationship Age at Diagnosis', '40000'],
    ['Days to Birth', '-33000'],
    ['Age', '90'],
    ['Age (years)', '95.5'],
    ['Year Of Birth', '1930'],
  ])('flags an age over 89 in %s = %s', (header, value) => {
    expect(ruleIn(header, value)).toBe('phi-age-over-89');
  });

  it('flags Excel serial dates only under a date header', () => {
    expect(ruleIn('Collection Date', '44260')).toBe('phi-excel-serial-date');
    expect(ruleIn('DOB', '23741.5')).toBe('phi-excel-serial-date');
    expect(ruleIn('Notes', '44260')).toBeUndefined();
  });

  it('flags dates and long digit runs in file names as a review', () => {
    expect(ruleIn('Filename', 'Smith_2021-03-05_slide1.svs')).toBe('phi-date-in-filename');
    expect(ruleIn('FILENAME', 'scans/1234567_slide.svs')).toBe('phi-digits-in-filename');
  });

  it('flags hospital accession numbers in ID-like columns', () => {
    expect(ruleIn('Source HTAN Biospecimen ID', 'S21-12345')).toBe('phi-accession');
    expect(ruleIn('Site Data Source', 'SP19-0042')).toBe('phi-accession');
  });
});

describe('phiRuleFor: the reference’s false positives stay unflagged', () => {
  it.each(PHI_FALSE_POSITIVES)('%s in a free-text column', (value) => {
    expect(ruleIn('Notes', value)).toBeUndefined();
  });

  it('reads "days from index" and follow-up intervals as no ages', () => {
    expect(ruleIn('Collection Days from Index', '40000')).toBeUndefined();
    expect(ruleIn('Days to Last Follow up', '40000')).toBeUndefined();
    expect(ruleIn('Occupation Duration Years', '95')).toBeUndefined();
    expect(ruleIn('AGE_IN_DAYS_AT_DIAGNOSIS', '32849')).toBeUndefined();
    expect(ruleIn('Age', '89')).toBeUndefined();
    expect(ruleIn('Year Of Birth', '1937')).toBeUndefined();
  });

  it('allows URLs in link columns and dates nowhere in version columns', () => {
    expect(ruleIn('Protocol Link', 'https://protocols.io/view/x')).toBeUndefined();
    expect(ruleIn('WORKFLOW_LINK', 'https://github.com/x/y')).toBeUndefined();
    expect(ruleIn('DATA_URL', 'https://example.org/data')).toBeUndefined();
    expect(ruleIn('WORKFLOW_VERSION', '2020.03.01')).toBeUndefined();
    expect(ruleIn('Software Version', '10.2.0.1')).toBeUndefined();
  });

  it('leaves HTAN identifiers in identifier columns to the identifier checks', () => {
    expect(ruleIn('HTAN_BIOSPECIMEN_ID', 'HTA209_1_B1')).toBeUndefined();
    expect(ruleIn('HTAN Parent Data File ID', 'HTA4_1_42,HTA4_1_43')).toBeUndefined();
  });
});
