import type { Config } from '../config.js';
import { toAwsLogger, type Logger } from '../logger.js';

export interface AwsClientOptions {
  logger: Logger;
  /** Bound on connecting and on one request; a closed network must not hold a run for minutes. */
  timeoutMs: number;
}

/** What every AWS SDK client of the bot shares: region, credentials, few retries, timeouts, the redacting logger. */
export function awsClientConfig(aws: Config['aws'], endpoint: string | undefined, options: AwsClientOptions) {
  return {
    region: aws.region,
    ...(endpoint ? { endpoint } : {}),
    ...(aws.credentials ? { credentials: aws.credentials } : {}),
    maxAttempts: 2,
    requestHandler: {
      connectionTimeout: options.timeoutMs,
      requestTimeout: options.timeoutMs,
      throwOnRequestTimeout: true,
    },
    logger: toAwsLogger(options.logger),
  };
}
