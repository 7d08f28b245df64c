import ExcelJS from 'exceljs';

export interface TemplateSheet {
  name: string;
  /** The programmatic header of its file-name column; none for a sheet without files. */
  fileNameHeader?: string;
  fileNames?: string[];
  /** Other cells of each data row (as a donor sheet holds). */
  otherValues?: string[];
}

/**
 * An HCA metadata spreadsheet as the templates lay it out: row 1 the friendly header, 2 a description, 3 an
 * example, 4 the programmatic header, 5 "FILL OUT INFORMATION BELOW THIS ROW", data from row 6.
 */
export async function hcaWorkbook(sheets: TemplateSheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    const header =
      sheet.fileNameHeader ?? `${sheet.name.toLowerCase().replaceAll(' ', '_')}.biomaterial_core.biomaterial_id`;
    worksheet.addRow(['FILE NAME', 'NOTES']);
    worksheet.addRow(['The name of the file.', 'Anything else.']);
    worksheet.addRow(['e.g. R1.fastq.gz', 'e.g. example-note']);
    worksheet.addRow([header, `${sheet.name.toLowerCase()}.notes`]);
    worksheet.addRow(['FILL OUT INFORMATION BELOW THIS ROW', '']);
    const rows = Math.max(sheet.fileNames?.length ?? 0, sheet.otherValues?.length ?? 0);
    for (let i = 0; i < rows; i++) worksheet.addRow([sheet.fileNames?.[i] ?? '', sheet.otherValues?.[i] ?? '']);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
