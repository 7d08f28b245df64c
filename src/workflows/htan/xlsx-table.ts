import type ExcelJS from 'exceljs';
import { UserInputError } from '../../errors.js';
import { openWorkbook } from '../kit/workbook.js';
import type { Table, TableEvent } from './table-events.js';

/**
 * Reads an .xlsx workbook held in memory (`openWorkbook`: exceljs `load(buffer)`, never its streaming reader, which
 * writes worksheets to the temp directory, turn2-facts.md §6). Every sheet with data is read, header first.
 */
export async function readWorkbook(name: string, bytes: Uint8Array): Promise<Table> {
  const opened = await openWorkbook(bytes);
  if (opened.kind === 'unreadable') {
    throw new UserInputError(
      `${name} is a ZIP archive but not an Excel workbook that can be read. Save it as .xlsx or CSV UTF-8 and check again.`,
    );
  }
  if (opened.kind === 'too-big-to-open') {
    throw new UserInputError(
      `${name} ${opened.why}, more than the bot opens safely. Save the sheet as CSV UTF-8 and check that.`,
    );
  }
  const sheets = opened.workbook.worksheets.filter((sheet) => sheet.actualRowCount > 0);
  if (sheets.length === 0) throw new UserInputError(`${name} is empty: none of its sheets has any data.`);
  return { format: 'xlsx', events: events(sheets, sheets.length > 1) };
}

async function* events(sheets: ExcelJS.Worksheet[], named: boolean): AsyncGenerator<TableEvent> {
  for (const sheet of sheets) {
    let width = 0;
    for (let number = 1; number <= sheet.rowCount; number++) {
      const row = sheet.findRow(number);
      if (!row?.hasValues) continue;
      const cells: string[] = [];
      const dateCells: number[] = [];
      (row.values as ExcelJS.CellValue[]).forEach((value, column) => {
        const text = cellText(value);
        cells[column - 1] = text;
        if (value instanceof Date) dateCells.push(column - 1);
      });
      const filled = Array.from({ length: Math.max(width, cells.length) }, (_, i) => cells[i] ?? '');
      if (filled.every((cell) => cell.trim() === '')) continue;
      if (width === 0) {
        width = filled.length;
        yield { type: 'header', cells: filled, ...(named ? { sheet: sheet.name } : {}) };
      } else {
        yield { type: 'row', row: number, cells: filled, ...(dateCells.length ? { dateCells } : {}) };
      }
    }
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoDate(value);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return `${cellText(value.text as ExcelJS.CellValue)} ${value.hyperlink}`;
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('error' in value) return String(value.error);
  return '';
}

function isoDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
