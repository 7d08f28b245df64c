import type { S3CallError } from '../../integrations/s3-errors.js';

/** Whether a failure is a named S3 error (workflows see S3CallError by its shape: they import integrations as types). */
export const isS3Error = (error: unknown): error is S3CallError =>
  typeof error === 'object' && error !== null && 'problem' in error && 'retryable' in error;
