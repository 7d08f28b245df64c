/**
 * Reads a file's bytes as they arrive (from Slack, already in memory; from S3, off the wire): the first bytes can be
 * looked at before the rest is read, and then everything is handed on in order.
 */
export class ChunkReader {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private head: Uint8Array = new Uint8Array(0);
  private done = false;

  constructor(chunks: AsyncIterable<Uint8Array>) {
    this.iterator = chunks[Symbol.asyncIterator]();
  }

  /** At least `bytes` bytes from the start (fewer only when the file is shorter). */
  async peek(bytes: number): Promise<Uint8Array> {
    while (this.head.length < bytes && (await this.readMore()));
    return this.head;
  }

  /** Reads until `end` finds where what it looks for ends in the bytes so far, or `limit` bytes are in; -1 if not. */
  async peekUntil(end: (bytes: Uint8Array) => number, limit: number): Promise<number> {
    for (;;) {
      const found = end(this.head);
      if (found >= 0 || this.head.length >= limit) return found;
      if (!(await this.readMore())) return -1;
    }
  }

  /** Every byte, the peeked ones first; stopping early releases the source. */
  async *all(): AsyncGenerator<Uint8Array> {
    try {
      if (this.head.length > 0) {
        const head = this.head;
        this.head = new Uint8Array(0);
        yield head;
      }
      while (!this.done) {
        const next = await this.iterator.next();
        if (next.done) break;
        yield next.value;
      }
    } finally {
      await this.close();
    }
  }

  /** Stops reading early (an S3 body is released). */
  async close(): Promise<void> {
    if (!this.done) await this.iterator.return?.();
    this.done = true;
  }

  private async readMore(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.iterator.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    this.head = concat([this.head, next.value]);
    return true;
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}

/** Every byte of `chunks` in one array; throws what `tooLarge` makes as soon as more than `maxBytes` arrive. */
export async function collect(
  chunks: AsyncIterable<Uint8Array>,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge();
    parts.push(chunk);
  }
  return parts.length === 1 ? parts[0]! : concat(parts);
}
