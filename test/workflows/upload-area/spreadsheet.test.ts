import ExcelJS from 'exceljs';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDeclaredFileNames } from '../../../src/workflows/upload-area/spreadsheet.js';
import { passwordProtectedWorkbook } from '../../support/encrypted-workbook.js';
import { hcaWorkbook } from '../../../src/sandbox/hca-workbook.js';
import { DISTINCTIVE_CELL_VALUES } from '../../support/distinctive.js';

const TEMPLATE = [
  { name: 'Donor organism', otherValues: DISTINCTIVE_CELL_VALUES },
  {
    name: 'Sequence file',
    fileNameHeader: 'sequence_file.file_core.file_name',
    fileNames: ['cells_R1.fastq.gz', ' cells_R2.fastq.gz ', 'run 2/lane+1_R1.fastq.gz', 'cells_R1.fastq.gz'],
    otherValues: DISTINCTIVE_CELL_VALUES,
  },
  { name: 'Analysis file', fileNameHeader: 'analysis_file.file_core.file_name', fileNames: ['matrix.h5ad'] },
];

describe('readDeclaredFileNames', () => {
  let tempDir: string;
  let savedTmpdir: string | undefined;
  beforeEach(() => {
    savedTmpdir = process.env.TMPDIR;
    tempDir = mkdtempSync(join(tmpdir(), 'spreadsheet-test-'));
    process.env.TMPDIR = tempDir;
  });
  afterEach(() => {
    process.env.TMPDIR = savedTmpdir;
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    rmSync(tempDir, { recursive: true, force: true });
  });

  it('finds every column headed …file_core.file_name and reads the names below the fill-out row', async () => {
    const reading = await readDeclaredFileNames(await hcaWorkbook(TEMPLATE));

    expect(reading).toEqual({
      kind: 'read',
      columns: [
        { sheet: 'Sequence file', header: 'sequence_file.file_core.file_name', count: 4 },
        { sheet: 'Analysis file', header: 'analysis_file.file_core.file_name', count: 1 },
      ],
      declared: ['cells_R1.fastq.gz', 'cells_R2.fastq.gz', 'matrix.h5ad', 'run 2/lane+1_R1.fastq.gz'],
    });
  });

  it('lets no other cell value out, and writes nothing to the temp directory', async () => {
    const reading = await readDeclaredFileNames(await hcaWorkbook(TEMPLATE));

    const text = JSON.stringify(reading);
    for (const value of DISTINCTIVE_CELL_VALUES) expect(text).not.toContain(value);
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it("control: exceljs's streaming reader does write worksheets to that temp directory", async () => {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(await hcaWorkbook(TEMPLATE)), {});
    for await (const worksheet of reader) for await (const _row of worksheet) void _row;

    expect(readdirSync(tempDir).length).toBeGreaterThan(0);
  });

  it('finds a header in the first row of a sheet that is not a template', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('files');
    sheet.addRows([['Sequence_File.File_Core.File_Name'], ['a.fastq.gz'], ['b.fastq.gz']]);

    const reading = await readDeclaredFileNames(Buffer.from(await workbook.xlsx.writeBuffer()));

    expect(reading).toMatchObject({ kind: 'read', declared: ['a.fastq.gz', 'b.fastq.gz'] });
  });

  it('says when no sheet has a file-name header in its first rows', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('notes');
    for (let row = 0; row < 7; row++) sheet.addRow(['']);
    sheet.addRow(['sequence_file.file_core.file_name']);
    sheet.addRow(['a.fastq.gz']);
    workbook.addWorksheet('empty');

    const reading = await readDeclaredFileNames(Buffer.from(await workbook.xlsx.writeBuffer()));

    expect(reading).toEqual({ kind: 'no-file-name-column', sheets: 2 });
  });

  it('calls a damaged file corrupt: random bytes, and a workbook cut short', async () => {
    const whole = await hcaWorkbook(TEMPLATE);

    const random = await readDeclaredFileNames(Buffer.from('PK\u0003\u0004 not a zip at all'));
    const truncated = await readDeclaredFileNames(whole.subarray(0, Math.floor(whole.length / 2)));

    expect(random).toEqual({ kind: 'unreadable', reason: 'corrupt' });
    expect(truncated).toEqual({ kind: 'unreadable', reason: 'corrupt' });
  });

  it('recognises a password-protected workbook (an encrypted package in a compound file)', async () => {
    const protectedWorkbook = passwordProtectedWorkbook(await hcaWorkbook(TEMPLATE));

    const reading = await readDeclaredFileNames(protectedWorkbook);

    expect(reading).toEqual({ kind: 'unreadable', reason: 'password-protected' });
  });

  it('recognises an Excel 97-2003 workbook given an .xlsx name', async () => {
    const legacy = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(legacy, 0);
    Buffer.from('Workbook', 'utf16le').copy(legacy, 1024);

    const reading = await readDeclaredFileNames(legacy);

    expect(reading).toEqual({ kind: 'unreadable', reason: 'legacy-xls' });
  });
});
