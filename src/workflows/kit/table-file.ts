/** What a spreadsheet runs as a formula when a cell starts with it (CSV/TSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell of a file a person may open in a spreadsheet: one that would run as a formula gets an apostrophe first. */
export function formulaSafe(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One TSV row: formula-safe cells, with backslashes, tabs and line breaks written as \\, \t, \n and \r. */
export function tsvRow(cells: readonly string[]): string {
  return cells
    .map((cell) =>
      formulaSafe(cell)
        .replaceAll('\\', '\\\\')
        .replaceAll('\t', '\\t')
        .replaceAll('\n', '\\n')
        .replaceAll('\r', '\\r'),
    )
    .join('\t');
}

/** One CSV cell: formula-safe, quoted when it holds a quote, a comma or a line break. */
export function csvCell(text: string): string {
  const safe = formulaSafe(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
