import { parse, type Parser } from 'csv-parse';
import { UserInputError } from '../../errors.js';
import type { ChunkReader } from './chunks.js';
import type { Delimiter, Table, TableEvent } from './table-events.js';

/** The header must end within this many bytes (a thousand columns of long names fit easily). */
const MAX_HEADER_BYTES = 1024 * 1024;
/** One row may hold at most this much; more means the file has no line breaks where a CSV has them. */
const MAX_ROW_BYTES = 4 * 1024 * 1024;

const QUOTE = 0x22;
const NEWLINE = 0x0a;

const NAMES: Record<Delimiter, string> = { ',': 'commas', '\t': 'tabs', ';': 'semicolons' };
/** Delimiters a row may use by mistake; commas are not one in a semicolon file (decimal commas). */
const MIX_UPS: Record<Delimiter, Delimiter[]> = { ',': ['\t', ';'], '\t': [','], ';': ['\t'] };

/**
 * Reads CSV or TSV with csv-parse as the bytes arrive, so memory stays flat however long the file: the delimiter
 * comes from the header line (commas, tabs or semicolons outside quotes), every byte is checked to be UTF-8, and a
 * row written with another delimiter than the header stops the read with a message saying where.
 */
export async function readTextTable(name: string, reader: ChunkReader, bom: boolean): Promise<Table> {
  const start = bom ? 3 : 0;
  const headerEnd = await reader.peekUntil((bytes) => firstLineEnd(bytes, start), MAX_HEADER_BYTES);
  const head = await reader.peek(0);
  if (headerEnd < 0 && head.length >= MAX_HEADER_BYTES) {
    throw new UserInputError(
      `${name}: the header row is longer than 1 MB, so this is not a CSV or TSV file with one row per line. ${SAVE}`,
    );
  }
  const headerBytes = head.subarray(start, headerEnd < 0 ? head.length : headerEnd);
  const delimiter = detectDelimiter(name, decodeUtf8(name, headerBytes));
  return {
    format: delimiter === '\t' ? 'tsv' : 'csv',
    encoding: bom ? 'UTF-8 with BOM' : 'UTF-8',
    delimiter,
    events: rows(name, reader, delimiter),
  };
}

const SAVE = 'Save it as CSV UTF-8 or TSV and check again.';

/** The end of the first line holding anything but spaces, outside quotes; -1 when it has not arrived yet. */
function firstLineEnd(bytes: Uint8Array, start: number): number {
  let quoted = false;
  let blank = true;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === QUOTE) quoted = !quoted;
    else if (b === NEWLINE && !quoted && !blank) return i;
    else if (b > 0x20) blank = false;
  }
  return -1;
}

function detectDelimiter(name: string, header: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, '\t': 0, ';': 0 };
  let quoted = false;
  for (const char of header) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char in counts) counts[char as Delimiter] += 1;
  }
  // A comma in a TSV header name ("Age, years") is text; as many commas as tabs is a mix-up.
  if (counts['\t'] > 0 && counts[','] >= counts['\t']) {
    throw new UserInputError(
      `${name}: the header row mixes tabs and commas (${counts['\t']} tabs, ${counts[',']} commas), so its columns cannot be told apart. ${SAVE}`,
    );
  }
  if (counts['\t'] > 0) return '\t';
  if (counts[','] > 0 || counts[';'] === 0) return ',';
  return ';';
}

function decodeUtf8(name: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notUtf8(name, firstBadByte(bytes));
  }
}

function notUtf8(name: string, at: number): UserInputError {
  return new UserInputError(
    `${name} is not UTF-8 text: the bytes near byte ${at.toLocaleString('en-GB')} are not valid UTF-8 (Windows-1252 or Latin-1 exports do this). Save it as “CSV UTF-8” and check again.`,
  );
}

/** Roughly where decoding fails, for the message: the first U+FFFD a lenient decoder puts in. */
function firstBadByte(bytes: Uint8Array): number {
  const text = new TextDecoder('utf-8').decode(bytes);
  const index = text.indexOf('\uFFFD');
  return index < 0 ? 0 : new TextEncoder().encode(text.slice(0, index)).length;
}

async function* rows(name: string, reader: ChunkReader, delimiter: Delimiter): AsyncGenerator<TableEvent> {
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    max_record_size: MAX_ROW_BYTES,
    info: true,
  });
  const feeding = feed(name, reader, parser);
  let columns: number | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (columns === undefined) {
        columns = record.length;
        yield { type: 'header', cells: record };
        continue;
      }
      if (record.length === 1 && columns > 1) refuseMixUp(name, delimiter, record[0]!, info.lines);
      yield { type: 'row', row: info.lines, cells: record };
    }
  } catch (error) {
    throw readError(name, error);
  } finally {
    parser.destroy();
    await feeding;
  }
  if (columns === undefined) throw new UserInputError(`${name} is empty: it has no header row and no data.`);
}

function refuseMixUp(name: string, delimiter: Delimiter, cell: string, line: number): void {
  const other = MIX_UPS[delimiter].find((d) => cell.includes(d));
  if (other === undefined) return;
  throw new UserInputError(
    `${name} mixes delimiters: the header uses ${NAMES[delimiter]} but line ${line} uses ${NAMES[other]}. ${SAVE}`,
  );
}

/** Writes every chunk into the parser, checking UTF-8 on the way; a failure ends the parser with it. */
async function feed(name: string, reader: ChunkReader, parser: Parser): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  try {
    for await (const chunk of reader.all()) {
      if (parser.destroyed) break;
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        throw notUtf8(name, offset + firstBadByte(chunk));
      }
      offset += chunk.length;
      if (!parser.write(chunk)) await drained(parser);
    }
    if (!parser.destroyed) {
      try {
        decoder.decode();
      } catch {
        throw notUtf8(name, offset);
      }
      parser.end();
    }
  } catch (error) {
    parser.destroy(error as Error);
  } finally {
    await reader.close();
  }
}

function drained(parser: Parser): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      parser.off('drain', done);
      parser.off('close', done);
      resolve();
    };
    parser.on('drain', done);
    parser.on('close', done);
  });
}

const CSV_ERRORS: Record<string, (line: number) => string> = {
  CSV_QUOTE_NOT_CLOSED: (line) => `a quote opened by line ${line} is never closed. Check for a stray " in a cell.`,
  CSV_INVALID_CLOSING_QUOTE: (line) => `line ${line} has a quote inside a cell that is not quoted.`,
  CSV_MAX_RECORD_SIZE: (line) =>
    `line ${line} holds more than 4 MB, so the file has no line breaks where a CSV has them.`,
};

/** A csv-parse error becomes a message about the file (never the cell it choked on); ours pass through. */
function readError(name: string, error: unknown): unknown {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') return error;
  if (!error.code.startsWith('CSV_')) return error;
  const line = 'lines' in error && typeof error.lines === 'number' ? error.lines : 0;
  const describe = CSV_ERRORS[error.code];
  const what = describe ? describe(line) : `it could not be read as CSV near line ${line} (${error.code}).`;
  return new UserInputError(`${name}: ${what} ${SAVE}`);
}
