import type ExcelJS from 'exceljs';

/**
 * The most a workbook's parts may hold once unzipped. exceljs parses every part into memory at several times its
 * size, and a small .xlsx can be crafted to unzip to gigabytes; a metadata spreadsheet unzips to a few megabytes.
 */
export const WORKBOOK_MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

export type OpenedWorkbook =
  | { kind: 'opened'; workbook: ExcelJS.Workbook }
  | { kind: 'unzips-too-large'; limitBytes: number }
  /** Not a ZIP archive, or not a workbook exceljs can read. */
  | { kind: 'unreadable' };

/**
 * Opens an .xlsx held in memory with exceljs `load(buffer)` (never its streaming reader, which spills worksheets
 * into the temp directory), after unzipping it once as a stream to check that it stays within `limitBytes`.
 * exceljs and jszip are loaded on first use: they add about 30 MB to the process, and only the checks that read a
 * spreadsheet need them.
 */
export async function openWorkbook(
  bytes: Uint8Array,
  limitBytes = WORKBOOK_MAX_UNZIPPED_BYTES,
): Promise<OpenedWorkbook> {
  try {
    if ((await unzippedSize(bytes, limitBytes)) > limitBytes) return { kind: 'unzips-too-large', limitBytes };
    const { default: exceljs } = await import('exceljs');
    const workbook = new exceljs.Workbook();
    // exceljs types its Buffer as an ArrayBuffer; at run time it takes Node's Buffer.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    return { kind: 'opened', workbook };
  } catch {
    return { kind: 'unreadable' };
  }
}

/** The bytes the archive's files unzip to, counted as they stream; counting stops once past `limitBytes`. */
async function unzippedSize(bytes: Uint8Array, limitBytes: number): Promise<number> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(bytes);
  let total = 0;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    total = await countUnzipped(entry.nodeStream('nodebuffer'), total, limitBytes);
    if (total > limitBytes) break;
  }
  return total;
}

/** Adds a stream's bytes to `total` until it ends or the sum passes `limitBytes`; then the stream is left paused. */
function countUnzipped(stream: NodeJS.ReadableStream, total: number, limitBytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total <= limitBytes) return;
      stream.pause();
      resolve(total);
    });
    stream.on('end', () => resolve(total));
    stream.on('error', reject);
  });
}
