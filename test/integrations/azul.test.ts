import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExternalServiceError, UserInputError } from '../../src/errors.js';
import { AzulRateLimitError, type AzulClient } from '../../src/integrations/azul.js';
import { AzulStandIn } from '../../src/sandbox/azul-stand-in.js';
import { rejectionOf, useMockAgent } from '../support/http.js';
import { asRead, heartAtlas, pacedAzulClient as pacedClient, PROJECT } from '../support/portal.js';

describe('Azul adapter against the stand-in', () => {
  let azul: AzulStandIn;
  let client: AzulClient;
  let sleeps: number[];

  beforeEach(async () => {
    azul = await new AzulStandIn().start();
    ({ client, sleeps } = pacedClient(azul.url));
  });
  afterEach(async () => {
    await azul.stop();
  });

  it('lists the catalogs with their atlas and whether they are internal', async () => {
    expect(await client.catalogs()).toEqual([
      { name: 'dcp42', atlas: 'hca', internal: false },
      { name: 'dcp42-it', atlas: 'hca', internal: true },
      { name: 'dcp43', atlas: 'hca', internal: false },
      { name: 'dcp43-it', atlas: 'hca', internal: true },
      { name: 'lm7', atlas: 'lungmap', internal: false },
    ]);
  });

  it('reads what the portal shows of a project, asking with the UUID lower-cased', async () => {
    azul.publish('dcp43', heartAtlas());

    const project = await client.project(PROJECT.toUpperCase(), 'dcp43');

    expect(project).toEqual(asRead(heartAtlas()));
    expect(project).toMatchObject({ cellCount: 12345, fileTypes: [{ format: 'fastq.gz', count: 24 }, {}] });
    expect(azul.requests.at(-1)).toMatchObject({ path: `/index/projects/${PROJECT}`, catalog: 'dcp43', status: 200 });
  });

  it('answers null for a project the catalog does not have (404)', async () => {
    azul.publish('dcp43', heartAtlas());

    expect(await client.project(PROJECT, 'dcp42')).toBeNull();
  });

  it('still reads a managed-access project (accessible: false)', async () => {
    azul.publish('dcp43', heartAtlas({ accessible: false }));

    expect(await client.project(PROJECT, 'dcp43')).toMatchObject({ accessible: false, shortName: 'HeartAtlas' });
  });

  it('rejects an unknown catalog without retrying', async () => {
    const error = await rejectionOf(client.project(PROJECT, 'dcp99'), ExternalServiceError);

    expect(error.retryable).toBe(false);
    expect(error.message).toContain("has no catalog dcp99: Catalog name 'dcp99' does not exist.");
  });

  it('turns Azul’s 400 for a UUID that is not RFC 4122 into a message for the user', async () => {
    const version0 = '8f4c2a9e-1111-0222-8333-000000000001';

    const error = await rejectionOf(client.project(version0, 'dcp43'), UserInputError);

    expect(error.message).toBe(
      `Azul refused the project UUID ${version0}: '${version0}' is not a valid UUID. Give the project's UUID as the portal or the ingest project page shows it.`,
    );
  });

  it('honours a 429’s Retry-After: the error says how long, and the next request waits that long', async () => {
    azul.limitNext(30);

    const error = await rejectionOf(client.catalogs(), AzulRateLimitError);
    await client.catalogs();

    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.message).toContain('rate-limiting the bot (HTTP 429) and asked it to wait 30 s');
    expect(sleeps).toEqual([30_000]);
  });

  it('sends at most one request a second', async () => {
    azul.publish('dcp43', heartAtlas());

    await Promise.all([client.catalogs(), client.project(PROJECT, 'dcp43'), client.project(PROJECT, 'dcp42')]);

    expect(sleeps).toEqual([1000, 1000]);
  });

  it('retries 5xx, HTML pages, malformed JSON and timeouts', async () => {
    const impatient = pacedClient(azul.url, { timeoutMs: 100 }).client;
    azul.failNext('catalogs', { status: 502, message: 'Bad Gateway' });
    azul.failNext('catalogs', 'html-500');
    azul.failNext('project', 'malformed-json');
    azul.failNext('project', 'hang');

    const errors = [
      await rejectionOf(client.catalogs(), ExternalServiceError),
      await rejectionOf(client.catalogs(), ExternalServiceError),
      await rejectionOf(client.project(PROJECT, 'dcp43'), ExternalServiceError),
      await rejectionOf(impatient.project(PROJECT, 'dcp43'), ExternalServiceError),
    ];

    expect(errors.map((e) => e.retryable)).toEqual([true, true, true, true]);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('HTTP 502'),
      expect.stringContaining('HTTP 500 with an HTML error page'),
      expect.stringContaining('malformed JSON'),
      expect.stringContaining('has not answered for'),
    ]);
  });
});

