import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ExternalServiceError } from '../errors.js';

/** An S3 object being read: its size when S3 gives one, and its bytes as they come off the wire. */
export interface S3ObjectStream {
  size?: number;
  chunks: AsyncIterable<Uint8Array>;
}

/** Streams objects out of S3 (`GetObject` body), so a large CSV is parsed without being held whole. */
export interface ObjectStreams {
  /**
   * Opens `s3://bucket/key`. Rejects with an ExternalServiceError naming the URL (not retryable for 403/404 or a
   * malformed URL); a failure part-way through the body is a retryable one thrown by the iteration.
   */
  open(s3Url: string): Promise<S3ObjectStream>;
}

const SERVICE = 'S3';

export function createObjectStreams(client: S3Client): ObjectStreams {
  return {
    async open(s3Url) {
      const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(s3Url);
      if (!match) {
        throw new ExternalServiceError(SERVICE, `"${s3Url}" is not an s3://bucket/key URL.`, { retryable: false });
      }
      let output;
      try {
        output = await client.send(new GetObjectCommand({ Bucket: match[1], Key: match[2] }));
      } catch (error) {
        throw getError(s3Url, error);
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

function getError(s3Url: string, error: unknown): ExternalServiceError {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = fields.$metadata?.httpStatusCode;
  const fail = (message: string, retryable: boolean) =>
    new ExternalServiceError(SERVICE, message, { cause: error, retryable });
  if (status === 404) return fail(`S3 has no object at ${s3Url} (404).`, false);
  if (status === 403)
    return fail(`S3 refused to read ${s3Url} (403): the bot's AWS identity needs s3:GetObject on it.`, false);
  if (status !== undefined) return fail(`S3 answered ${status} to reading ${s3Url}.`, status >= 500 || status === 429);
  return fail(`S3 could not be reached to read ${s3Url} (${fields.code ?? fields.name ?? 'network error'}).`, true);
}
