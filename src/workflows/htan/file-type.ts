/** What the first bytes of a file say it is: a workbook, text to parse as CSV/TSV, or something else (named). */
export type FileType =
  { kind: 'xlsx' } | { kind: 'text'; bom: boolean } | { kind: 'unsupported'; what: string; fix: string };

const SAVE_AS = 'Save it as CSV UTF-8, TSV or .xlsx and check again.';

/** A ZIP archive: what an .xlsx workbook is (exceljs tells whether it really is one). */
const ZIP = [0x50, 0x4b, 0x03, 0x04];

const MAGIC: { bytes: number[]; what: string; fix: string }[] = [
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: 'an old-style Excel .xls workbook (Office 97-2003)',
    fix: 'Save it as .xlsx or CSV UTF-8 and check again.',
  },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document', fix: SAVE_AS },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file', fix: 'Decompress it and check the file inside.' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'an empty ZIP archive', fix: SAVE_AS },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image', fix: SAVE_AS },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image', fix: SAVE_AS },
  { bytes: [0x49, 0x49, 0x2a, 0x00], what: 'a TIFF image', fix: SAVE_AS },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], what: 'a TIFF image', fix: SAVE_AS },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'an RTF document', fix: SAVE_AS },
  {
    bytes: [0xff, 0xfe],
    what: 'UTF-16 text (Excel’s “Unicode Text”)',
    fix: 'Save it as “CSV UTF-8” and check again.',
  },
  { bytes: [0xfe, 0xff], what: 'UTF-16 text', fix: 'Save it as “CSV UTF-8” and check again.' },
];

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Needs the first few kilobytes: binary files show NUL bytes early. */
export const SNIFF_BYTES = 4096;

export function fileType(head: Uint8Array): FileType {
  if (startsWith(head, ZIP)) return { kind: 'xlsx' };
  const magic = MAGIC.find((m) => startsWith(head, m.bytes));
  if (magic) return { kind: 'unsupported', what: magic.what, fix: magic.fix };
  if (head.subarray(0, SNIFF_BYTES).includes(0)) {
    return { kind: 'unsupported', what: 'a binary file', fix: SAVE_AS };
  }
  const bom = startsWith(head, UTF8_BOM);
  const start = new TextDecoder('utf-8', { fatal: false })
    .decode(head.subarray(bom ? 3 : 0, 512))
    .trimStart()
    .toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || start.startsWith('<?xml')) {
    return { kind: 'unsupported', what: 'an HTML or XML page', fix: SAVE_AS };
  }
  if (start.startsWith('{') || start.startsWith('[{')) return { kind: 'unsupported', what: 'JSON', fix: SAVE_AS };
  return { kind: 'text', bom };
}

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}