describe('the Azul stand-in', () => {
  let azul: AzulStandIn;

  beforeEach(async () => {
    azul = await new AzulStandIn({ rateLimit: { requests: 2, windowMs: 60_000, retryAfterSeconds: 30 } }).start();
  });
  afterEach(async () => {
    await azul.stop();
  });

  const get = async (path: string) => {
    const response = await request(`${azul.url}${path}`);
    return { status: response.statusCode, headers: response.headers, json: (await response.body.json()) as unknown };
  };

  it('answers 400 to an upper-case UUID, as Azul does', async () => {
    azul.publish('dcp43', heartAtlas());

    const answer = await get(`/index/projects/${PROJECT.toUpperCase()}?catalog=dcp43`);

    expect(answer).toMatchObject({
      status: 400,
      json: { Code: 'BadRequestError', Message: `'${PROJECT.toUpperCase()}' is not a valid UUID.` },
    });
  });

  it('uses the first configured (older) catalog when none is named', async () => {
    azul.publish('dcp43', heartAtlas());

    expect((await get(`/index/projects/${PROJECT}`)).status).toBe(404);
  });

  it('carries the projects of the last release into a new one', async () => {
    azul.publish('dcp43', heartAtlas());
    azul.addCatalog('dcp44');

    expect((await get(`/index/projects/${PROJECT}?catalog=dcp44`)).status).toBe(200);
  });

  it('answers 429 with Retry-After once the window holds its quota', async () => {
    await get('/index/catalogs');
    await get('/index/catalogs');

    const third = await get('/index/catalogs');

    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('30');
  });
});

describe('Azul adapter with odd answers (MockAgent)', () => {
  const origin = 'https://azul.test';
  const agent = useMockAgent();

  it('reads an HTTP-date Retry-After and falls back to 30 s for an unreadable one', async () => {
    const { client, clock } = pacedClient(origin, { dispatcher: agent() });
    const in90s = new Date(clock.now() + 90_000).toUTCString();
    agent()
      .get(origin)
      .intercept({ path: '/index/catalogs' })
      .reply(429, '', { headers: { 'retry-after': in90s } });
    agent()
      .get(origin)
      .intercept({ path: '/index/catalogs' })
      .reply(429, '', { headers: { 'retry-after': 'soon' } });

    const dated = await rejectionOf(client.catalogs(), AzulRateLimitError);
    const unreadable = await rejectionOf(client.catalogs(), AzulRateLimitError);

    expect(dated.retryAfterMs).toBe(90_000);
    expect(unreadable.retryAfterMs).toBe(30_000);
  });

  it('sums the cell suspensions when the project gives no estimate, and copes with missing summaries', async () => {
    const { client } = pacedClient(origin, { dispatcher: agent() });
    agent()
      .get(origin)
      .intercept({ path: `/index/projects/${PROJECT}?catalog=dcp43` })
      .reply(200, {
        entryId: PROJECT,
        projects: [{ projectTitle: 'T', projectShortname: null, estimatedCellCount: null }],
        cellSuspensions: [{ totalCells: 100 }, { totalCells: null }, { totalCells: 23 }],
      });

    expect(await client.project(PROJECT, 'dcp43')).toEqual({
      uuid: PROJECT,
      title: 'T',
      shortName: null,
      cellCount: 123,
      fileTypes: [],
      accessible: true,
    });
  });

  it('does not take a 404 that is not Azul’s for "not there yet"', async () => {
    const { client } = pacedClient(origin, { dispatcher: agent() });
    agent()
      .get(origin)
      .intercept({ path: `/index/projects/${PROJECT}?catalog=dcp43` })
      .reply(404, '<html><body>Not Found</body></html>');

    const error = await rejectionOf(client.project(PROJECT, 'dcp43'), ExternalServiceError);

    expect(error.message).toContain('HTTP 404 with an HTML error page');
  });
});

describe('Azul catalogs cache', () => {
  let azul: AzulStandIn;
  beforeEach(async () => {
    azul = await new AzulStandIn().start();
  });
  afterEach(async () => {
    await azul.stop();
  });

  it('asks once for callers that ask together or within the hour, again after it, and not after a failure', async () => {
    const { client, clock } = pacedClient(azul.url);
    const catalogRequests = () => azul.requests.filter((r) => r.path === '/index/catalogs').length;

    await Promise.all([client.catalogs(), client.catalogs(), client.catalogs()]);
    clock.advance(59 * 60_000);
    await client.catalogs();
    const withinTheHour = catalogRequests();
    clock.advance(2 * 60_000);
    azul.failNext('catalogs', 'html-500');
    await rejectionOf(client.catalogs(), ExternalServiceError);
    await client.catalogs();

    expect(withinTheHour).toBe(1);
    expect(catalogRequests()).toBe(3);
  });
});
