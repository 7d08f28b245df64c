import { errors, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiverAuthError, ExternalServiceError } from '../../src/errors.js';
import { createArchiverClient, type ArchiverClient } from '../../src/integrations/archiver.js';
import { ArchiverStandIn } from '../../src/sandbox/archiver-stand-in.js';
import { rejectionOf, useMockAgent } from '../support/http.js';
import { validationErrorsOf } from '../support/validation.js';
import { waitFor } from '../support/wait.js';

const KEY = 'archiver-test-key-5e1d';
const SUBMISSION = '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const DSP = 'b729f228-d587-440c-ae5b-d0c1f34b8766';

describe('archiver adapter against the stand-in', () => {
  let archiver: ArchiverStandIn;
  let client: ArchiverClient;

  beforeEach(async () => {
    archiver = await new ArchiverStandIn({ apiKey: KEY, timings: { conversionMs: 0, planMs: 0 } }).start();
    client = createArchiverClient({ baseUrl: archiver.url, timeoutMs: 2000 });
  });
  afterEach(async () => {
    await archiver.stop();
  });

  async function recordedDsp(): Promise<string> {
    await client.createArchiveSubmission({ submissionUuid: SUBMISSION, aliasPrefix: 'HCA' }, KEY);
    return (await waitFor('the record', () => client.latestArchiveSubmission(SUBMISSION, KEY))).dspUuid!;
  }

  it('creates with a JSON body and the Api-Key header', async () => {
    await client.createArchiveSubmission(
      { submissionUuid: SUBMISSION, aliasPrefix: 'HCA', excludeTypes: ['sequencingRun'] },
      KEY,
    );

    expect(archiver.requests).toMatchObject([
      {
        method: 'POST',
        route: 'create',
        apiKeyPresent: true,
        body: { submission_uuid: SUBMISSION, alias_prefix: 'HCA', exclude_types: ['sequencingRun'] },
      },
    ]);
    expect(archiver.submissions(SUBMISSION)).toHaveLength(1);
  });

  it('maps the plan to camelCase and keeps each job exactly as sent in raw', async () => {
    const dsp = await recordedDsp();

    const plan = await client.fileUploadPlan(dsp, KEY);
    const wire = await request(`${archiver.url}/archiveSubmissions/${dsp}/fileUploadPlan`, {
      headers: { 'api-key': KEY },
    });
    const sent = ((await wire.body.json()) as { jobs: Record<string, unknown>[] }).jobs;

    expect(plan.ready).toBe(true);
    if (!plan.ready) return;
    const [tenX, plain] = plan.jobs;
    expect(tenX!.files).toEqual([{ name: `${tenX!.manifestId}.bam` }]);
    expect(tenX!.conversion).toMatchObject({ outputName: `${tenX!.manifestId}.bam`, schema: '10xV2' });
    expect(tenX!.conversion!.inputs.map((i) => i.readIndex)).toEqual(['read1', 'read2', 'index1']);
    expect(tenX!.conversion!.inputs.every((i) => i.cloudUrl?.startsWith(`s3://`))).toBe(true);
    expect(plain!.conversion).toBeNull();
    expect(plain!.files.map((f) => f.readIndex)).toEqual(['read1', 'read2']);
    expect(plan.jobs.map((j) => j.raw)).toEqual(sent);
  });

  it('rejects a wrong key with ArchiverAuthError that never holds the key', async () => {
    const error = await rejectionOf(client.latestArchiveSubmission(SUBMISSION, 'wrong-key-0042'), ArchiverAuthError);

    expect(error.message).toMatch(/refused the API key \(HTTP 401 \("invalid Api-Key"\)\)/);
    expect(error.message).not.toContain('wrong-key-0042');
  });

  it('reports the archiver’s 400 message and does not retry it', async () => {
    const error = await rejectionOf(
      client.createArchiveSubmission({ submissionUuid: '', aliasPrefix: 'HCA' }, KEY),
      ExternalServiceError,
    );

    expect(error.retryable).toBe(false);
    expect(error.message).toContain('HTTP 400): You must supply the parameter submission_uuid');
  });

  it('retries an HTML 500 page without quoting it', async () => {
    const dsp = await recordedDsp();
    archiver.failNext('validationErrors', 'html-500');

    const error = await rejectionOf(validationErrorsOf(client, dsp, KEY), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/answered HTTP 500 with an HTML error page\.$/);
  });

  it('retries when the archiver does not answer in time', async () => {
    const impatient = createArchiverClient({ baseUrl: archiver.url, timeoutMs: 100 });
    archiver.failNext('blockers', 'hang');

    const error = await rejectionOf(impatient.blockers(DSP, KEY), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^The archiver at 127\.0\.0\.1:\d+ has not answered for 0\.1 s\.$/);
  });

  it('retries malformed JSON', async () => {
    archiver.failNext('latest', 'malformed-json');

    const error = await rejectionOf(client.latestArchiveSubmission(SUBMISSION, KEY), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toContain('answered with malformed JSON');
  });
});

describe('archiver adapter with odd answers (MockAgent)', () => {
  const origin = 'http://archiver.test';
  const agent = useMockAgent();
  let client: ArchiverClient;

  beforeEach(() => {
    client = createArchiverClient({ baseUrl: origin, timeoutMs: 1000, dispatcher: agent() });
  });

  const json = { headers: { 'content-type': 'application/json' } };
  const html = { headers: { 'content-type': 'text/html' } };
  function on(path: string, method: 'GET' | 'POST' = 'GET') {
    return agent()
      .get(origin)
      .intercept({ path, method, headers: { 'api-key': KEY } });
  }

  it('returns null on 404 with the body null', async () => {
    on(`/latestArchiveSubmission/${SUBMISSION}`).reply(404, 'null\n', json);

    expect(await client.latestArchiveSubmission(SUBMISSION, KEY)).toBeNull();
  });

  it('does not retry a 404 page (wrong archiver URL)', async () => {
    on(`/latestArchiveSubmission/${SUBMISSION}`).reply(404, '<h1>Not Found</h1>', html);

    const error = await rejectionOf(client.latestArchiveSubmission(SUBMISSION, KEY), ExternalServiceError);

    expect(error.retryable).toBe(false);
    expect(error.message).toContain('HTTP 404 with an HTML error page');
  });

  it('returns a no_entities record with dspUuid null and its errors', async () => {
    on(`/latestArchiveSubmission/${SUBMISSION}`).reply(
      200,
      {
        created: '2021-03-04T10:11:12.345Z',
        submissionUuid: SUBMISSION,
        errors: [
          {
            errorCode: 'ingest_archiver.archive_metadata.no_entities',
            message: 'No entities found to convert.',
            details: null,
          },
        ],
      },
      json,
    );

    expect(await client.latestArchiveSubmission(SUBMISSION, KEY)).toEqual({
      created: '2021-03-04T10:11:12.345Z',
      dspUuid: null,
      dspUrl: null,
      submissionUuid: SUBMISSION,
      errors: [{ errorCode: 'ingest_archiver.archive_metadata.no_entities', message: 'No entities found to convert.' }],
    });
  });

  it('retries an HTML 500 page', async () => {
    on(`/archiveSubmissions/${DSP}/blockers`).reply(
      500,
      '<!DOCTYPE HTML><title>500 Internal Server Error</title>',
      html,
    );

    const error = await rejectionOf(client.blockers(DSP, KEY), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).not.toContain('<title>');
  });

  it('retries a 200 HTML page in place of JSON', async () => {
    on(`/archiveSubmissions/${DSP}/entities?page=0&size=20`).reply(200, '<html>login</html>', html);

    const error = await rejectionOf(client.entities(DSP, KEY, 0, 20), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toContain('an HTML page instead of JSON');
  });

  it('retries malformed JSON', async () => {
    on(`/archiveSubmissions/${DSP}/validationErrors`).reply(200, '{"errors": {', json);

    const error = await rejectionOf(validationErrorsOf(client, DSP, KEY), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toContain('malformed JSON');
  });

  it('retries JSON of an unexpected shape and names the field', async () => {
    on(`/archiveSubmissions/${DSP}/blockers`).reply(
      200,
      { totalMetadataBlockers: 0, emptySubmission: false, anyPendingValidationResult: false },
      json,
    );

    const error = await rejectionOf(client.blockers(DSP, KEY), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toContain('unexpected shape (notReadyFileCount:');
  });

  it('retries a plan of the wrong shape as a malformed answer, not as a plan still being written', async () => {
    on(`/archiveSubmissions/${DSP}/fileUploadPlan`).reply(200, { jobs: 'nope' }, json);

    const error = await rejectionOf(client.fileUploadPlan(DSP, KEY), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toContain('unexpected shape (jobs: expected a list of jobs');
  });

  it('treats the transitional plan as not ready', async () => {
    on(`/archiveSubmissions/${DSP}/fileUploadPlan`).reply(200, { jobs: { jobs: [] } }, json);

    expect(await client.fileUploadPlan(DSP, KEY)).toEqual({ ready: false });
  });

  it('reads a 10x job whose schema is null', async () => {
    const job = {
      dsp_api_url: 'https://submission.ebi.ac.uk',
      submission_url: `https://submission.ebi.ac.uk/api/submissions/${DSP}`,
      manifest_id: '5e4e6b9e9b297f2fa0f55856',
      files: [{ name: '5e4e6b9e9b297f2fa0f55856.bam' }],
      conversion: {
        output_name: '5e4e6b9e9b297f2fa0f55856.bam',
        schema: null,
        inputs: [{ name: 'x_R1.fastq.gz', read_index: 'read1', cloud_url: 's3://bucket/sub/x_R1.fastq.gz' }],
      },
    };
    on(`/archiveSubmissions/${DSP}/fileUploadPlan`).reply(200, { jobs: [job] }, json);

    const plan = await client.fileUploadPlan(DSP, KEY);

    expect(plan).toEqual({
      ready: true,
      jobs: [
        {
          manifestId: '5e4e6b9e9b297f2fa0f55856',
          files: [{ name: '5e4e6b9e9b297f2fa0f55856.bam' }],
          conversion: {
            outputName: '5e4e6b9e9b297f2fa0f55856.bam',
            schema: null,
            inputs: [{ name: 'x_R1.fastq.gz', readIndex: 'read1', cloudUrl: 's3://bucket/sub/x_R1.fastq.gz' }],
          },
          raw: job,
        },
      ],
    });
  });

  it('rejects a plan job without manifest_id as malformed', async () => {
    on(`/archiveSubmissions/${DSP}/fileUploadPlan`).reply(200, { jobs: [{ files: [] }] }, json);

    const error = await rejectionOf(client.fileUploadPlan(DSP, KEY), ExternalServiceError);

    expect(error.message).toContain('unexpected shape (jobs.0.manifest_id:');
  });

  it('keeps only the first errorMessages map per submittable and counts pending results', async () => {
    on(`/archiveSubmissions/${DSP}/validationErrors`).reply(
      200,
      {
        errors: {
          'https://submission.ebi.ac.uk/api/samples/s1': [
            { Biosamples: ['A sample must have a release date.', null] },
            { Core: ['ignored'] },
          ],
          NoSubmittable: [{ JsonSchema: ['should have required property'] }],
        },
        pending: [{ validationStatus: 'Pending' }],
      },
      json,
    );

    expect(await validationErrorsOf(client, DSP, KEY)).toEqual({
      errors: [
        {
          submittable: 'https://submission.ebi.ac.uk/api/samples/s1',
          messages: { Biosamples: ['A sample must have a release date.'] },
        },
        { submittable: 'NoSubmittable', messages: { JsonSchema: ['should have required property'] } },
      ],
      pendingCount: 1,
    });
  });

  it('retries validation errors whose entry is not a list of author maps, naming the submittable', async () => {
    on(`/archiveSubmissions/${DSP}/validationErrors`).reply(200, { errors: { s1: 'oops' }, pending: [] }, json);

    const error = await rejectionOf(validationErrorsOf(client, DSP, KEY), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toContain('unexpected shape (errors.s1:');
  });

  it('reads blockers without validationIssuesPerDataTypeId as no issues', async () => {
    on(`/archiveSubmissions/${DSP}/blockers`).reply(
      200,
      { notReadyFileCount: 0, totalMetadataBlockers: 0, emptySubmission: false, anyPendingValidationResult: false },
      json,
    );

    expect(await client.blockers(DSP, KEY)).toEqual({
      notReadyFileCount: 0,
      totalMetadataBlockers: 0,
      emptySubmission: false,
      anyPendingValidationResult: false,
      issuesPerDataType: {},
    });
  });

  it('raises ArchiverAuthError on 401 and leaves out a message that echoes the key', async () => {
    on(`/archiveSubmissions/${DSP}/blockers`).reply(401, { message: `invalid Api-Key ${KEY}` }, json);

    const error = await rejectionOf(client.blockers(DSP, KEY), ArchiverAuthError);

    expect(error.message).toBe('The archiver at archiver.test refused the API key (HTTP 401).');
  });

  it('reports a 400 with the archiver’s message, not retryable', async () => {
    on('/archiveSubmissions', 'POST').reply(400, { message: 'You must supply the parameter submission_uuid' }, json);

    const error = await rejectionOf(
      client.createArchiveSubmission({ submissionUuid: SUBMISSION, aliasPrefix: 'HCA' }, KEY),
      ExternalServiceError,
    );

    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      'The archiver at archiver.test refused the request (HTTP 400): You must supply the parameter submission_uuid',
    );
  });

  it('retries a headers timeout', async () => {
    on(`/archiveSubmissions/${DSP}/validationErrors`).replyWithError(new errors.HeadersTimeoutError());

    const error = await rejectionOf(validationErrorsOf(client, DSP, KEY), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toBe('The archiver at archiver.test has not answered for 1 s.');
  });

  it('sends create as JSON with Content-Type and completes on 202', async () => {
    agent()
      .get(origin)
      .intercept({
        path: '/archiveSubmissions',
        method: 'POST',
        headers: { 'api-key': KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ submission_uuid: SUBMISSION, alias_prefix: 'HCA' }),
      })
      .reply(200, { message: 'successfully triggered!' }, json);
    agent()
      .get(origin)
      .intercept({
        path: `/archiveSubmissions/${DSP}/complete`,
        method: 'POST',
        headers: { 'api-key': KEY, 'content-type': 'application/json' },
      })
      .reply(202, { message: 'successfully triggered!' }, json);

    await client.createArchiveSubmission({ submissionUuid: SUBMISSION, aliasPrefix: 'HCA' }, KEY);
    await client.complete(DSP, KEY);
  });

  it('maps entities with accession null until completion', async () => {
    on(`/archiveSubmissions/${DSP}/entities?page=1&size=2`).reply(
      200,
      {
        entities: [
          { type: 'sample', alias: 'HCA_sample_1', accession: null, conversion: {} },
          { type: 'sample', alias: 'HCA_sample_2', accession: 'SAMEA1' },
        ],
        page: { size: 2, totalElements: 4, totalPages: 2, number: 1 },
      },
      json,
    );

    expect(await client.entities(DSP, KEY, 1, 2)).toEqual({
      entities: [
        { type: 'sample', alias: 'HCA_sample_1', accession: null },
        { type: 'sample', alias: 'HCA_sample_2', accession: 'SAMEA1' },
      ],
      page: { size: 2, totalElements: 4, totalPages: 2, number: 1 },
    });
  });
});
