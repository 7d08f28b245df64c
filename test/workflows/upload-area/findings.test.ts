import { describe, expect, it } from 'vitest';
import { areaFiles, extensionOf, isSpreadsheet } from '../../../src/workflows/upload-area/area-files.js';
import { areaFindings } from '../../../src/workflows/upload-area/findings.js';
import { stored } from './objects.js';

describe('areaFiles', () => {
  it('leaves out the area marker and folder markers', () => {
    const files = areaFiles([stored('', 0), stored('run 2/', 0), stored('run 2/a.fastq.gz'), stored('b.bam')]);

    expect(files.map((f) => f.name)).toEqual(['run 2/a.fastq.gz', 'b.bam']);
  });
});

describe('extensionOf and isSpreadsheet', () => {
  it.each([
    ['x_R1.fastq.gz', 'fastq.gz'],
    ['dir/x.BAM', 'bam'],
    ['matrix.h5ad', 'h5ad'],
    ['README', ''],
    ['.hidden', ''],
    ['archive.tar.bz2', 'tar.bz2'],
    ['notes.gz', 'gz'],
  ])('%s has extension "%s"', (name, extension) => {
    expect(extensionOf(name)).toBe(extension);
  });

  it('takes .xlsx in any case as a spreadsheet, and nothing else', () => {
    expect(['meta.xlsx', 'dir/Meta.XLSX', 'meta.xls', 'meta.xlsx.gz'].map(isSpreadsheet)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('areaFindings', () => {
  const files = [
    stored('cells_R1.fastq.gz', 100),
    stored('Cells_R1.fastq.gz', 100),
    stored('CELLS_R1.FASTQ.GZ', 0),
    stored('run 2/lane+1.fastq.gz', 50),
    stored('données/é.bam', 7),
    stored('tab\there.txt', 3),
    stored('empty.bam', 0),
    stored('metadata.xlsx', 30),
    stored('README', 1),
  ];

  it('counts files and bytes', () => {
    const findings = areaFindings(files);

    expect([findings.fileCount, findings.totalBytes]).toEqual([9, 291]);
  });

  it('lists zero-byte files', () => {
    expect(areaFindings(files).zeroByte).toEqual(['CELLS_R1.FASTQ.GZ', 'empty.bam']);
  });

  it('groups names that differ only by case', () => {
    expect(areaFindings(files).caseClashes).toEqual([['CELLS_R1.FASTQ.GZ', 'Cells_R1.fastq.gz', 'cells_R1.fastq.gz']]);
  });

  it('names spaces, "+", non-ASCII and control characters, each with its reasons', () => {
    expect(areaFindings(files).awkwardNames).toEqual([
      { name: 'run 2/lane+1.fastq.gz', reasons: ['space', 'plus'] },
      { name: 'données/é.bam', reasons: ['non-ASCII'] },
      { name: 'tab\there.txt', reasons: ['control character'] },
    ]);
  });

  it('counts files and bytes by extension, most files first', () => {
    expect(areaFindings(files).byExtension).toEqual([
      { extension: 'fastq.gz', count: 4, bytes: 250 },
      { extension: 'bam', count: 2, bytes: 7 },
      { extension: '', count: 1, bytes: 1 },
      { extension: 'txt', count: 1, bytes: 3 },
      { extension: 'xlsx', count: 1, bytes: 30 },
    ]);
  });

  it('finds the metadata spreadsheets', () => {
    expect(areaFindings(files).spreadsheets).toEqual(['metadata.xlsx']);
  });

  it('finds nothing in an empty list', () => {
    expect(areaFindings([])).toEqual({
      fileCount: 0,
      totalBytes: 0,
      zeroByte: [],
      caseClashes: [],
      awkwardNames: [],
      byExtension: [],
      spreadsheets: [],
    });
  });
});
