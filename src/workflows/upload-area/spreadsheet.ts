import type { Worksheet } from 'exceljs';
import { openWorkbook } from '../kit/workbook.js';

/** HCA templates put the programmatic header (`sequence_file.file_core.file_name`) in one of the first rows. */
const HEADER_ROWS = 6;
const FILE_NAME_HEADER = /file_core\.file_name$/i;
const FILL_OUT_ROW = /^FILL OUT INFORMATION BELOW THIS ROW$/i;
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

export interface FileNameColumn {
  sheet: string;
  /** The programmatic header, such as `sequence_file.file_core.file_name`. */
  header: string;
  count: number;
}

/** What a metadata spreadsheet declares: file names only; no other cell value leaves this module. */
export type SpreadsheetReading =
  | { kind: 'read'; columns: FileNameColumn[]; declared: string[] }
  | { kind: 'no-file-name-column'; sheets: number }
  | { kind: 'unreadable'; reason: 'corrupt' | 'password-protected' | 'legacy-xls' }
  | { kind: 'too-big-to-open'; why: string };

/**
 * Reads the file names an `.xlsx` declares, wholly in memory (`openWorkbook`). A file that is not a workbook, or
 * unzips to more than the bot reads safely, says why, without its content.
 */
export async function readDeclaredFileNames(bytes: Buffer): Promise<SpreadsheetReading> {
  const opened = await openWorkbook(bytes);
  if (opened.kind === 'unreadable') return { kind: 'unreadable', reason: unreadableReason(bytes) };
  if (opened.kind === 'too-big-to-open') return opened;
  const { workbook } = opened;
  const columns: FileNameColumn[] = [];
  const declared = new Set<string>();
  for (const sheet of workbook.worksheets) {
    for (const { row, column, header } of fileNameHeaders(sheet)) {
      let count = 0;
      sheet.eachRow((sheetRow, rowNumber) => {
        const name = rowNumber > row ? sheetRow.getCell(column).text.trim() : '';
        if (name === '' || FILL_OUT_ROW.test(name)) return;
        declared.add(name);
        count += 1;
      });
      columns.push({ sheet: sheet.name, header, count });
    }
  }
  if (columns.length === 0) return { kind: 'no-file-name-column', sheets: workbook.worksheets.length };
  return { kind: 'read', columns, declared: [...declared].sort() };
}

function fileNameHeaders(sheet: Worksheet): { row: number; column: number; header: string }[] {
  const found: { row: number; column: number; header: string }[] = [];
  for (let row = 1; row <= Math.min(HEADER_ROWS, sheet.rowCount); row++) {
    sheet.getRow(row).eachCell((cell, column) => {
      const header = cell.text.trim();
      if (FILE_NAME_HEADER.test(header)) found.push({ row, column, header });
    });
  }
  return found;
}

function unreadableReason(bytes: Buffer): 'corrupt' | 'password-protected' | 'legacy-xls' {
  if (!bytes.subarray(0, CFB_MAGIC.length).equals(CFB_MAGIC)) return 'corrupt';
  return bytes.includes(ENCRYPTED_PACKAGE) ? 'password-protected' : 'legacy-xls';
}
