import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { hcaWorkbook } from '../../../src/sandbox/hca-workbook.js';
import { openWorkbook, WORKBOOK_MAX_PARTS, WORKBOOK_MAX_UNZIPPED_BYTES } from '../../../src/workflows/kit/workbook.js';

const MB = 1024 * 1024;

/** A ZIP whose one part is `size` zero bytes: a few kilobytes that unzip to `size`. */
async function zipOfZeros(size: number): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<Types/>');
  zip.file('xl/worksheets/sheet1.xml', Buffer.alloc(size));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** Rewrites the unzipped sizes above `declared` (local headers and central directory) to `declared`: a lie. */
function declareSizes(zip: Buffer, declared: number): Buffer {
  const out = Buffer.from(zip);
  for (let at = 0; at + 4 <= out.length; at++) {
    const field = { 0x04034b50: at + 22, 0x02014b50: at + 24 }[out.readUInt32LE(at)];
    if (field !== undefined && out.readUInt32LE(field) > declared) out.writeUInt32LE(declared, field);
  }
  return out;
}

const SMALL_LIMITS = { bytes: 2 * MB, parts: 50 };

describe('openWorkbook', () => {
  it('opens a workbook well under the limits', async () => {
    const opened = await openWorkbook(await hcaWorkbook([{ name: 'Donor organism' }]));

    expect(opened.kind).toBe('opened');
    expect(opened.kind === 'opened' && opened.workbook.worksheets.map((s) => s.name)).toEqual(['Donor organism']);
  });

  it('refuses an archive that unzips past the limit, before exceljs parses it', async () => {
    const bomb = await zipOfZeros(3 * MB);

    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(await openWorkbook(bomb, SMALL_LIMITS)).toEqual({
      kind: 'too-big-to-open',
      why: 'unzips to more than 2.0 MB',
    });
  });

  it('refuses a part that gives more than the archive declares', async () => {
    expect(await openWorkbook(declareSizes(await zipOfZeros(64 * MB), 100), SMALL_LIMITS)).toEqual({
      kind: 'unreadable',
    });
  });

  it('refuses an archive of too many parts from its directory, before reading any', async () => {
    const zip = new JSZip();
    for (let n = 0; n <= SMALL_LIMITS.parts; n++) zip.file(`xl/part${n}.xml`, '');

    expect(await openWorkbook(await zip.generateAsync({ type: 'nodebuffer' }), SMALL_LIMITS)).toEqual({
      kind: 'too-big-to-open',
      why: 'has more than 50 parts',
    });
  });

  it('calls a ZIP that is not a workbook, and bytes that are not a ZIP, unreadable', async () => {
    expect(await openWorkbook(await zipOfZeros(1024))).toEqual({ kind: 'unreadable' });
    expect(await openWorkbook(Buffer.from('not a zip at all'))).toEqual({ kind: 'unreadable' });
  });

  it('has default limits far above a metadata spreadsheet', () => {
    expect([WORKBOOK_MAX_UNZIPPED_BYTES, WORKBOOK_MAX_PARTS]).toEqual([200 * MB, 10_000]);
  });
});
