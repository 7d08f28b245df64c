import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArchiverClient, type ArchiverClient } from '../../src/integrations/archiver.js';
import { ArchiverStandIn, tenXJob, type ArchiverTimings } from '../../src/sandbox/archiver-stand-in.js';
import { IngestStandIn } from '../../src/sandbox/ingest-stand-in.js';
import { validationErrorsOf } from '../support/validation.js';
import { waitFor } from '../support/wait.js';

const KEY = 'stand-in-test-key';
const SUBMISSION = '0b6f0c1e-7d4a-4c5e-9a3b-2f1e0d9c8b7a';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('ArchiverStandIn', () => {
  let ingest: IngestStandIn;
  let archiver: ArchiverStandIn;
  let client: ArchiverClient;

  async function startArchiver(timings: Partial<ArchiverTimings> = {}): Promise<void> {
    archiver = await new ArchiverStandIn({ apiKey: KEY, ingest, timings }).start();
    client = createArchiverClient({ baseUrl: archiver.url, timeoutMs: 2000 });
  }

  async function call(method: 'GET' | 'POST', path: string, options: { key?: string; json?: unknown } = {}) {
    const headers: Record<string, string> = {};
    if (options.key !== undefined) headers['api-key'] = options.key;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const response = await request(`${archiver.url}${path}`, {
      method,
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
    });
    return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
  }

  async function createAndAwaitRecord(submission = SUBMISSION): Promise<string> {
    await client.createArchiveSubmission({ submissionUuid: submission, aliasPrefix: 'HCA' }, KEY);
    const count = archiver.submissions(submission).length;
    const record = await waitFor('the new record', async () => {
      const latest = await client.latestArchiveSubmission(submission, KEY);
      return latest?.dspUuid === archiver.submissions(submission)[count - 1]?.dspUuid ? latest : undefined;
    });
    return record!.dspUuid!;
  }

  beforeEach(async () => {
    ingest = await new IngestStandIn({ token: 'ingest-token' }).start();
    ingest.addSubmission(SUBMISSION);
  });
  afterEach(async () => {
    await archiver.stop();
    await ingest.stop();
  });

  it('plays the SOP from create to accessions, with ingest moving from Archiving to Archived', async () => {
    await startArchiver({ conversionMs: 1500, planMs: Infinity, validationMs: Infinity, completionMs: 20 });
    expect(await client.latestArchiveSubmission(SUBMISSION, KEY)).toBeNull();

    await client.createArchiveSubmission({ submissionUuid: SUBMISSION, aliasPrefix: 'HCA' }, KEY);
    expect(await client.latestArchiveSubmission(SUBMISSION, KEY)).toBeNull();
    const record = await waitFor('the record', () => client.latestArchiveSubmission(SUBMISSION, KEY));
    expect(record).toMatchObject({ submissionUuid: SUBMISSION, errors: [] });
    expect(record.dspUuid).toMatch(UUID);
    expect(record.dspUrl).toBe(`https://submission-test.ebi.ac.uk/api/submissions/${record.dspUuid}`);
    const dsp = record.dspUuid!;

    expect(await client.fileUploadPlan(dsp, KEY)).toEqual({ ready: false });
    expect(await client.blockers(dsp, KEY)).toMatchObject({ anyPendingValidationResult: true });
    expect((await validationErrorsOf(client, dsp, KEY)).pendingCount).toBeGreaterThan(0);
    archiver.timings.planMs = 0;
    archiver.timings.validationMs = 0;

    const plan = await client.fileUploadPlan(dsp, KEY);
    expect(plan.ready && plan.jobs.map((j) => j.conversion?.schema ?? 'none')).toEqual(['10xV2', 'none']);
    const report = await validationErrorsOf(client, dsp, KEY);
    expect(report.pendingCount).toBe(0);
    expect(report.errors.map((e) => Object.keys(e.messages))).toEqual([['FileReference'], ['FileReference']]);
    expect(report.errors[0]!.submittable).toMatch(/^https:\/\/submission-test\.ebi\.ac\.uk\/api\/assayData\//);
    expect(report.errors.flatMap((e) => e.messages.FileReference)).toHaveLength(3);
    expect(await client.blockers(dsp, KEY)).toEqual({
      notReadyFileCount: 3,
      totalMetadataBlockers: 2,
      emptySubmission: false,
      anyPendingValidationResult: false,
      issuesPerDataType: { sequencingRuns: { displayName: 'sequencing runs', count: 2 } },
    });

    expect(archiver.uploadFiles(dsp)).toBe(true);
    expect(await validationErrorsOf(client, dsp, KEY)).toEqual({ errors: [], pendingCount: 0 });
    expect(await client.blockers(dsp, KEY)).toEqual({
      notReadyFileCount: 0,
      totalMetadataBlockers: 0,
      emptySubmission: false,
      anyPendingValidationResult: false,
      issuesPerDataType: {},
    });
    const before = await client.entities(dsp, KEY, 0, 20);
    expect(before.entities.map((e) => e.accession)).toEqual(Array(8).fill(null));

    await client.complete(dsp, KEY);

    await waitFor('ingest to say Archived', () => ingest.submissions.get(SUBMISSION) === 'Archived');
    const after = await client.entities(dsp, KEY, 0, 20);
    expect(after.entities.every((e) => /^[A-Z-]+\d+$/.test(e.accession ?? ''))).toBe(true);
    expect(archiver.completeCalls(dsp)).toBe(1);
    expect(archiver.requests.filter((r) => r.method === 'POST').map((r) => r.route)).toEqual(['create', 'complete']);
  });

  it('answers 401 with the archiver’s messages for a missing or wrong key, and / without one', async () => {
    await startArchiver();

    const missing = await call('GET', `/latestArchiveSubmission/${SUBMISSION}`);
    const wrong = await call('GET', `/latestArchiveSubmission/${SUBMISSION}`, { key: 'nope' });
    const greeting = await call('GET', '/');

    expect([missing.status, JSON.parse(missing.text)]).toEqual([401, { message: 'header missing Api-Key' }]);
    expect([wrong.status, JSON.parse(wrong.text)]).toEqual([401, { message: 'invalid Api-Key' }]);
    expect([greeting.status, greeting.text]).toEqual([200, 'Ingest Archiver is running']);
    expect(archiver.requests.map((r) => r.apiKeyPresent)).toEqual([false, true, false]);
  });

  it('refuses a create without submission_uuid (400) or without a JSON content type (HTML 500), creating nothing', async () => {
    await startArchiver();

    const without = await call('POST', '/archiveSubmissions', { key: KEY, json: { alias_prefix: 'HCA' } });
    const plain = await request(`${archiver.url}/archiveSubmissions`, {
      method: 'POST',
      headers: { 'api-key': KEY, 'content-type': 'text/plain' },
      body: JSON.stringify({ submission_uuid: SUBMISSION }),
    });

    expect(without.status).toBe(400);
    expect(JSON.parse(without.text)).toEqual({
      message: 'You must supply the parameter submission_uuid referring to an Ingest submission envelope uuid.',
    });
    expect(plain.statusCode).toBe(500);
    expect(await plain.body.text()).toContain('<title>500 Internal Server Error</title>');
    expect(archiver.submissions()).toEqual([]);
  });

  it('answers 404 with the body null while the conversion runs', async () => {
    await startArchiver({ conversionMs: 60_000 });

    const created = await call('POST', '/archiveSubmissions', { key: KEY, json: { submission_uuid: SUBMISSION } });
    const latest = await call('GET', `/latestArchiveSubmission/${SUBMISSION}`, { key: KEY });

    expect([created.status, JSON.parse(created.text)]).toEqual([200, { message: 'successfully triggered!' }]);
    expect([latest.status, latest.text.trim()]).toEqual([404, 'null']);
    expect(archiver.submissions(SUBMISSION)).toMatchObject([{ recorded: false, dspUuid: expect.stringMatching(UUID) }]);
  });

  it('makes a new DSP submission for every POST, and latest returns the newest', async () => {
    await startArchiver();

    const first = await createAndAwaitRecord();
    const second = await createAndAwaitRecord();

    expect(second).not.toBe(first);
    expect(archiver.submissions(SUBMISSION).map((s) => s.dspUuid)).toEqual([first, second]);
    expect(archiver.latest(SUBMISSION)?.dspUuid).toBe(second);
  });

  it('returns a seeded older record until a new one is converted', async () => {
    await startArchiver();
    const seeded = archiver.seedRecord(SUBMISSION, { ageMs: 3_600_000 });

    const before = await client.latestArchiveSubmission(SUBMISSION, KEY);
    const fresh = await createAndAwaitRecord();
    const after = await client.latestArchiveSubmission(SUBMISSION, KEY);

    expect(before?.dspUuid).toBe(seeded.dspUuid);
    expect(after?.dspUuid).toBe(fresh);
    expect(Date.parse(after!.created) - Date.parse(before!.created)).toBeGreaterThanOrEqual(3_600_000);
  });

  it('writes the transitional plan {"jobs":{"jobs":[]}} as an attachment until the plan is ready', async () => {
    await startArchiver({ planMs: Infinity });
    const dsp = await createAndAwaitRecord();

    const plan = await call('GET', `/archiveSubmissions/${dsp}/fileUploadPlan`, { key: KEY });

    expect(plan.status).toBe(200);
    expect(JSON.parse(plan.text)).toEqual({ jobs: { jobs: [] } });
    expect(plan.headers['content-disposition']).toBe(`attachment;filename=FILE_UPLOAD_PLAN_${dsp}.json`);
  });

  it('leaves runs out with exclude_types sequencingRun: empty plan, no file errors, no files to wait for', async () => {
    await startArchiver();
    await client.createArchiveSubmission(
      { submissionUuid: SUBMISSION, aliasPrefix: 'HCA', excludeTypes: ['sequencingRun'] },
      KEY,
    );
    const dsp = (await waitFor('the record', () => client.latestArchiveSubmission(SUBMISSION, KEY))).dspUuid!;

    const plan = await waitFor('the plan', async () => {
      const p = await client.fileUploadPlan(dsp, KEY);
      return p.ready ? p : undefined;
    });
    await waitFor('validation', async () => (await validationErrorsOf(client, dsp, KEY)).pendingCount === 0);

    expect(plan.jobs).toEqual([]);
    expect(await validationErrorsOf(client, dsp, KEY)).toEqual({ errors: [], pendingCount: 0 });
    expect(await client.blockers(dsp, KEY)).toMatchObject({ notReadyFileCount: 0, totalMetadataBlockers: 0 });
    expect((await client.entities(dsp, KEY, 0, 20)).entities.map((e) => e.type)).not.toContain('sequencingRun');
    expect(archiver.requests[0]!.body).toMatchObject({ exclude_types: ['sequencingRun'] });
  });

  it('records the no_entities case without a DSP submission', async () => {
    await startArchiver();
    archiver.scenarios.set(SUBMISSION, { noEntities: true });

    await client.createArchiveSubmission({ submissionUuid: SUBMISSION, aliasPrefix: 'HCA' }, KEY);
    const record = await waitFor('the record', () => client.latestArchiveSubmission(SUBMISSION, KEY));

    expect(record.dspUuid).toBeNull();
    expect(record.errors).toEqual([
      { errorCode: 'ingest_archiver.archive_metadata.no_entities', message: 'No entities found to convert.' },
    ]);
  });

  it('never records a conversion that fails silently', async () => {
    await startArchiver({ conversionMs: 0 });
    archiver.scenarios.set(SUBMISSION, { failsSilently: true });

    await client.createArchiveSubmission({ submissionUuid: SUBMISSION, aliasPrefix: 'HCA' }, KEY);

    expect(await client.latestArchiveSubmission(SUBMISSION, KEY)).toBeNull();
    expect(archiver.submissions(SUBMISSION)).toMatchObject([{ recorded: false, created: '' }]);
  });

  it('plans a 10x job with schema null when the scenario asks for it', async () => {
    await startArchiver({ planMs: 0 });
    archiver.scenarios.set(SUBMISSION, { jobs: (ctx) => [tenXJob(ctx, null)] });
    const dsp = await createAndAwaitRecord();

    const plan = await client.fileUploadPlan(dsp, KEY);

    expect(plan.ready && plan.jobs[0]!.conversion).toMatchObject({ schema: null });
    expect(plan.ready && plan.jobs[0]!.conversion!.inputs.map((i) => i.cloudUrl?.split('/')[2])).toEqual([
      'org-hca-data-archive-upload-dev',
      'org-hca-data-archive-upload-dev',
      'org-hca-data-archive-upload-dev',
    ]);
  });

  it('reports injected metadata errors until they are cleared, and completes only after that', async () => {
    await startArchiver({ validationMs: 0, completionMs: 0 });
    archiver.scenarios.set(SUBMISSION, {
      metadataErrors: [{ dataType: 'samples', author: 'Biosamples', messages: ['A sample must have a release date.'] }],
    });
    const dsp = await createAndAwaitRecord();
    archiver.uploadFiles(dsp);

    const report = await validationErrorsOf(client, dsp, KEY);
    const blockers = await client.blockers(dsp, KEY);
    await client.complete(dsp, KEY);
    const completedWhileBlocked = archiver.submissions(SUBMISSION)[0]!.completed;
    archiver.setMetadataErrors(dsp, []);

    expect(report.errors).toEqual([
      {
        submittable: expect.stringMatching(/\/api\/samples\//),
        messages: { Biosamples: ['A sample must have a release date.'] },
      },
    ]);
    expect(blockers.issuesPerDataType).toEqual({ samples: { displayName: 'samples', count: 1 } });
    expect(completedWhileBlocked).toBe(false);
    await waitFor('completion', () => archiver.submissions(SUBMISSION)[0]!.completed);
    expect(ingest.submissions.get(SUBMISSION)).toBe('Archived');
  });

  it('keeps validation pending for a while after the files are uploaded', async () => {
    await startArchiver({ validationMs: 0 });
    const dsp = await createAndAwaitRecord();
    archiver.timings.validationMs = 60_000;

    archiver.uploadFiles(dsp);

    expect(await client.blockers(dsp, KEY)).toMatchObject({ notReadyFileCount: 0, anyPendingValidationResult: true });
    expect((await validationErrorsOf(client, dsp, KEY)).errors).toEqual([]);
  });

  it('counts every /complete call and answers 202 even for an unknown DSP uuid', async () => {
    await startArchiver();
    const dsp = await createAndAwaitRecord();

    const unknown = await call('POST', '/archiveSubmissions/00000000-0000-4000-8000-000000000000/complete', {
      key: KEY,
    });
    await client.complete(dsp, KEY);
    await client.complete(dsp, KEY);

    expect([unknown.status, JSON.parse(unknown.text)]).toEqual([202, { message: 'successfully triggered!' }]);
    expect(archiver.completeCalls(dsp)).toBe(2);
  });

  it('answers Flask’s HTML 500 for a DSP uuid it does not know', async () => {
    await startArchiver();

    const answer = await call('GET', '/archiveSubmissions/00000000-0000-4000-8000-000000000000/blockers', { key: KEY });

    expect(answer.status).toBe(500);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
  });

  it('serves injected faults once, and a processed fault still creates the submission', async () => {
    await startArchiver();
    archiver.failNext('latest', 'html-500');
    archiver.failNext('create', 'html-500', { processed: true });
    archiver.failNext('blockers', { status: 403, message: 'Forbidden by the proxy' });

    const faulted = await call('GET', `/latestArchiveSubmission/${SUBMISSION}`, { key: KEY });
    const normal = await call('GET', `/latestArchiveSubmission/${SUBMISSION}`, { key: KEY });
    const create = await call('POST', '/archiveSubmissions', { key: KEY, json: { submission_uuid: SUBMISSION } });
    const blockers = await call('GET', `/archiveSubmissions/x/blockers`, { key: KEY });

    expect(faulted.status).toBe(500);
    expect(normal.status).toBe(404);
    expect(create.status).toBe(500);
    expect(archiver.submissions(SUBMISSION)).toHaveLength(1);
    expect([blockers.status, JSON.parse(blockers.text)]).toEqual([403, { message: 'Forbidden by the proxy' }]);
  });

  it('pages entities with Spring page metadata', async () => {
    await startArchiver();
    const dsp = await createAndAwaitRecord();

    const page = await client.entities(dsp, KEY, 2, 3);

    expect(page.page).toEqual({ size: 3, totalElements: 8, totalPages: 3, number: 2 });
    expect(page.entities.map((e) => e.type)).toEqual(['sequencingRun', 'sequencingRun']);
    expect(page.entities[0]!.alias).toMatch(/^HCA_sequencingRun_/);
  });
});
