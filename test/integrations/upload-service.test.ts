import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExternalServiceError } from '../../src/errors.js';
import { createUploadServiceClient, type UploadServiceClient } from '../../src/integrations/upload-service.js';
import { UploadServiceStandIn } from '../../src/sandbox/upload-service-stand-in.js';
import { rejectionOf } from '../support/http.js';

const AREA = '0b7e7f7c-2d1a-4e8b-b6a5-9c8d7e6f5a4b';
const UNKNOWN_AREA = '11111111-2d1a-4e8b-b6a5-9c8d7e6f5a4b';

describe('UploadServiceClient against the upload service stand-in', () => {
  let service: UploadServiceStandIn;
  let client: UploadServiceClient;
  const present = new Set(['run 2/cells+lane_R1.fastq.gz', 'é.txt', 'held.bam']);

  beforeAll(async () => {
    service = await new UploadServiceStandIn({
      checksumAfterReads: 1,
      fileExists: async (_area, name) => present.has(name),
    }).start();
    service.addArea(AREA);
    client = createUploadServiceClient({ baseUrl: service.url, timeoutMs: 500 });
  });
  afterAll(() => service.stop());

  it('notifies a copied file with a nested name, "+", a space and non-ASCII, and the service hears the name', async () => {
    await client.notify(AREA, 'run 2/cells+lane_R1.fastq.gz');
    await client.notify(AREA, 'é.txt');

    expect(service.notified).toEqual([
      { areaUuid: AREA, name: 'run 2/cells+lane_R1.fastq.gz' },
      { areaUuid: AREA, name: 'é.txt' },
    ]);
  });

  it('reads UNSCHEDULED before a notify, then CHECKSUMMING, then CHECKSUMMED', async () => {
    const before = await client.checksumStatus(AREA, 'held.bam');
    await client.notify(AREA, 'held.bam');
    const during = await client.checksumStatus(AREA, 'held.bam');
    const after = await client.checksumStatus(AREA, 'held.bam');

    expect([before, during, after]).toEqual(['UNSCHEDULED', 'CHECKSUMMING', 'CHECKSUMMED']);
  });

  it('refuses an unknown area, or a file not in the area, with a non-retryable error', async () => {
    const unknownArea = await rejectionOf(client.notify(UNKNOWN_AREA, 'é.txt'), ExternalServiceError);
    const noFile = await rejectionOf(client.notify(AREA, 'never-copied.bam'), ExternalServiceError);

    const host = new URL(service.url).host;
    expect(unknownArea.retryable).toBe(false);
    expect(unknownArea.message).toBe(
      `The upload service at ${host} knows no upload area ${UNKNOWN_AREA} or no file é.txt in it (HTTP 404).`,
    );
    expect(noFile.retryable).toBe(false);
  });

  it.each([
    ['an HTML 500 page', 'html-500' as const, 'answered HTTP 500 with an HTML error page'],
    [
      'a 503 with a JSON message',
      { status: 503, message: 'queue full' },
      'answered HTTP 503 with {"message":"queue full"}',
    ],
  ])('a notify answered with %s is retryable', async (_label, fault, words) => {
    service.failNext('notify', fault);

    const error = await rejectionOf(client.notify(AREA, 'é.txt'), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toContain(words);
  });

  it('a notify that gets no answer times out, retryably', async () => {
    service.failNext('notify', 'hang');

    const error = await rejectionOf(client.notify(AREA, 'é.txt'), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`The upload service at ${new URL(service.url).host} has not answered for 0.5 s.`);
  });

  it('a checksum status of malformed JSON is retryable', async () => {
    service.failNext('checksum', 'malformed-json');

    const error = await rejectionOf(client.checksumStatus(AREA, 'é.txt'), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`The upload service at ${new URL(service.url).host} answered with malformed JSON.`);
  });

  it('a file held by the checksummer stays CHECKSUMMING until released', async () => {
    await client.notify(AREA, 'held.bam');
    service.holdChecksum(AREA, 'held.bam');

    const held = [await client.checksumStatus(AREA, 'held.bam'), await client.checksumStatus(AREA, 'held.bam')];
    service.releaseChecksum(AREA, 'held.bam');
    const released = await client.checksumStatus(AREA, 'held.bam');

    expect(held).toEqual(['CHECKSUMMING', 'CHECKSUMMING']);
    expect(released).toBe('CHECKSUMMED');
  });
});
