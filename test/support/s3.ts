import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config.js';
import { createS3Client } from '../../src/integrations/s3.js';
import { createLogger } from '../../src/logger.js';
import { Redactor } from '../../src/redactor.js';

/** The bot's S3 client pointed at a loopback S3 server (path-style, test credentials, quiet logger). */
export function testS3Client(endpoint: string, timeoutMs = 5000): S3Client {
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 'test-signing-secret',
    AWS_ENDPOINT_URL_S3: endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: 'AKIATEST',
    AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
  });
  const logger = createLogger({ level: 'error', redactor: new Redactor([]), sink: () => undefined });
  return createS3Client(config.aws, { logger, timeoutMs });
}

export function uniqueBucket(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

export interface TestObject {
  body: string | Uint8Array;
  contentType?: string;
  /** URL-encoded tags, as PutObject takes them (`name=My%20area`). */
  tagging?: string;
}

/** Creates `bucket` and puts `objects` (key → body or TestObject) into it. */
export async function seedBucket(
  client: S3Client,
  bucket: string,
  objects: Record<string, string | Uint8Array | TestObject>,
): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const [key, value] of Object.entries(objects)) {
    const object = typeof value === 'string' || value instanceof Uint8Array ? { body: value } : value;
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: sized(object.body),
        ContentType: object.contentType,
        Tagging: object.tagging,
      }),
    );
  }
}

/** A body the SDK can size: an empty string sets no Content-Length, and the SDK then warns of a stream of unknown length. */
export function sized(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? Buffer.from(body) : body;
}
