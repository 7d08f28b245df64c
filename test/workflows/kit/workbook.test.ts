import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { hcaWorkbook } from '../../../src/sandbox/hca-workbook.js';
import { openWorkbook, WORKBOOK_MAX_UNZIPPED_BYTES } from '../../../src/workflows/kit/workbook.js';

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

describe('openWorkbook', () => {
  it('opens a workbook well under the limit', async () => {
    const opened = await openWorkbook(await hcaWorkbook([{ name: 'Donor organism' }]));

    expect(opened.kind).toBe('opened');
    expect(opened.kind === 'opened' && opened.workbook.worksheets.map((s) => s.name)).toEqual(['Donor organism']);
  });

  it('refuses an archive that unzips past the limit, before exceljs parses it', async () => {
    const bomb = await zipOfZeros(3 * MB);

    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(await openWorkbook(bomb, 2 * MB)).toEqual({ kind: 'unzips-too-large', limitBytes: 2 * MB });
  });

  it('counts what the parts really unzip to, not the sizes the archive declares', async () => {
    const lying = declareSizes(await zipOfZeros(64 * MB), 100);

    expect(await openWorkbook(lying, 8 * MB)).toEqual({ kind: 'unzips-too-large', limitBytes: 8 * MB });
    expect(await openWorkbook(declareSizes(await zipOfZeros(MB), 100))).toEqual({ kind: 'unreadable' });
  });

  it('calls a ZIP that is not a workbook, and bytes that are not a ZIP, unreadable', async () => {
    expect(await openWorkbook(await zipOfZeros(1024))).toEqual({ kind: 'unreadable' });
    expect(await openWorkbook(Buffer.from('not a zip at all'))).toEqual({ kind: 'unreadable' });
  });

  it('has a default limit far above a metadata spreadsheet and far below what exceljs could hold', () => {
    expect(WORKBOOK_MAX_UNZIPPED_BYTES).toBe(200 * MB);
  });
});
