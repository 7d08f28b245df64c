import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExternalServiceError, IngestAuthError } from '../../src/errors.js';
import { createIngestClient, type IngestClient } from '../../src/integrations/ingest.js';
import { IngestStandIn } from '../../src/sandbox/ingest-stand-in.js';
import { fixedIngestToken } from '../../src/integrations/ingest-token.js';
import { rejectionOf } from '../support/http.js';
import { useMockedIngest } from '../support/ingest.js';

const TOKEN = 'ingest-listing-token-71c0';
const HOUR = 3_600_000;

function uuidOf(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

describe('ingest searches, projects and export jobs against the stand-in', () => {
  let ingest: IngestStandIn;
  let client: IngestClient;
  let now: number;

  beforeEach(async () => {
    now = Date.UTC(2026, 11, 1, 9);
    ingest = await new IngestStandIn({ token: TOKEN, maxPageSize: 2, now: () => now }).start();
    client = createIngestClient({ baseUrl: ingest.url, timeoutMs: 2000, token: fixedIngestToken(TOKEN) });
  });
  afterEach(async () => {
    await ingest.stop();
  });

  it('pages through every submission in Archiving, following _links.next', async () => {
    for (let n = 1; n <= 5; n++) ingest.addSubmission(uuidOf(n), 'Archiving');
    ingest.addSubmission(uuidOf(6), 'Exporting');

    const found = await client.submissionsInState('ARCHIVING');

    expect(found.map((e) => e.uuid)).toEqual([1, 2, 3, 4, 5].map(uuidOf));
    expect(found[0]).toEqual({
      uuid: uuidOf(1),
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      state: 'Archiving',
      uploadArea: `s3://org-hca-data-archive-upload-dev/${uuidOf(1)}/`,
    });
    const searches = ingest.requests.filter((r) => r.path.endsWith('/findBySubmissionState'));
    expect(searches).toHaveLength(3);
    expect(searches.every((r) => r.authorized)).toBe(true);
  });

  it('finds none when no submission is in the state', async () => {
    ingest.addSubmission(uuidOf(1), 'Graph valid');

    expect(await client.submissionsInState('EXPORTING')).toEqual([]);
  });

  it('reads the related project’s title and short name', async () => {
    ingest.addSubmission(uuidOf(1));
    ingest.setProject(uuidOf(1), { uuid: uuidOf(99), title: 'A heart atlas', shortName: 'HeartAtlas' });
    const envelope = await client.submission(uuidOf(1));

    expect(await client.relatedProject(envelope.id)).toEqual({
      uuid: uuidOf(99),
      title: 'A heart atlas',
      shortName: 'HeartAtlas',
    });
  });

  it('finds a project’s submissions by its UUID, and null for a UUID that is no project', async () => {
    const project = { uuid: uuidOf(99), title: 'A heart atlas', shortName: 'HeartAtlas' };
    for (const n of [1, 2, 3]) ingest.addSubmission(uuidOf(n), n === 3 ? 'Exported' : 'Archiving');
    ingest.setProject(uuidOf(1), project);
    ingest.setProject(uuidOf(3), project);

    const found = await client.projectSubmissions(uuidOf(99));

    expect(found?.map((e) => [e.uuid, e.state])).toEqual([
      [uuidOf(1), 'Archiving'],
      [uuidOf(3), 'Exported'],
    ]);
    expect(await client.projectSubmissions(uuidOf(98))).toBeNull();
  });

  it('finds the ingest submission of a DSP submission without the token (archive records are public)', async () => {
    const dsp = '11111111-2222-4333-8444-555555555555';
    ingest.archiveRecords.set(dsp, uuidOf(1));
    ingest.token = 'someone-else';

    expect(await client.submissionOfDsp(dsp)).toBe(uuidOf(1));
    expect(await client.submissionOfDsp(uuidOf(5))).toBeNull();
  });

  it('answers null for a submission with no project yet', async () => {
    ingest.addSubmission(uuidOf(1));
    const envelope = await client.submission(uuidOf(1));

    expect(await client.relatedProject(envelope.id)).toBeNull();
  });

  it('lists export jobs over pages and counts the exported assays of one', async () => {
    ingest.addSubmission(uuidOf(1), 'Archived');
    ingest.startExport(uuidOf(1), 10);
    ingest.updateExport(uuidOf(1), { status: 'FAILED', errors: [{ errorCode: 'E1', message: 'transfer failed' }] });
    now += HOUR;
    ingest.startExport(uuidOf(1), 10);
    now += HOUR;
    ingest.startExport(uuidOf(1), 10);
    ingest.updateExport(uuidOf(1), { exportedAssays: 4 });
    const envelope = await client.submission(uuidOf(1));

    const jobs = await client.exportJobs(envelope.id);

    expect(jobs.map((j) => j.status)).toEqual(['FAILED', 'EXPORTING', 'EXPORTING']);
    expect(jobs[0]).toMatchObject({ errors: ['transfer failed'], destination: { name: 'DCP', version: '2' } });
    expect(jobs[2]).toMatchObject({
      createdAt: now,
      updatedAt: now,
      totalAssayCount: 10,
      dataTransferComplete: false,
      errors: [],
    });
    expect(await client.exportedAssayCount(jobs[2]!.id)).toBe(4);
    expect(ingest.requests.filter((r) => r.path.endsWith('/exportJobs'))).toHaveLength(2);
  });

  it('rejects a 401 with IngestAuthError, without the token', async () => {
    ingest.addSubmission(uuidOf(1));
    ingest.token = 'a-newer-token';

    const error = await rejectionOf(client.submissionsInState('ARCHIVING'), IngestAuthError);

    expect(error.retryable).toBe(false);
    expect(error.message).toContain(
      "refused the bot's ingest API token (HTTP 401): the ingest token expired or lacks authority",
    );
    expect(error.message).not.toContain(TOKEN);
  });

  it('retries an HTML 500 page, malformed JSON and a timeout', async () => {
    for (let n = 1; n <= 3; n++) ingest.addSubmission(uuidOf(n));
    const impatient = createIngestClient({ baseUrl: ingest.url, timeoutMs: 100, token: fixedIngestToken(TOKEN) });

    ingest.failNextOn('search', 'html-500');
    const html = await rejectionOf(client.submissionsInState('ARCHIVING'), ExternalServiceError);
    ingest.failNextOn('search', 'malformed-json');
    const malformed = await rejectionOf(client.submissionsInState('ARCHIVING'), ExternalServiceError);
    ingest.failNextOn('exportJobs', 'hang');
    const hung = await rejectionOf(impatient.exportJobs('abc'), ExternalServiceError);

    expect([html.retryable, malformed.retryable, hung.retryable]).toEqual([true, true, true]);
    expect(html.message).toContain('HTTP 500 with an HTML error page');
    expect(malformed.message).toContain('malformed JSON');
    expect(hung.message).toContain('has not answered for');
  });

  it('says which UUID it expects when the submission is unknown', async () => {
    const error = await rejectionOf(client.submission(uuidOf(7)), ExternalServiceError);

    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`no submission with UUID ${uuidOf(7)}`);
  });
});

