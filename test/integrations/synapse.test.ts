import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExternalServiceError } from '../../src/errors.js';
import { createSynapseClient, SynapseUserNotFoundError, type SynapseClient } from '../../src/integrations/synapse.js';
import { SynapseStandIn } from '../../src/sandbox/synapse-stand-in.js';
import { rejectionOf, useMockAgent } from '../support/http.js';

describe('Synapse adapter against the stand-in', () => {
  let synapse: SynapseStandIn;
  let client: SynapseClient;

  beforeEach(async () => {
    synapse = await new SynapseStandIn().start();
    synapse
      .addUser({ id: '3412345', userName: 'jdoe', record: { passed: true, passedOn: '2024-05-01T09:00:00.000Z' } })
      .addUser({ id: '3400001', userName: 'never' })
      .addUser({ id: '3400002', userName: 'failed', record: { passed: false } })
      .addUser({
        id: '3400003',
        userName: 'revoked',
        record: { passed: true, revoked: true, revokedOn: '2025-02-01T00:00:00.000Z' },
      });
    client = createSynapseClient({ baseUrl: synapse.url, timeoutMs: 2000 });
  });
  afterEach(async () => {
    await synapse.stop();
  });

  it('resolves a username with the alias call Synapse documents', async () => {
    expect(await client.userId('JDoe')).toBe('3412345');
    expect(synapse.requests).toMatchObject([
      { method: 'POST', route: 'alias', body: { alias: 'JDoe', type: 'USER_NAME' } },
    ]);
  });

  it('rejects an unknown username as the person’s mistake', async () => {
    const error = await rejectionOf(client.userId('nobody'), SynapseUserNotFoundError);

    expect(error.message).toBe('Synapse has no user named "nobody". Check the spelling, or give the numeric user id.');
  });

  it('reads certified, never passed (404), failed and revoked', async () => {
    const statuses = await Promise.all(
      ['3412345', '3400001', '3400002', '3400003', '999'].map((id) => client.certification(id)),
    );

    expect(statuses).toEqual([
      { status: 'certified', passedOn: '2024-05-01T09:00:00.000Z' },
      { status: 'never-passed' },
      { status: 'failed' },
      { status: 'revoked', revokedOn: '2025-02-01T00:00:00.000Z' },
      { status: 'never-passed' },
    ]);
  });

  it('retries a 5xx and an HTML error page', async () => {
    synapse.failNext('passingRecord', { status: 503, message: 'down' });
    synapse.failNext('alias', 'html-500');

    const status = await rejectionOf(client.certification('3412345'), ExternalServiceError);
    const page = await rejectionOf(client.userId('jdoe'), ExternalServiceError);

    expect(status.retryable).toBe(true);
    expect(status.message).toMatch(/^Synapse at 127\.0\.0\.1:[0-9]+ answered HTTP 503/);
    expect(page.retryable).toBe(true);
    expect(page.message).toMatch(/answered HTTP 500 with an HTML error page\.$/);
  });

  it('retries when Synapse does not answer in time', async () => {
    const impatient = createSynapseClient({ baseUrl: synapse.url, timeoutMs: 100 });
    synapse.failNext('passingRecord', 'hang');

    const error = await rejectionOf(impatient.certification('3412345'), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^Synapse at 127\.0\.0\.1:[0-9]+ has not answered for [0-9.]+ m?s\.$/);
  });

  it('retries malformed JSON', async () => {
    synapse.failNext('passingRecord', 'malformed-json');

    const error = await rejectionOf(client.certification('3412345'), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toContain('answered with malformed JSON');
  });
});

describe('Synapse adapter with odd answers (MockAgent)', () => {
  const origin = 'http://synapse.test';
  const agent = useMockAgent();
  let client: SynapseClient;

  beforeEach(() => {
    client = createSynapseClient({ baseUrl: origin, timeoutMs: 1000, dispatcher: agent() });
  });

  it('does not read a 404 page of a wrong base URL as "never passed"', async () => {
    agent()
      .get(origin)
      .intercept({ path: '/repo/v1/user/1/certifiedUserPassingRecord' })
      .reply(404, '<html><body>Not Found</body></html>', { headers: { 'content-type': 'text/html' } });

    const error = await rejectionOf(client.certification('1'), ExternalServiceError);

    expect(error.retryable).toBe(false);
    expect(error.message).toContain('HTTP 404 with an HTML error page');
  });

  it('quotes Synapse’s reason on a 4xx and does not retry it', async () => {
    agent()
      .get(origin)
      .intercept({ path: '/repo/v1/principal/alias', method: 'POST' })
      .reply(400, { reason: 'Alias type is not supported' });

    const error = await rejectionOf(client.userId('x'), ExternalServiceError);

    expect(error.retryable).toBe(false);
    expect(error.message).toBe('Synapse at synapse.test refused the request (HTTP 400): Alias type is not supported');
  });

  it('derives certified from passed when an older record has no certified field', async () => {
    agent()
      .get(origin)
      .intercept({ path: '/repo/v1/user/7/certifiedUserPassingRecord' })
      .reply(200, { passed: true, passedOn: '2020-01-01T00:00:00.000Z' });

    expect(await client.certification('7')).toEqual({ status: 'certified', passedOn: '2020-01-01T00:00:00.000Z' });
  });

  it('rejects a record of an unexpected shape as retryable', async () => {
    agent().get(origin).intercept({ path: '/repo/v1/user/7/certifiedUserPassingRecord' }).reply(200, { passed: 'yes' });

    const error = await rejectionOf(client.certification('7'), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toContain('JSON of an unexpected shape (passed:');
  });
});
