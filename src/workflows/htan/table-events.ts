/** A metadata file as it is read: a header, then its rows; a workbook repeats both for each sheet. */
export type TableEvent =
  | { type: 'header'; cells: string[]; sheet?: string }
  | {
      type: 'row';
      /** The spreadsheet row: the header is row 1. */
      row: number;
      cells: string[];
      /** Cells Excel stores as dates (their text is the ISO date). */
      dateCells?: number[];
    };

export type Delimiter = ',' | '\t' | ';';

export interface Table {
  format: 'csv' | 'tsv' | 'xlsx';
  /** CSV/TSV only. */
  encoding?: 'UTF-8' | 'UTF-8 with BOM';
  delimiter?: Delimiter;
  events: AsyncIterable<TableEvent>;
}