describe('ingest listings with odd answers (MockAgent)', () => {
  const origin = 'https://ingest.test';
  const { agent, client: mocked } = useMockedIngest(origin, TOKEN);

  const search = (page: number) =>
    agent()
      .get(origin)
      .intercept({
        path: `/submissionEnvelopes/search/findBySubmissionState?submissionState=ARCHIVING&page=${page}&size=100`,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
  const envelope = (n: number) => ({
    uuid: { uuid: uuidOf(n).toUpperCase() },
    submissionState: 'Archiving',
    _links: { self: { href: `${origin}/submissionEnvelopes/6${n}` } },
  });

  it('follows a next link that ingest writes with http:// behind its proxy, on the configured scheme', async () => {
    search(0).reply(200, {
      _embedded: { submissionEnvelopes: [envelope(1)] },
      _links: {
        next: {
          href: 'http://ingest.test/submissionEnvelopes/search/findBySubmissionState?submissionState=ARCHIVING&page=1&size=100',
        },
      },
    });
    search(1).reply(200, { _embedded: { submissionEnvelopes: [envelope(2)] }, _links: {} });

    const found = await mocked().submissionsInState('ARCHIVING');

    expect(found).toEqual([
      { uuid: uuidOf(1), id: '61', state: 'Archiving', uploadArea: null },
      { uuid: uuidOf(2), id: '62', state: 'Archiving', uploadArea: null },
    ]);
  });

  it('refuses to send the token to a next link on another host', async () => {
    search(0).reply(200, {
      _embedded: { submissionEnvelopes: [envelope(1)] },
      _links: { next: { href: 'https://elsewhere.test/steal?page=1' } },
    });

    const error = await rejectionOf(mocked().submissionsInState('ARCHIVING'), ExternalServiceError);

    expect(error.retryable).toBe(false);
    expect(error.message).toContain('next-page link to another host (elsewhere.test)');
  });

  it('treats 403 as a token without authority', async () => {
    search(0).reply(403, { error: 'Forbidden' });

    const error = await rejectionOf(mocked().submissionsInState('ARCHIVING'), IngestAuthError);

    expect(error.message).toContain('(HTTP 403)');
  });

  it('retries a 503 and a page of an unexpected shape', async () => {
    search(0).reply(503, 'Service Unavailable');
    const unavailable = await rejectionOf(mocked().submissionsInState('ARCHIVING'), ExternalServiceError);
    search(0).reply(200, { _embedded: { submissionEnvelopes: [{ uuid: 'not-an-object' }] } });
    const odd = await rejectionOf(mocked().submissionsInState('ARCHIVING'), ExternalServiceError);

    expect(unavailable.retryable).toBe(true);
    expect(odd.retryable).toBe(true);
    expect(odd.message).toContain('unexpected shape (_embedded.submissionEnvelopes.0.uuid:');
  });

  it('stops after 100 pages of next links', async () => {
    search(0)
      .reply(200, {
        _embedded: { submissionEnvelopes: [envelope(1)] },
        _links: {
          next: {
            href: `${origin}/submissionEnvelopes/search/findBySubmissionState?submissionState=ARCHIVING&page=0&size=100`,
          },
        },
      })
      .times(100);

    const error = await rejectionOf(mocked().submissionsInState('ARCHIVING'), ExternalServiceError);

    expect(error.message).toContain('kept sending next-page links after 100 pages');
  });

  it('reads an export job without context, destination or errors', async () => {
    agent()
      .get(origin)
      .intercept({ path: '/submissionEnvelopes/61/exportJobs?page=0&size=100' })
      .reply(200, {
        _embedded: {
          exportJobs: [
            {
              createdDate: '2026-11-30T10:00:00.000Z',
              status: 'exporting',
              errors: null,
              _links: { self: { href: `${origin}/exportJobs/j1` } },
            },
          ],
        },
      });

    const [job] = await mocked().exportJobs('61');

    expect(job).toEqual({
      id: 'j1',
      status: 'EXPORTING',
      createdAt: Date.UTC(2026, 10, 30, 10),
      updatedAt: Date.UTC(2026, 10, 30, 10),
      destination: null,
      totalAssayCount: null,
      dataTransferComplete: null,
      errors: [],
    });
  });
});

describe('the ingest stand-in’s state search', () => {
  let ingest: IngestStandIn;

  beforeEach(async () => {
    ingest = await new IngestStandIn({ token: TOKEN }).start();
    ingest.addSubmission(uuidOf(1), 'Archiving');
  });
  afterEach(async () => {
    await ingest.stop();
  });

  const search = async (state: string) => {
    const query = new URLSearchParams({ submissionState: state });
    const response = await request(`${ingest.url}/submissionEnvelopes/search/findBySubmissionState?${query}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const body = (await response.body.json()) as { _embedded?: { submissionEnvelopes: unknown[] } };
    return { status: response.statusCode, hits: body._embedded?.submissionEnvelopes.length };
  };

  it('accepts the enum name and the JSON spelling, and refuses a state it does not know', async () => {
    expect(await search('ARCHIVING')).toEqual({ status: 200, hits: 1 });
    expect(await search('Archiving')).toEqual({ status: 200, hits: 1 });
    expect((await search('ARCHIVED_NOT')).status).toBe(400);
  });
});
