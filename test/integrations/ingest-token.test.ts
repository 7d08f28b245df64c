import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExternalServiceError, IngestAuthError } from '../../src/errors.js';
import { createIngestClient } from '../../src/integrations/ingest.js';
import { fileIngestToken, fixedIngestToken, type IngestTokenSource } from '../../src/integrations/ingest-token.js';
import { IngestStandIn } from '../../src/sandbox/ingest-stand-in.js';
import { rejectionOf } from '../support/http.js';

const OLD = 'expired-wrangler-token-1a';
const NEW = 'fresh-wrangler-token-2b';

describe('the ingest token source', () => {
  let dir: string;
  let file: string;
  let ingest: IngestStandIn;
  const search = (token: IngestTokenSource) =>
    createIngestClient({ baseUrl: ingest.url, timeoutMs: 2000, token }).submissionsInState('ARCHIVING');

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ingest-token-'));
    file = join(dir, 'token');
    ingest = await new IngestStandIn({ token: NEW }).start();
  });
  afterEach(async () => {
    await ingest.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the file again after a 401 and retries once with the replaced token', async () => {
    await writeFile(file, `${OLD}\n`);
    const source = fileIngestToken({ path: file });
    expect(await source.token()).toBe(OLD);
    await writeFile(file, `${NEW}\n`);

    expect(await search(source)).toEqual([]);

    expect(ingest.requests.map((r) => r.authorized)).toEqual([false, true]);
  });

  it('keeps the token it read while ingest accepts it, and tells every token it reads to the redactor', async () => {
    await writeFile(file, NEW);
    const told: string[] = [];
    let reads = 0;
    const source = fileIngestToken({
      path: file,
      onRead: (token) => told.push(token),
      read: (path) => {
        reads++;
        return readFile(path, 'utf8');
      },
    });

    await search(source);
    await search(source);

    expect(reads).toBe(1);
    expect(told).toEqual([NEW]);
  });

  it('says what to do when the file still holds the refused token, without the token', async () => {
    await writeFile(file, OLD);

    const error = await rejectionOf(search(fileIngestToken({ path: file })), IngestAuthError);

    expect(ingest.requests).toHaveLength(1);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(
      "refused the bot's ingest API token (HTTP 401): the ingest token expired or lacks authority",
    );
    expect(error.message).toContain(
      `Put a fresh token (or a service-account token, see the README) in the bot's token file ${file}`,
    );
    expect(error.message).not.toContain(OLD);
  });

  it('says to set INGEST_API_TOKEN again for a fixed token, and does not retry', async () => {
    const error = await rejectionOf(search(fixedIngestToken(OLD)), IngestAuthError);

    expect(ingest.requests).toHaveLength(1);
    expect(error.message).toContain(
      'copies a fresh token from the ingest UI and gives it to the bot, or sets up a service-account token',
    );
  });

  it('passes other failures through untouched', async () => {
    await writeFile(file, NEW);
    ingest.failNextOn('search', 'html-500');

    const error = await rejectionOf(search(fileIngestToken({ path: file })), ExternalServiceError);

    expect(error).not.toBeInstanceOf(IngestAuthError);
    expect(error.retryable).toBe(true);
  });

  it('names a missing or empty file, never its content', async () => {
    const missing = await rejectionOf(fileIngestToken({ path: join(dir, 'nope') }).token(), ExternalServiceError);
    await writeFile(file, '  \n');
    const empty = await rejectionOf(fileIngestToken({ path: file }).token(), ExternalServiceError);
    await writeFile(file, `${NEW}\nsecond line`);
    const two = await rejectionOf(fileIngestToken({ path: file }).token(), ExternalServiceError);

    expect(missing.message).toBe(`The ingest token file ${join(dir, 'nope')} cannot be read (ENOENT).`);
    expect(empty.message).toBe(`The ingest token file ${file} must hold one token and nothing else.`);
    expect(two.message).not.toContain(NEW);
  });
});
