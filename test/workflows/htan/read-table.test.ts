import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../../src/errors.js';
import { readTable, type MetadataFile } from '../../../src/workflows/htan/read-table.js';
import type { Table, TableEvent } from '../../../src/workflows/htan/table-events.js';
import { delimited, file, utf8, workbook } from '../../support/htan-files.js';
import { rejectionOf } from '../../support/http.js';

const LIMITS = { maxWorkbookBytes: 1024 * 1024 };

async function all(table: Table): Promise<TableEvent[]> {
  const events: TableEvent[] = [];
  for await (const event of table.events) events.push(event);
  return events;
}

async function read(source: MetadataFile): Promise<{ table: Table; events: TableEvent[] }> {
  const table = await readTable(source, LIMITS);
  return { table, events: await all(table) };
}

/** The message of the UserInputError that opening or reading the file ends with. */
async function refusal(source: MetadataFile): Promise<string> {
  const error = await rejectionOf(
    readTable(source, LIMITS).then((table) => all(table)),
    UserInputError,
  );
  return error.message;
}

const bytes = (...values: number[]) => new Uint8Array(values);
const concat = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));

describe('readTable: CSV and TSV', () => {
  it('detects commas, gives spreadsheet row numbers and skips blank lines', async () => {
    const { table, events } = await read(file('a.csv', utf8('id,age\r\nHTA9_1,100\r\n\r\nHTA9_2,"a, b"\r\n'), 3));

    expect(table).toMatchObject({ format: 'csv', delimiter: ',', encoding: 'UTF-8' });
    expect(events).toEqual([
      { type: 'header', cells: ['id', 'age'] },
      { type: 'row', row: 2, cells: ['HTA9_1', '100'] },
      { type: 'row', row: 4, cells: ['HTA9_2', 'a, b'] },
    ]);
  });

  it('detects tabs and semicolons from the header line', async () => {
    const tsv = await read(file('a.tsv', utf8('a\tb, c\td\n1\t2\t3\n')));
    const semicolons = await read(file('a.csv', utf8('a;b\n1,5;2\n')));

    expect(tsv.table).toMatchObject({ format: 'tsv', delimiter: '\t' });
    expect(tsv.events[0]).toEqual({ type: 'header', cells: ['a', 'b, c', 'd'] });
    expect(semicolons.table.delimiter).toBe(';');
    expect(semicolons.events[1]).toMatchObject({ cells: ['1,5', '2'] });
  });

  it('strips a UTF-8 byte-order mark and says it was there', async () => {
    const { table, events } = await read(file('bom.csv', concat(bytes(0xef, 0xbb, 0xbf), utf8('a,b\n1,2\n')), 2));

    expect(table.encoding).toBe('UTF-8 with BOM');
    expect(events[0]).toEqual({ type: 'header', cells: ['a', 'b'] });
  });

  it('reads UTF-8 characters split across chunks', async () => {
    const { events } = await read(file('é.csv', utf8('näme,größe\nÅsa,ünïcödé ✓\n'), 1));

    expect(events[1]).toMatchObject({ cells: ['Åsa', 'ünïcödé ✓'] });
  });

  it('refuses text that is not UTF-8 in the header, naming the fix', async () => {
    const message = await refusal(file('latin1.csv', concat(utf8('na'), bytes(0xef), utf8('ve,b\n1,2\n'))));

    expect(message).toBe(
      'latin1.csv is not UTF-8 text: the bytes near byte 2 are not valid UTF-8 (Windows-1252 or Latin-1 exports do this). Save it as “CSV UTF-8” and check again.',
    );
  });

  it('refuses text that stops being UTF-8 far into the file, while the rows stream', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `HTA9_${i},x`).join('\n');
    const message = await refusal(file('late.csv', concat(utf8(`id,v\n${rows}\n`), bytes(0xe9), utf8(',x\n')), 4096));

    expect(message).toMatch(/^late\.csv is not UTF-8 text: the bytes near byte 2[0-9,]+ are not valid UTF-8/);
  });

  it('refuses a header that mixes tabs and commas', async () => {
    expect(await refusal(file('m.csv', utf8('a\tb,c\n1\t2,3\n')))).toBe(
      'm.csv: the header row mixes tabs and commas (1 tabs, 1 commas), so its columns cannot be told apart. Save it as CSV UTF-8 or TSV and check again.',
    );
  });

  it('refuses a row written with another delimiter than the header, saying which line', async () => {
    const text =
      delimited(
        [
          ['a', 'b', 'c'],
          ['1', '2', '3'],
        ],
        '\t',
      ) + '4,5,6\r\n';

    expect(await refusal(file('m.tsv', utf8(text)))).toBe(
      'm.tsv mixes delimiters: the header uses tabs but line 3 uses commas. Save it as CSV UTF-8 or TSV and check again.',
    );
  });

  it('reads a 1,000-column header', async () => {
    const header = Array.from({ length: 1000 }, (_, i) => `Column ${i + 1}`);
    const row = header.map((_, i) => String(i));

    const { events } = await read(file('wide.csv', utf8(delimited([header, row])), 4096));

    expect(events[0]).toMatchObject({ type: 'header', cells: header });
    expect(events[1]).toMatchObject({ type: 'row', row: 2, cells: row });
  });

  it('reports an unclosed quote by line without quoting the cell', async () => {
    const message = await refusal(file('q.csv', utf8('a,b\n1,"secret value\n2,3\n')));

    expect(message).toBe(
      'q.csv: a quote opened by line 3 is never closed. Check for a stray " in a cell. Save it as CSV UTF-8 or TSV and check again.',
    );
  });

  it('reads a header with no rows', async () => {
    expect((await read(file('h.csv', utf8('a,b\n')))).events).toEqual([{ type: 'header', cells: ['a', 'b'] }]);
  });
});

