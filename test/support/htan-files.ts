import { delimited, utf8 } from '../../src/sandbox/htan-fixtures.js';
import type { MetadataFile } from '../../src/workflows/htan/read-table.js';

export {
  CLEAN_BIOSPECIMEN,
  delimited,
  DIRTY_CLINICAL,
  PLANTED_DATE,
  PLANTED_PHI,
  utf8,
  workbook,
} from '../../src/sandbox/htan-fixtures.js';

/** The bytes in chunks of `size`, as a network read delivers them (split anywhere, UTF-8 sequences included). */
export async function* chunked(bytes: Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

export function file(name: string, bytes: Uint8Array, chunkSize?: number): MetadataFile {
  return { name, chunks: chunked(bytes, chunkSize ?? Math.max(1, bytes.length)) };
}

export function csvFile(name: string, rows: readonly (readonly string[])[], delimiter = ','): MetadataFile {
  return file(name, utf8(delimited(rows, delimiter)), 64);
}
