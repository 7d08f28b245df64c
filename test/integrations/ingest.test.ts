import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExternalServiceError } from '../../src/errors.js';
import { createIngestClient, type IngestClient } from '../../src/integrations/ingest.js';
import { IngestStandIn } from '../../src/sandbox/ingest-stand-in.js';
import { fixedIngestToken } from '../../src/integrations/ingest-token.js';
import { rejectionOf } from '../support/http.js';
import { useMockedIngest } from '../support/ingest.js';

const TOKEN = 'ingest-test-token-8b2f';
const SUBMISSION = '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c';

describe('ingest adapter against the stand-in', () => {
  let ingest: IngestStandIn;
  let client: IngestClient;

  beforeEach(async () => {
    ingest = await new IngestStandIn({ token: TOKEN }).start();
    client = createIngestClient({ baseUrl: ingest.url, timeoutMs: 2000, token: fixedIngestToken(TOKEN) });
  });
  afterEach(async () => {
    await ingest.stop();
  });

  it('returns the state as ingest spells it', async () => {
    ingest.addSubmission(SUBMISSION);
    const other = '11111111-2222-4333-8444-555555555555';
    ingest.addSubmission(other, 'Graph valid');

    expect(await client.submissionState(SUBMISSION)).toBe('Archiving');
    expect(await client.submissionState(other)).toBe('Graph valid');
    expect(ingest.requests.every((r) => r.authorized && r.path === '/submissionEnvelopes/search/findByUuidUuid')).toBe(
      true,
    );
  });

  it("reads the submission's upload area location from its staging details", async () => {
    ingest.addSubmission(SUBMISSION);

    expect((await client.submission(SUBMISSION)).uploadArea).toBe(
      `s3://org-hca-data-archive-upload-dev/${SUBMISSION}/`,
    );
  });

  it('says the token expired or lacks authority on 401, without the token and without retrying', async () => {
    ingest.addSubmission(SUBMISSION);
    ingest.token = 'a-newer-token';

    const error = await rejectionOf(client.submissionState(SUBMISSION), ExternalServiceError);

    expect(error.retryable).toBe(false);
    expect(error.message).toContain(
      "refused the bot's ingest API token (HTTP 401): the ingest token expired or lacks authority",
    );
    expect(error.message).not.toContain(TOKEN);
  });

  it('says which UUID it expects and where to find it on 404, without retrying', async () => {
    const error = await rejectionOf(client.submissionState(SUBMISSION), ExternalServiceError);

    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`no submission with UUID ${SUBMISSION}`);
    expect(error.message).toContain(
      'ingest submission envelope UUID (shown on the submission’s page in the ingest UI)',
    );
  });

  it('retries an HTML 500 page', async () => {
    ingest.addSubmission(SUBMISSION);
    ingest.failNext('html-500');

    const error = await rejectionOf(client.submissionState(SUBMISSION), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toContain('HTTP 500 with an HTML error page');
  });

  it('retries when ingest does not answer in time', async () => {
    const impatient = createIngestClient({ baseUrl: ingest.url, timeoutMs: 100, token: fixedIngestToken(TOKEN) });
    ingest.failNext('hang');

    const error = await rejectionOf(impatient.submissionState(SUBMISSION), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/ at 127\.0\.0\.1:\d+ has not answered for 0\.1 s\.$/);
  });
});

describe('ingest adapter with odd answers (MockAgent)', () => {
  const origin = 'http://ingest.test';
  const { agent, client: mocked } = useMockedIngest(origin, TOKEN);

  function envelope() {
    return agent()
      .get(origin)
      .intercept({
        path: `/submissionEnvelopes/search/findByUuidUuid?uuid=${SUBMISSION}`,
        method: 'GET',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
  }

  it('sends the bearer token and reads a legacy state', async () => {
    envelope().reply(200, { uuid: { uuid: SUBMISSION }, submissionState: 'Valid' });

    expect(await mocked().submissionState(SUBMISSION)).toBe('Valid');
  });

  it('treats 403 like 401: a token without authority', async () => {
    envelope().reply(403, { error: 'Forbidden' });

    const error = await rejectionOf(mocked().submissionState(SUBMISSION), ExternalServiceError);

    expect(error.retryable).toBe(false);
    expect(error.message).toContain("refused the bot's ingest API token (HTTP 403)");
  });

  it('retries an envelope without submissionState', async () => {
    envelope().reply(200, { uuid: { uuid: SUBMISSION } });

    const error = await rejectionOf(mocked().submissionState(SUBMISSION), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toContain('unexpected shape (submissionState:');
  });
});
