import { describe, expect, it } from 'vitest';
import { csvCell, formulaSafe, tsvRow } from '../../../src/workflows/kit/table-file.js';

describe('files a person may open in a spreadsheet', () => {
  it.each(['=HYPERLINK("https://evil.example/","x")', '+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'never start a cell with what runs as a formula: %j',
    (cell) => {
      expect(formulaSafe(cell)).toBe(`'${cell}`);
      expect(tsvRow([cell]).startsWith("'")).toBe(true);
      expect(csvCell(cell).replace(/^"/, '').startsWith("'")).toBe(true);
    },
  );

  it('leave other cells as they are, and keep a TSV row on one line', () => {
    expect(formulaSafe('cells_R1.fastq.gz')).toBe('cells_R1.fastq.gz');
    expect(tsvRow(['a\tb', 'c\nd', 'e\\f'])).toBe('a\\tb\tc\\nd\te\\\\f');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
  });
});
