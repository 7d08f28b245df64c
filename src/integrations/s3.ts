import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config.js';
import { awsClientConfig, type AwsClientOptions } from './aws.js';
import { ExternalServiceError } from '../errors.js';

/** Sizes of objects in S3, read with a HEAD (no bytes are downloaded). */
export interface ObjectSizes {
  /**
   * The size in bytes of the object at `s3://bucket/key` (the key taken verbatim, as the archiver's plan gives it).
   * Rejects with an ExternalServiceError naming the URL, retryable unless S3 said no (4xx) or the URL is malformed.
   */
  size(s3Url: string): Promise<number>;
}

const SERVICE = 'S3';

/** The S3 client for HEADs of upload-area objects, configured from `config.aws`. */
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
        throw headError(s3Url, error);
      }
      if (length === undefined) {
        throw new ExternalServiceError(SERVICE, `S3 gave no size for ${s3Url}.`, { retryable: false });
      }
      return length;
    },
  };
}

function parseS3Url(s3Url: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(s3Url);
  if (!match) {
    throw new ExternalServiceError(SERVICE, `"${s3Url}" is not an s3://bucket/key URL.`, { retryable: false });
  }
  return { bucket: match[1] as string, key: match[2] as string };
}

function headError(s3Url: string, error: unknown): ExternalServiceError {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = fields.$metadata?.httpStatusCode;
  const fail = (message: string, retryable: boolean) =>
    new ExternalServiceError(SERVICE, message, { cause: error, retryable });
  if (status === 404) return fail(`S3 has no object at ${s3Url} (404).`, false);
  if (status === 403) {
    return fail(`S3 refused to HEAD ${s3Url} (403): the bot's AWS identity needs s3:GetObject on it.`, false);
  }
  if (status !== undefined) {
    const retryable = status >= 500 || status === 429;
    return fail(`S3 answered ${status} to the HEAD of ${s3Url}.`, retryable);
  }
  if (fields.name === 'CredentialsProviderError') {
    return fail(`No AWS credentials to HEAD ${s3Url} (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).`, false);
  }
  return fail(`S3 could not be reached to HEAD ${s3Url} (${fields.code ?? fields.name ?? 'network error'}).`, true);
}
