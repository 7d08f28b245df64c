import type ExcelJS from 'exceljs';

/**
 * A new, empty exceljs workbook. exceljs is loaded on first use: it adds about 30 MB to the process, and only the
 * checks that read a spreadsheet need it.
 */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: exceljs } = await import('exceljs');
  return new exceljs.Workbook();
}
