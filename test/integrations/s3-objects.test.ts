import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ExternalServiceError, UserInputError } from '../../src/errors.js';
import { createObjectStreams, createS3Client } from '../../src/integrations/s3.js';
import { createLogger } from '../../src/logger.js';
import { Redactor } from '../../src/redactor.js';
import { checkMetadataFile } from '../../src/workflows/htan/check-file.js';
import { rejectionOf } from '../support/http.js';

const ROWS = 100_000;

function s3Client(): S3Client {
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 'test-signing-secret',
    AWS_ENDPOINT_URL_S3: inject('s3Endpoint'),
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: 'AKIATEST',
    AWS_SECRET_ACCESS_KEY: 'test-secret',
  });
  const logger = createLogger({ level: 'error', redactor: new Redactor(), sink: () => undefined });
  return createS3Client(config.aws, { logger, timeoutMs: 5000 });
}

function manifest(rows: number, badLine?: number): string {
  const lines = ['HTAN_BIOSPECIMEN_ID,HTAN_PARENT_ID,AGE_IN_DAYS_AT_SPECIMEN_COLLECTION,NOTES'];
  for (let i = 1; i <= rows; i++) {
    lines.push(i + 1 === badLine ? 'a\tb\tc\td' : `HTA209_${i}_B1,HTA209_${i},${20_000 + (i % 5000)},ok`);
  }
  return `${lines.join('\n')}\n`;
}

describe('ObjectStreams: an S3 object streamed through the parser', () => {
  const bucket = `htan-${randomUUID().slice(0, 8)}`;
  let client: S3Client;

  beforeAll(async () => {
    client = s3Client();
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'big.csv', Body: manifest(ROWS) }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'mixed.csv', Body: manifest(ROWS, 4) }));
  });

  it('checks every row as the body arrives in pieces, never the whole object at once', async () => {
    const object = await createObjectStreams(client).open(`s3://${bucket}/big.csv`);
    const sizes: number[] = [];
    async function* counted() {
      for await (const chunk of object.chunks) {
        sizes.push(chunk.length);
        yield chunk;
      }
    }

    const report = await checkMetadataFile(
      { name: 'big.csv', chunks: counted() },
      { maxWorkbookBytes: 1024, currentYear: 2026 },
    );

    expect(report.file.rows).toBe(ROWS);
    expect(report.verdict).toBe('clean');
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(object.size);
    expect(sizes.length).toBeGreaterThan(10);
    expect(Math.max(...sizes)).toBeLessThan(object.size! / 10);
  });

  it('stops reading and releases the body when the file turns out bad', async () => {
    const streams = createObjectStreams(client);
    const object = await streams.open(`s3://${bucket}/mixed.csv`);
    let read = 0;
    async function* counted() {
      for await (const chunk of object.chunks) {
        read += chunk.length;
        yield chunk;
      }
    }

    const error = await rejectionOf(
      checkMetadataFile({ name: 'mixed.csv', chunks: counted() }, { maxWorkbookBytes: 1024, currentYear: 2026 }),
      UserInputError,
    );

    expect(error.message).toBe(
      'mixed.csv mixes delimiters: the header uses commas but line 4 uses tabs. Save it as CSV UTF-8 or TSV and check again.',
    );
    expect(read).toBeLessThan(object.size! / 2);
    const again = await streams.open(`s3://${bucket}/big.csv`);
    for await (const chunk of again.chunks) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
  });

  it('rejects a missing object and a malformed URL without retrying', async () => {
    const streams = createObjectStreams(client);

    const missing = await rejectionOf(streams.open(`s3://${bucket}/nope.csv`), ExternalServiceError);
    const malformed = await rejectionOf(streams.open(`https://${bucket}/x.csv`), ExternalServiceError);

    expect([missing.retryable, malformed.retryable]).toEqual([false, false]);
    expect(missing.message).toBe(
      `S3 GetObject on s3://${bucket}/nope.csv failed: the object does not exist (NoSuchKey).`,
    );
    expect(malformed.message).toBe(`"https://${bucket}/x.csv" is not an s3://bucket/key URL.`);
  });
});
