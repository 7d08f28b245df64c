import { describe, expect, it } from 'vitest';
import { profileColumns } from '../../../src/workflows/htan/columns.js';
import { phiRuleFor } from '../../../src/workflows/htan/phi-cells.js';

const YEAR = 2026;

function ruleIn(header: string, value: string) {
  return phiRuleFor(value, profileColumns([header])[0]!, YEAR);
}

describe('phiRuleFor: the reference’s true positives (htan-submission-rules.md §2.4 B)', () => {
  it.each([
    ['2021-03-05', 'phi-date'],
    ['2021-03-05T10:22:00', 'phi-date'],
    ['2021/3/5', 'phi-date'],
    ['2021.03.05', 'phi-date'],
    ['03/05/2021', 'phi-date'],
    ['3/5/21', 'phi-date'],
    ['30/12/2021', 'phi-date'],
    ['05-Mar-2021', 'phi-date'],
    ['3 Mar 2021', 'phi-date'],
    ['12 Jan 2020', 'phi-date'],
    ['March 5, 2021', 'phi-date'],
    ['collected on 5th March 2021 at noon', 'phi-date'],
    ['Mar 2021', 'phi-month-year'],
    ['March 2021', 'phi-month-year'],
    ['May 2020', 'phi-month-year'],
    ['03/2021', 'phi-month-year'],
    ['2021-03', 'phi-month-year'],
    ['patient seen may 2020 in clinic', 'phi-month-year-ambiguous'],
    ['20210305', 'phi-compact-date'],
    ['HTA209_1_20210305', 'phi-compact-date'],
    ['555-12-3456', 'phi-ssn'],
    ['(617) 555-1234', 'phi-phone'],
    ['617-555-1234', 'phi-phone'],
    ['+1 617 555 1234', 'phi-phone'],
    ['jane.doe@example.org', 'phi-email'],
    ['contact: jane.doe@example.org', 'phi-email'],
    ['see https://hospital.example.org/patient/42', 'phi-url'],
    ['www.example.org', 'phi-url'],
    ['10.0.0.1', 'phi-ip'],
    ['logged from 192.168.1.20', 'phi-ip'],
    ['2-Sep', 'data-excel-gene-symbol'],
    ['Mar-1', 'data-excel-gene-symbol'],
  ])('flags %s in a free-text column as %s', (value, rule) => {
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
  it.each([
    'HTA209_1_B1',
    'HTA209_1_D12',
    'HTA9_1_19512',
    'HTA209_2021_B3',
    'HTA209_1_B20210305',
    '23741',
    '2.1.0',
    '10xV3.1',
    'v2020.03.1',
    '2020.03.1',
    'GATK 4.1.4.1',
    '8140/3',
    'C50.9',
    'UBERON:0002107',
    'syn20210305',
    'd41d8cd98f00b204e9800998ecf8427e',
    '5f20210305c4a9e7b1d0f2a3c4e5b6a7',
    'GRCh38.p14',
    'T2N0M0',
    'Stage IIIA',
    '1/2',
    '2019',
    'chr1:20210305-20210310',
    'chr7:140453136',
    '7:140453136-140453137',
    'chr17:7577120-7577121',
    'chr3:178936091',
    'Not Applicable',
    'unknown',
    'Not Reported',
    'Marker panel 2021',
    'Decimal 12 2020',
    'CD45-123',
  ])('%s in a free-text column', (value) => {
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
