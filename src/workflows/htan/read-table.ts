import { UserInputError } from '../../errors.js';
import { ChunkReader, collect } from './chunks.js';
import { readTextTable } from './csv-table.js';
import { fileType, SNIFF_BYTES } from './file-type.js';
import type { Table } from './table-events.js';
import { readWorkbook } from './xlsx-table.js';

/**
 * The largest workbook read, whatever HTAN_MAX_FILE_MB allows: exceljs holds every cell as an object, so a 10 MB .xlsx
 * took 1.1 GB of memory (bench `htan-check`); a bigger one could bring the bot down, and its run would bring it down
 * again on every restart. CSV has no such limit: it streams.
 */
export const MAX_WORKBOOK_BYTES = 10 * 1024 * 1024;

/** A metadata file to check: its name (for messages) and its bytes as they arrive. */
export interface MetadataFile {
  name: string;
  chunks: AsyncIterable<Uint8Array>;
}

/**
 * Opens a CSV, TSV or .xlsx file by what its bytes are, not by its name. Anything else, an empty file, text that is
 * not UTF-8 or a workbook over `maxWorkbookBytes` (workbooks are read whole) is refused with a UserInputError that
 * says what to do.
 */
export async function readTable(file: MetadataFile, limits: { maxWorkbookBytes: number }): Promise<Table> {
  const reader = new ChunkReader(file.chunks);
  const head = await reader.peek(SNIFF_BYTES);
  if (head.length === 0) throw new UserInputError(`${file.name} is empty (0 bytes).`);
  const type = fileType(head);
  if (type.kind === 'unsupported') {
    await reader.close();
    throw new UserInputError(`${file.name} is ${type.what}, not a CSV, TSV or .xlsx file. ${type.fix}`);
  }
  if (type.kind === 'text') return readTextTable(file.name, reader, type.bom);
  const megabytes = Math.round(limits.maxWorkbookBytes / 1024 / 1024);
  const bytes = await collect(
    reader.all(),
    limits.maxWorkbookBytes,
    () =>
      new UserInputError(
        `${file.name} is a workbook over ${megabytes} MB, more than the bot reads into memory. Save it as CSV UTF-8 (read as it streams, whatever its size) and check again.`,
      ),
  );
  return readWorkbook(file.name, bytes);
}
