import { ExternalServiceError } from '../errors.js';

/** What went wrong with an S3 call, in the words the thread uses. */
export type S3Problem =
  | 'AccessDenied'
  | 'NoSuchBucket'
  | 'NoSuchKey'
  | 'NoSuchUpload'
  | 'Throttled'
  | 'ServerError'
  | 'SourceChanged'
  | 'Refused'
  | 'NoCredentials'
  | 'Unreachable'
  /** A listing over several pages came back out of key order, so keys may have been skipped. */
  | 'UntrustedListing';

/** An S3 call that failed: `problem` for code, `s3Code` as S3 named it (SlowDown, InternalError, …). */
export class S3CallError extends ExternalServiceError {
  readonly problem: S3Problem;
  readonly s3Code: string | undefined;

  constructor(problem: S3Problem, s3Code: string | undefined, message: string, cause: unknown, retryable: boolean) {
    super('S3', message, { cause, retryable });
    this.problem = problem;
    this.s3Code = s3Code;
  }
}

/** The call that failed, for the message: `ListObjectsV2 on s3://bucket/prefix/` needs `s3:ListBucket`. */
export interface S3Call {
  operation: string;
  target: string;
  permission: string;
  /** What a 404 without a body (HEAD) means for this call. */
  notFound?: 'NoSuchBucket' | 'NoSuchKey';
}

const THROTTLING_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'TooManyRequestsException',
]);

interface SdkErrorFields {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

/** Names an S3 failure in one sentence that says what to fix; throttling, 5xx and network faults are retryable. */
export function s3CallError(call: S3Call, error: unknown): S3CallError {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorFields;
  const status = fields.$metadata?.httpStatusCode;
  // A HEAD's error has no body to name it: the SDK then says `Unknown`.
  const code = status === undefined || fields.name === 'Unknown' ? undefined : fields.name;
  const { operation, target } = call;
  const fail = (problem: S3Problem, message: string, retryable: boolean, s3Code = code) =>
    new S3CallError(problem, s3Code, message, error, retryable);

  if (code === 'AccessDenied' || status === 403) {
    return fail(
      'AccessDenied',
      `S3 refused ${operation} on ${target} (AccessDenied): the bot's AWS identity needs ${call.permission}.`,
      false,
      'AccessDenied',
    );
  }
  const missing = code === 'NoSuchBucket' || code === 'NoSuchKey' ? code : status === 404 ? call.notFound : undefined;
  if (missing === 'NoSuchBucket') {
    return fail(
      'NoSuchBucket',
      `S3 ${operation} on ${target} failed: the bucket does not exist (NoSuchBucket).`,
      false,
      missing,
    );
  }
  if (missing === 'NoSuchKey') {
    return fail(
      'NoSuchKey',
      `S3 ${operation} on ${target} failed: the object does not exist (NoSuchKey).`,
      false,
      missing,
    );
  }
  if (code === 'NoSuchUpload') {
    return fail(
      'NoSuchUpload',
      `S3 ${operation} on ${target} failed: the multipart upload is gone (NoSuchUpload).`,
      true,
    );
  }
  if ((code && THROTTLING_CODES.has(code)) || status === 429 || fields.$retryable?.throttling) {
    return fail('Throttled', `S3 asked the bot to slow down on ${operation} of ${target} (${code ?? status}).`, true);
  }
  if (code === 'PreconditionFailed' || status === 412) {
    return fail('SourceChanged', `The source of ${operation} on ${target} changed while it was being copied.`, true);
  }
  if (status !== undefined && status >= 500) {
    return fail('ServerError', `S3 answered ${status} (${code ?? 'no code'}) to ${operation} on ${target}.`, true);
  }
  if (status !== undefined) {
    return fail('Refused', `S3 answered ${status} (${code ?? 'no code'}) to ${operation} on ${target}.`, false);
  }
  if (fields.name === 'CredentialsProviderError') {
    return fail(
      'NoCredentials',
      `No AWS credentials for ${operation} on ${target}: the bot found none where the AWS SDK looks (see the README's AWS section).`,
      false,
    );
  }
  const cause = fields.code ?? fields.name ?? 'network error';
  return fail('Unreachable', `S3 could not be reached for ${operation} on ${target} (${cause}).`, true);
}
