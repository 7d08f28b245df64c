import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiverAuthError, ExternalServiceError } from '../../src/errors.js';
import { createArchiverClient, type ArchiverClient } from '../../src/integrations/archiver.js';
import type { ValidationEntry } from '../../src/integrations/archiver-validation.js';
import { rejectionOf } from '../support/http.js';
import { validationErrorsOf } from '../support/validation.js';
import { waitFor } from '../support/wait.js';

const KEY = 'archiver-test-key-5e1d';
const DSP = 'b729f228-d587-440c-ae5b-d0c1f34b8766';

function entry(i: number): string {
  const submittable = `https://submission.ebi.ac.uk/api/samples/${String(i).padStart(8, '0')}`;
  return `${i ? ',' : ''}${JSON.stringify(submittable)}:[{"Biosamples":["A sample must have a release date."]}]`;
}

/** A loopback archiver whose `/validationErrors` answer each test writes by hand, piece by piece. */
async function handWrittenArchiver(answer: (res: ServerResponse) => void) {
  const server = createServer((_req, res) => answer(res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { client: createArchiverClient({ baseUrl, timeoutMs: 2000 }), close: () => server.close() };
}

describe('streamed /validationErrors', () => {
  let close: () => void = () => undefined;
  afterEach(() => close());

  async function archiverAnswering(answer: (res: ServerResponse) => void): Promise<ArchiverClient> {
    const archiver = await handWrittenArchiver(answer);
    close = archiver.close;
    return archiver.client;
  }

  it('hands each submittable over while the rest of the body is still on its way', async () => {
    let rest!: () => void;
    const client = await archiverAnswering((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`{"errors":{${Array.from({ length: 500 }, (_, i) => entry(i)).join('')}`);
      rest = () => res.end(`${entry(500)}},"pending":[{},{}]}`);
    });
    const seen: ValidationEntry[] = [];

    const reading = client.validationErrors(DSP, KEY, (e) => seen.push(e));
    await waitFor('the first 500 entries before the body ends', () => seen.length === 500);
    rest();

    expect(await reading).toEqual({ pendingCount: 2 });
    expect(seen).toHaveLength(501);
    expect(seen[0]).toEqual({
      submittable: 'https://submission.ebi.ac.uk/api/samples/00000000',
      messages: { Biosamples: ['A sample must have a release date.'] },
    });
  });

  it('retries a body that breaks off half-way', async () => {
    const client = await archiverAnswering((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`{"errors":{${entry(0)}`, () => res.destroy());
    });

    const error = await rejectionOf(validationErrorsOf(client, DSP, KEY), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^The archiver at 127\.0\.0\.1:\d+ could not be reached: /);
  });

  it.each([
    ['a 200 HTML page', '<!DOCTYPE html><html>login</html>', 'an HTML page instead of JSON'],
    ['trailing text after the JSON', '{"errors":{},"pending":[]} and more', 'malformed JSON'],
    ['no pending list', '{"errors":{}}', 'JSON of an unexpected shape (pending: expected an array)'],
    ['errors as a list', '{"errors":[],"pending":[]}', 'JSON of an unexpected shape (errors: expected an object)'],
    ['a list at the top', '[]', 'JSON of an unexpected shape (the body: expected an object)'],
  ])('retries %s and says what was wrong', async (_name, body, what) => {
    const client = await archiverAnswering((res) => res.writeHead(200).end(body));

    const error = await rejectionOf(validationErrorsOf(client, DSP, KEY), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(new RegExp(`answered with ${what.replace(/[()]/g, '\\$&')}\\.$`));
  });

  it('refuses a wrong key with ArchiverAuthError before reading any entry', async () => {
    const client = await archiverAnswering((res) => res.writeHead(401).end('{"message":"invalid Api-Key"}'));

    const error = await rejectionOf(validationErrorsOf(client, DSP, KEY), ArchiverAuthError);

    expect(error.message).toContain('refused the API key (HTTP 401 ("invalid Api-Key"))');
  });
});
