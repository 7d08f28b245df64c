import { profileColumns, type ColumnProfile } from './columns.js';
import { FindingLog, type Place } from './findings.js';
import { IdentifierChecks } from './id-checks.js';
import { phiRuleFor } from './phi-cells.js';
import { readTable, type MetadataFile } from './read-table.js';
import { buildReport, type CheckReport } from './report.js';

export interface CheckOptions {
  /** Workbooks are read whole; CSV and TSV stream whatever their size. */
  maxWorkbookBytes: number;
  /** For "Year Of Birth" 90 or more years back; from the injected clock. */
  currentYear: number;
  /** Findings kept for the CSV (counts stay complete beyond it) [100,000]. */
  keepFindings?: number;
  /** Findings listed in the report itself [20]. */
  firstFindings?: number;
}

/**
 * Checks one HTAN metadata file as its rows are read: headers and cells for PHI, identifiers for the file's phase and
 * center. Unreadable input rejects with a UserInputError saying what to fix; a failing source with its own error.
 */
export async function checkMetadataFile(file: MetadataFile, options: CheckOptions): Promise<CheckReport> {
  const table = await readTable(file, { maxWorkbookBytes: options.maxWorkbookBytes });
  const log = new FindingLog(options.keepFindings ?? 100_000);
  const ids = new IdentifierChecks(log);
  let columns: ColumnProfile[] = [];
  let sheet: string | undefined;
  let rows = 0;
  let widest = 0;
  for await (const event of table.events) {
    if (event.type === 'header') {
      columns = profileColumns(event.cells);
      sheet = event.sheet;
      widest = Math.max(widest, columns.length);
      for (const column of columns) {
        if (column.headerRule) log.add({ ...(sheet ? { sheet } : {}), row: 1, column: column.name }, column.headerRule);
      }
      ids.header(columns, sheet);
      continue;
    }
    rows += 1;
    const { row, cells, dateCells } = event;
    if (cells.length !== columns.length) log.add({ ...(sheet ? { sheet } : {}), row, column: '' }, 'row-cell-count');
    for (let i = 0; i < cells.length; i++) {
      const value = cells[i]!;
      if (value === '') continue;
      const column = columns[i] ?? unnamedColumn(i);
      const rule = dateCells?.includes(i) ? 'phi-excel-date-cell' : phiRuleFor(value, column, options.currentYear);
      if (rule) log.add(place(sheet, row, column), rule, value);
    }
    ids.row(row, cells);
  }
  const { phase, centers } = ids.finish();
  return buildReport({
    name: file.name,
    table,
    rows,
    columns: widest,
    ...(phase ? { phase } : {}),
    centers,
    log,
    firstCount: options.firstFindings ?? 20,
  });
}

function place(sheet: string | undefined, row: number, column: ColumnProfile): Place {
  return { ...(sheet ? { sheet } : {}), row, column: column.name };
}

/** Cells past the header's last column are scanned too, under a made-up name. */
function unnamedColumn(index: number): ColumnProfile {
  return { ...profileColumns([`(column ${index + 1}, no header)`])[0]!, index };
}
