import ExcelJS from 'exceljs';

/**
 * HTAN metadata files made on the spot for the sandbox, the tests and the bench (nothing is downloaded): clean and
 * dirty manifests, every true and false positive of the reference (htan-submission-rules.md §2.4), and broken files.
 */

/** Fake PHI planted in the dirty fixtures; tests assert it never leaves the check. */
export const PLANTED_PHI = 'planted.patient@example.org';
export const PLANTED_DATE = '1961-07-23';

/** Values the PHI scan must flag, with the rule, in a free-text column. */
export const PHI_TRUE_POSITIVES: readonly (readonly [string, string])[] = [
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
];

/** Values the PHI scan must leave alone in a free-text column: identifiers, versions, codes, coordinates. */
export const PHI_FALSE_POSITIVES: readonly string[] = [
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
];

/** A Phase 2 biospecimen manifest of center HTA209: every identifier valid, every value free of PHI. */
export const CLEAN_BIOSPECIMEN: readonly (readonly string[])[] = [
  [
    'HTAN_BIOSPECIMEN_ID',
    'HTAN_PARENT_ID',
    'AGE_IN_DAYS_AT_SPECIMEN_COLLECTION',
    'BIOSPECIMEN_TYPE',
    'SITE_OF_RESECTION_OR_BIOPSY',
    'PROTOCOL_URL',
    'WORKFLOW_VERSION',
    'NOTES',
  ],
  [
    'HTA209_1_B1',
    'HTA209_1',
    '23741',
    'Tissue Biospecimen Type',
    'UBERON:0002107',
    'https://protocols.io/x',
    '2.1.0',
    'Stage IIIA',
  ],
  ['HTA209_1_B2', 'HTA209_1_B1', '23741', 'Analyte Biospecimen Type', 'UBERON:0002107', '', '10xV3.1', 'T2N0M0'],
  ['HTA209_2_B1', 'HTA209_2', '19000', 'Tissue Biospecimen Type', 'UBERON:0000002', '', 'v2020.03.1', 'C50.9; 8140/3'],
  [
    'HTA209_0000_B1',
    'HTA209_1_B2',
    'Not Applicable',
    'Analyte Biospecimen Type',
    'UBERON:0000002',
    '',
    'GRCh38.p14',
    '1/2',
  ],
];

/** A Phase 2 clinical file of HTA209 with PHI (the planted values among it) and identifier problems. */
export const DIRTY_CLINICAL: readonly (readonly string[])[] = [
  ['HTAN_PARTICIPANT_ID', 'Patient Name', 'Collection Date', 'AGE_IN_DAYS_AT_DIAGNOSIS', 'NOTES'],
  ['HTA209_1', 'removed', PLANTED_DATE, '33120', PLANTED_PHI],
  ['HTA209_2', 'removed', '44260', '12000', 'seen 03/05/2021, call (617) 555-1234'],
  ['HTA209_2', 'removed', '', '12000', '2.1.0'],
  ['HTA209_3_B1_234', 'removed', '', '9000', 'Not Reported'],
];

/** Every true positive, then every false positive, one a row, under an HTAN participant of HTA209. */
export function everyCaseRows(): string[][] {
  const values = [...PHI_TRUE_POSITIVES.map(([value]) => value), ...PHI_FALSE_POSITIVES];
  return [['HTAN_PARTICIPANT_ID', 'NOTES'], ...values.map((value, i) => [`HTA209_${i + 1}`, value])];
}

/** A 1,000-column header (half of its names suggest PHI) and one row. */
export function wideRows(): string[][] {
  const header = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `Contact Email ${i}` : `Measure ${i}`));
  return [header, header.map(() => '1')];
}

/** Cells as CSV/TSV text, quoting what needs it. */
export function delimited(rows: readonly (readonly string[])[], delimiter = ','): string {
  const cell = (text: string) => (/[",\r\n\t;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return rows.map((row) => row.map(cell).join(delimiter)).join('\r\n') + '\r\n';
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** An .xlsx workbook made with exceljs: sheet name → rows (a Date is stored as an Excel date cell). */
export async function workbook(sheets: Record<string, (string | number | Date)[][]>): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer);
}

/** The fixtures `/sandbox share` knows, by name: file name and bytes. */
export const SANDBOX_FIXTURES: Record<string, { name: string; bytes(): Promise<Uint8Array> }> = {
  clean: { name: 'biospecimen-HTA209.csv', bytes: async () => utf8(delimited(CLEAN_BIOSPECIMEN)) },
  dirty: { name: 'clinical-HTA209.csv', bytes: async () => utf8(delimited(DIRTY_CLINICAL)) },
  'every-case': { name: 'every-case.csv', bytes: async () => utf8(delimited(everyCaseRows())) },
  workbook: {
    name: 'clinical-HTA209.xlsx',
    bytes: () =>
      workbook({
        Clinical: [
          ['HTAN_PARTICIPANT_ID', 'Visit'],
          ['HTA209_1', new Date(Date.UTC(2020, 0, 2))],
        ],
      }),
  },
  wide: { name: 'wide.csv', bytes: async () => utf8(delimited(wideRows())) },
  mixed: { name: 'mixed.tsv', bytes: async () => utf8(`${delimited(CLEAN_BIOSPECIMEN.slice(0, 2), '\t')}a,b,c\r\n`) },
  pdf: { name: 'manifest.pdf', bytes: async () => utf8('%PDF-1.7\n%fake\n') },
  empty: { name: 'empty.csv', bytes: async () => new Uint8Array(0) },
};
