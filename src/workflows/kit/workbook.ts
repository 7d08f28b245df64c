import type ExcelJS from 'exceljs';
import type { Entry, ZipFile } from 'yauzl';
import { formatBytes } from './wording.js';

/**
 * The most a workbook's parts may hold once unzipped. exceljs parses every part into memory at several times its
 * size, and a small .xlsx can be crafted to unzip to gigabytes; a metadata spreadsheet unzips to a few megabytes.
 */
export const WORKBOOK_MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;
/** The most parts a workbook may have: a few dozen is usual, and each costs memory and time before any is read. */
export const WORKBOOK_MAX_PARTS = 10_000;

export type OpenedWorkbook =
  | { kind: 'opened'; workbook: ExcelJS.Workbook }
  /** `why`: "unzips to more than 200.0 MB", "has more than 10,000 parts". */
  | { kind: 'too-big-to-open'; why: string }
  /** Not a ZIP archive, or not a workbook exceljs can read. */
  | { kind: 'unreadable' };

/**
 * Opens an .xlsx held in memory with exceljs `load(buffer)` (never its streaming reader, which spills worksheets into
 * the temp directory), after unzipping it once as a stream with yauzl, which reads the part count and sizes first
 * and fails a part that gives more than it declares. exceljs and yauzl are loaded on first use: only the checks that
 * read a spreadsheet need them.
 */
export async function openWorkbook(
  bytes: Uint8Array,
  limits = { bytes: WORKBOOK_MAX_UNZIPPED_BYTES, parts: WORKBOOK_MAX_PARTS },
): Promise<OpenedWorkbook> {
  try {
    const zip = await openZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (zip.entryCount > limits.parts) {
      zip.close();
      return { kind: 'too-big-to-open', why: `has more than ${limits.parts.toLocaleString('en-GB')} parts` };
    }
    if (!(await unzipsWithin(zip, limits.bytes))) {
      return { kind: 'too-big-to-open', why: `unzips to more than ${formatBytes(limits.bytes)}` };
    }
    const { default: exceljs } = await import('exceljs');
    const workbook = new exceljs.Workbook();
    // exceljs types its Buffer as an ArrayBuffer; at run time it takes Node's Buffer.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    return { kind: 'opened', workbook };
  } catch {
    return { kind: 'unreadable' };
  }
}

async function openZip(buffer: Buffer): Promise<ZipFile> {
  const { default: yauzl } = await import('yauzl');
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => (error ? reject(error) : resolve(zip))),
  );
}

/**
 * Whether the parts unzip to at most `limitBytes`: the declared sizes are summed as the entries are read, and every
 * part is unzipped to the end, so one that declares less than it holds fails (yauzl checks) instead of passing.
 */
async function unzipsWithin(zip: ZipFile, limitBytes: number): Promise<boolean> {
  let declared = 0;
  for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
    declared += entry.uncompressedSize;
    if (declared > limitBytes) {
      zip.close();
      return false;
    }
    if (!entry.fileName.endsWith('/')) await drain(zip, entry);
  }
  return true;
}

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: Entry) => settle(() => resolve(entry));
    const onEnd = () => settle(() => resolve(undefined));
    const onError = (error: Error) => settle(() => reject(error));
    const settle = (then: () => void) => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      then();
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

async function drain(zip: ZipFile, entry: Entry): Promise<void> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (error, readable) => (error ? reject(error) : resolve(readable))),
  );
  for await (const chunk of stream) void chunk;
}
