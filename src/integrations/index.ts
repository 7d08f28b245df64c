import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { webApi } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { ENVIRONMENTS, type Environment } from '../environments.js';
import type { Logger, Redactor } from '../logger.js';
import { createArchiverClient, type ArchiverClient } from './archiver.js';
import { awsClientConfig } from './aws.js';
import { createIngestClient } from './ingest.js';
import { keyedArchiver, type EnvironmentArchiver } from './keyed-archiver.js';
import { createObjectSizes, createS3Client, type ObjectSizes } from './s3.js';
import { createArchiverKeySource, type ArchiverKeySource } from './secrets.js';
import { SlackGateway } from './slack.js';
import { createUploadAreaStorage, type UploadAreaStorage } from './upload-areas.js';
import { createUploadServiceClient, type UploadServiceClient } from './upload-service.js';
import { UserZones } from './user-zones.js';

/** S3 may take minutes to answer one CopyObject of up to 5 GB (or an UploadPartCopy of a large part). */
const S3_COPY_TIMEOUT_MS = 15 * 60_000;

/** Every remote service the bot talks to, each behind its narrow interface. */
export interface Integrations {
  slack: SlackGateway;
  /** Each reader's time zone from their Slack profile. */
  userZones: UserZones;
  archivers: Record<Environment, ArchiverClient>;
  archiverKeys: ArchiverKeySource;
  /** One environment's archiver with its API key fetched, cached and refreshed on a 401. */
  archiver(env: Environment): EnvironmentArchiver;
  /** The ingest submission's state; undefined when INGEST_API_TOKEN is not set. */
  ingestState?: (env: Environment, submissionUuid: string) => Promise<string>;
  objectSizes: ObjectSizes;
  /** Secure and ingest upload areas in S3: listed, read under a cap, copied server-side. */
  uploadAreas: UploadAreaStorage;
  /** Each environment's upload service; undefined where UPLOAD_SERVICE_URL_<ENV> is set empty. */
  uploadServices: Record<Environment, UploadServiceClient | undefined>;
  /** The submission's upload area location in ingest; undefined when INGEST_API_TOKEN is not set. */
  ingestUploadArea?: (env: Environment, submissionUuid: string) => Promise<string | undefined>;
  /** Releases the AWS clients' connections. */
  close(): void;
}

/** What the integrations need besides configuration: the Slack Web API client, time, logs and pacing. */
export interface IntegrationOptions {
  slackClient: webApi.WebClient;
  clock: Clock;
  logger: Logger;
  redactor: Redactor;
  timings: {
    slackPostIntervalMs: number;
    slackRateLimitRetries: number;
    httpTimeoutMs: number;
    awsTimeoutMs: number;
    userZoneTtlMs: number;
  };
}

/** Builds every integration from the configuration. */
export function createIntegrations(config: Config, options: IntegrationOptions): Integrations {
  const { clock, logger, redactor, timings } = options;
  const slack = new SlackGateway({
    client: options.slackClient,
    logger: logger.child('slack-gateway'),
    postIntervalMs: timings.slackPostIntervalMs,
    rateLimitRetries: timings.slackRateLimitRetries,
  });
  const secretsClient = new SecretsManagerClient(
    awsClientConfig(config.aws, config.aws.secretsManagerEndpoint, {
      logger: logger.child('secrets-manager'),
      timeoutMs: timings.awsTimeoutMs,
    }),
  );
  const archiverKeys = createArchiverKeySource({
    client: secretsClient,
    secretIdTemplate: config.archiverKey.secretIdTemplate,
    fieldTemplate: config.archiverKey.fieldTemplate,
    cacheTtlMs: config.archiverKey.cacheTtlMs,
    clock,
    redactor,
  });
  const archivers = perEnvironment((env) =>
    createArchiverClient({ baseUrl: config.archiverUrls[env], timeoutMs: timings.httpTimeoutMs }),
  );
  const ingests = perEnvironment((env) =>
    createIngestClient({ baseUrl: config.ingestApiUrls[env], timeoutMs: timings.httpTimeoutMs }),
  );
  const ingestToken = config.ingestApiToken;
  const s3Client = createS3Client(config.aws, { logger: logger.child('s3'), timeoutMs: timings.awsTimeoutMs });
  const areaClient = createS3Client(config.aws, {
    logger: logger.child('s3-upload-areas'),
    timeoutMs: timings.awsTimeoutMs,
    requestTimeoutMs: S3_COPY_TIMEOUT_MS,
  });
  const { uploadAreas } = config;
  return {
    slack,
    userZones: new UserZones({ slack, clock, logger: logger.child('user-zones'), ttlMs: timings.userZoneTtlMs }),
    archivers,
    archiverKeys,
    archiver: (env) => keyedArchiver(archivers[env], archiverKeys, env),
    ingestState: ingestToken ? (env, uuid) => ingests[env].submissionState(uuid, ingestToken) : undefined,
    objectSizes: createObjectSizes(s3Client),
    uploadAreas: createUploadAreaStorage(areaClient, {
      multipartThresholdBytes: uploadAreas.multipartThresholdBytes,
      partSizeBytes: uploadAreas.partSizeBytes,
      partConcurrency: uploadAreas.syncConcurrency,
    }),
    uploadServices: perEnvironment((env) => {
      const baseUrl = uploadAreas.serviceUrls[env];
      return baseUrl ? createUploadServiceClient({ baseUrl, timeoutMs: timings.httpTimeoutMs }) : undefined;
    }),
    ingestUploadArea: ingestToken ? (env, uuid) => ingests[env].uploadAreaLocation(uuid, ingestToken) : undefined,
    close() {
      secretsClient.destroy();
      s3Client.destroy();
      areaClient.destroy();
    },
  };
}

function perEnvironment<T>(create: (env: Environment) => T): Record<Environment, T> {
  return Object.fromEntries(ENVIRONMENTS.map((env) => [env, create(env)])) as Record<Environment, T>;
}
