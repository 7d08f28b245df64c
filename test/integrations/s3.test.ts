import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { configSecrets, loadConfig, type Config } from '../../src/config.js';
import { ExternalServiceError } from '../../src/errors.js';
import { createS3Client, createObjectSizes } from '../../src/integrations/s3.js';
import { createLogger } from '../../src/logger.js';
import { Redactor } from '../../src/redactor.js';

const AWS_SECRET = 'test-aws-secret-access-key-0c7f';

function buildConfig(s3Endpoint: string): Config {
  return loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 'test-signing-secret',
    AWS_ENDPOINT_URL_S3: s3Endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: 'AKIATEST',
    AWS_SECRET_ACCESS_KEY: AWS_SECRET,
  });
}

function buildClient(s3Endpoint: string, lines: string[] = [], timeoutMs = 2000): S3Client {
  const config = buildConfig(s3Endpoint);
  const logger = createLogger({
    level: 'debug',
    redactor: new Redactor(configSecrets(config)),
    sink: (line) => lines.push(line),
  });
  return createS3Client(config.aws, { logger, timeoutMs });
}

async function rejection(promise: Promise<unknown>): Promise<ExternalServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExternalServiceError);
  return error as ExternalServiceError;
}

describe('ObjectSizes against a real S3-compatible server', () => {
  const bucket = `hca-s3-test-${randomUUID().slice(0, 8)}`;
  const lines: string[] = [];
  let client: S3Client;

  beforeAll(async () => {
    client = buildClient(inject('s3Endpoint'), lines);
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const objects: Record<string, string> = {
      'sub/x_R1.fastq.gz': 'hello',
      'sub/x R1+lane 2.fastq.gz': 'twelve bytes',
      'sub/a+b': 'plus',
      'sub/a b': 'a space',
      'sub/deep/empty.bam': '',
    };
    for (const [key, body] of Object.entries(objects)) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    }
  });

  it('gives the size of objects whose keys hold slashes, "+" and spaces, taking "+" literally', async () => {
    const sizes = createObjectSizes(client);

    const read = await Promise.all(
      ['sub/x_R1.fastq.gz', 'sub/x R1+lane 2.fastq.gz', 'sub/a+b', 'sub/a b', 'sub/deep/empty.bam'].map((key) =>
        sizes.size(`s3://${bucket}/${key}`),
      ),
    );

    expect(read).toEqual([5, 12, 4, 7, 0]);
  });

  it('rejects a missing object with a non-retryable error naming the URL', async () => {
    const url = `s3://${bucket}/sub/missing R2+.fastq.gz`;

    const error = await rejection(createObjectSizes(client).size(url));

    expect(error.retryable).toBe(false);
    expect(error.service).toBe('S3');
    expect(error.message).toBe(`S3 HeadObject on ${url} failed: the object does not exist (NoSuchKey).`);
  });

  it('rejects a URL that is not s3://bucket/key before calling S3', async () => {
    const sizes = createObjectSizes(client);

    for (const url of [`https://${bucket}.s3.amazonaws.com/sub/a+b`, `s3://${bucket}/`, `s3://${bucket}`]) {
      const error = await rejection(sizes.size(url));
      expect(error.retryable).toBe(false);
      expect(error.message).toBe(`"${url}" is not an s3://bucket/key URL.`);
    }
  });

  it('keeps the AWS secret out of debug logs and error messages', async () => {
    const sizes = createObjectSizes(client);

    await sizes.size(`s3://${bucket}/sub/a+b`);
    const error = await rejection(sizes.size(`s3://${bucket}/sub/missing`));

    expect(lines.some((l) => l.includes('"source":"aws-sdk"'))).toBe(true);
    expect(lines.filter((l) => l.includes(AWS_SECRET))).toEqual([]);
    expect(error.message).not.toContain(AWS_SECRET);
  });
});

describe('ObjectSizes when S3 fails', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  async function serve(handler: RequestListener): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it.each([
    [
      403,
      false,
      "S3 refused HeadObject on s3://bucket/k (AccessDenied): the bot's AWS identity needs s3:GetObject on it.",
    ],
    [400, false, 'S3 answered 400 (no code) to HeadObject on s3://bucket/k.'],
    [500, true, 'S3 answered 500 (no code) to HeadObject on s3://bucket/k.'],
    [503, true, 'S3 answered 503 (no code) to HeadObject on s3://bucket/k.'],
  ])('an HTTP %i answer gives retryable=%s', async (status, retryable, message) => {
    const endpoint = await serve((_request, response) => {
      response.statusCode = status;
      response.end();
    });

    const error = await rejection(createObjectSizes(buildClient(endpoint)).size('s3://bucket/k'));

    expect(error.retryable).toBe(retryable);
    expect(error.message).toBe(message);
  });

  it('a refused connection is retryable and says why', async () => {
    const endpoint = await serve(() => undefined);
    server?.close();

    const error = await rejection(createObjectSizes(buildClient(endpoint)).size('s3://bucket/k'));

    expect(error.retryable).toBe(true);
    expect(error.message).toBe('S3 could not be reached for HeadObject on s3://bucket/k (ECONNREFUSED).');
  });

  it('a HEAD that gets no answer times out and is retryable', async () => {
    const endpoint = await serve(() => undefined);

    const error = await rejection(createObjectSizes(buildClient(endpoint, [], 200)).size('s3://bucket/k'));

    expect(error.retryable).toBe(true);
    expect(error.message).toBe('S3 could not be reached for HeadObject on s3://bucket/k (ETIMEDOUT).');
  });
});
