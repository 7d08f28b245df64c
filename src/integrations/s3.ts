import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config.js';
import { awsClientConfig, type AwsClientOptions } from './aws.js';
import { ExternalServiceError } from '../errors.js';
import { s3CallError, type S3Call } from './s3-errors.js';

/** Sizes of objects in S3, read with a HEAD (no bytes are downloaded). */
export interface ObjectSizes {
  /**
   * The size in bytes of the object at `s3://bucket/key` (the key taken verbatim, as the archiver's plan gives it).
   * Rejects with an ExternalServiceError naming the URL, retryable unless S3 said no (4xx) or the URL is malformed.
   */
  size(s3Url: string): Promise<number>;
}

/** An S3 object being read: its size when S3 gives one, and its bytes as they come off the wire. */
export interface S3ObjectStream {
  size?: number;
  chunks: AsyncIterable<Uint8Array>;
}

/** Streams objects out of S3 (`GetObject` body), so a large CSV is parsed without being held whole. */
export interface ObjectStreams {
  /**
   * Opens `s3://bucket/key`. Rejects like `ObjectSizes.size`; a failure part-way through the body is a retryable
   * ExternalServiceError thrown by the iteration. Stopping the iteration early releases the connection.
   */
  open(s3Url: string): Promise<S3ObjectStream>;
}

const SERVICE = 'S3';

/** The call that failed, as its error names it. */
const call = (operation: 'HeadObject' | 'GetObject', s3Url: string): S3Call => ({
  operation,
  target: s3Url,
  permission: 's3:GetObject on it',
  notFound: 'NoSuchKey',
});

/** The S3 client for upload-area objects and HTAN metadata files, configured from `config.aws`. */
export function createS3Client(aws: Config['aws'], options: AwsClientOptions): S3Client {
  return new S3Client({
    ...awsClientConfig(aws, aws.s3Endpoint, options),
    forcePathStyle: aws.s3ForcePathStyle,
    followRegionRedirects: true,
  });
}

export function createObjectSizes(client: S3Client): ObjectSizes {
  return {
    async size(s3Url) {
      const { bucket, key } = parseS3Url(s3Url);
      let length: number | undefined;
      try {
        ({ ContentLength: length } = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
      } catch (error) {
        throw s3CallError(call('HeadObject', s3Url), error);
      }
      if (length === undefined) {
        throw new ExternalServiceError(SERVICE, `S3 gave no size for ${s3Url}.`, { retryable: false });
      }
      return length;
    },
  };
}

export function createObjectStreams(client: S3Client): ObjectStreams {
  return {
    async open(s3Url) {
      const { bucket, key } = parseS3Url(s3Url);
      let output;
      try {
        output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        throw s3CallError(call('GetObject', s3Url), error);
      }
      const body = output.Body as AsyncIterable<Uint8Array> | undefined;
      if (!body) throw new ExternalServiceError(SERVICE, `S3 sent no body for ${s3Url}.`);
      return {
        ...(output.ContentLength !== undefined ? { size: output.ContentLength } : {}),
        chunks: guarded(s3Url, body),
      };
    },
  };
}

async function* guarded(s3Url: string, body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* body;
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'the connection broke';
    throw new ExternalServiceError(SERVICE, `S3 stopped sending ${s3Url} part-way (${code}).`, { cause: error });
  }
}

function parseS3Url(s3Url: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(s3Url);
  if (!match) {
    throw new ExternalServiceError(SERVICE, `"${s3Url}" is not an s3://bucket/key URL.`, { retryable: false });
  }
  return { bucket: match[1] as string, key: match[2] as string };
}
