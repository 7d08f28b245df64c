import ExcelJS from 'exceljs';
import type { MetadataFile } from '../../src/workflows/htan/read-table.js';

/** A fake PHI value planted in fixtures; tests assert it never leaves the check (Slack, logs, database, files). */
export const PLANTED_PHI = 'planted.patient@example.org';
export const PLANTED_DATE = '1961-07-23';

/** Cells as CSV/TSV text, quoting what needs it. */
export function delimited(rows: readonly (readonly string[])[], delimiter = ','): string {
  const cell = (text: string) => (/[",\r\n\t;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return rows.map((row) => row.map(cell).join(delimiter)).join('\r\n') + '\r\n';
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The bytes in chunks of `size`, as a network read delivers them (split anywhere, UTF-8 sequences included). */
export async function* chunked(bytes: Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

export function file(name: string, bytes: Uint8Array, chunkSize?: number): MetadataFile {
  return { name, chunks: chunked(bytes, chunkSize ?? Math.max(1, bytes.length)) };
}

export function csvFile(name: string, rows: readonly (readonly string[])[], delimiter = ','): MetadataFile {
  return file(name, utf8(delimited(rows, delimiter)), 64);
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

/** A Phase 2 biospecimen manifest: every identifier valid, every value free of PHI. */
export const CLEAN_BIOSPECIMEN: string[][] = [
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