describe('readTable: what is not a CSV, TSV or workbook', () => {
  it.each([
    ['0 bytes', new Uint8Array(0), 'empty.csv is empty (0 bytes).'],
    ['blank lines', utf8('\r\n  \n\t\n'), 'empty.csv is empty: it has no header row and no data.'],
    ['only a BOM', bytes(0xef, 0xbb, 0xbf), 'empty.csv is empty: it has no header row and no data.'],
    ['only delimiters', utf8(',,,\n,,\n'), 'empty.csv is empty: it has no header row and no data.'],
  ])('refuses %s as empty', async (_what, content, message) => {
    expect(await refusal(file('empty.csv', content))).toBe(message);
  });

  it.each([
    ['UTF-16 text', bytes(0xff, 0xfe, 0x61, 0x00), 'UTF-16 text (Excel’s “Unicode Text”)', 'Save it as “CSV UTF-8”'],
    ['an .xls', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0), 'an old-style Excel .xls', 'as .xlsx'],
    ['a PDF', utf8('%PDF-1.7\n'), 'a PDF document', 'Save it as CSV UTF-8, TSV or .xlsx'],
    ['gzip', bytes(0x1f, 0x8b, 8, 0), 'a gzip-compressed file', 'Decompress it'],
    ['a PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a), 'a PNG image', 'Save it as'],
    ['binary', concat(utf8('abc'), bytes(0, 1, 2)), 'a binary file', 'Save it as'],
    ['HTML', utf8('  <!DOCTYPE html><html><body>Sign in</body></html>'), 'an HTML or XML page', 'Save it as'],
    ['JSON', utf8('[{"a": 1}]'), 'JSON', 'Save it as'],
  ])('refuses %s, saying what it is', async (_what, content, what, fix) => {
    const message = await refusal(file('upload.csv', content));

    expect(message).toContain(`upload.csv is ${what}`);
    expect(message).toContain('not a CSV, TSV or .xlsx file.');
    expect(message).toContain(fix);
  });
});

describe('readTable: .xlsx workbooks', () => {
  it('reads every sheet with data, Excel row numbers, date cells and cell kinds', async () => {
    const content = await workbook({
      Biospecimen: [
        ['HTAN Biospecimen ID', 'Collection Date', 'Days'],
        ['HTA9_1_1', new Date(Date.UTC(2021, 2, 5)), 23741],
        [],
        ['HTA9_1_2', '', 100],
      ],
      Empty: [],
      Notes: [['Note'], ['free text']],
    });

    const { table, events } = await read(file('book.xlsx', content, 1000));

    expect(table.format).toBe('xlsx');
    expect(events).toEqual([
      { type: 'header', sheet: 'Biospecimen', cells: ['HTAN Biospecimen ID', 'Collection Date', 'Days'] },
      { type: 'row', row: 2, cells: ['HTA9_1_1', '2021-03-05', '23741'], dateCells: [1] },
      { type: 'row', row: 4, cells: ['HTA9_1_2', '', '100'] },
      { type: 'header', sheet: 'Notes', cells: ['Note'] },
      { type: 'row', row: 2, cells: ['free text'] },
    ]);
  });

  it('refuses a ZIP that is no workbook, an empty workbook and one over the limit before reading it', async () => {
    const zip = concat(bytes(0x50, 0x4b, 0x03, 0x04), utf8('not really a zip'));
    const empty = await workbook({ Sheet1: [] });
    const big = concat(bytes(0x50, 0x4b, 0x03, 0x04), new Uint8Array(LIMITS.maxWorkbookBytes));

    expect(await refusal(file('z.xlsx', zip))).toBe(
      'z.xlsx is a ZIP archive but not an Excel workbook that can be read. Save it as .xlsx or CSV UTF-8 and check again.',
    );
    expect(await refusal(file('e.xlsx', empty))).toBe('e.xlsx is empty: none of its sheets has any data.');
    expect(await refusal(file('big.xlsx', big, 65536))).toBe(
      'big.xlsx is a workbook over 1 MB, more than the bot reads into memory. Save it as CSV UTF-8 (read as it streams, whatever its size) and check again.',
    );
  });
});
