import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { webApi } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { ENVIRONMENTS, type Environment } from '../environments.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redactor.js';
import { createArchiverClient, type ArchiverClient } from './archiver.js';
import { awsClientConfig } from './aws.js';
import { createAzulClient, type AzulClient } from './azul.js';
import { createIngestClient, type IngestClient } from './ingest.js';
import { fileIngestToken, fixedIngestToken, type IngestTokenSource } from './ingest-token.js';
import { createPacer } from './pacer.js';
import { keyedArchiver, type EnvironmentArchiver } from './keyed-archiver.js';
import { createObjectSizes, createObjectStreams, createS3Client, type ObjectSizes, type ObjectStreams } from './s3.js';
import { createArchiverKeySource, type ArchiverKeySource } from './secrets.js';
import { createSlackFiles, type SlackFiles } from './slack-files.js';
import { SlackGateway } from './slack.js';
import { createUploadAreaStorage, type UploadAreaStorage } from './upload-areas.js';
import { createUploadServiceClient, type UploadServiceClient } from './upload-service.js';
import { createSynapseClient, type SynapseClient } from './synapse.js';
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
  /** Each environment's ingest API; undefined when no ingest token is configured. */
  ingest?: Record<Environment, IngestClient>;
  /** The ingest submission's state; undefined when no ingest token is configured. */
  ingestState?: (env: Environment, submissionUuid: string) => Promise<string>;
  /** The HCA Data Portal's backend, one request a second at most. */
  azul: AzulClient;
  objectSizes: ObjectSizes;
  /** HTAN metadata files in S3, streamed. */
  objectStreams: ObjectStreams;
  /** Files shared in Slack, read with the bot token. */
  slackFiles: SlackFiles;
  synapse: SynapseClient;
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
    userZoneTtlMs: number;
    /** Least time between two Azul requests. */
    azulIntervalMs: number;
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
    timeoutMs: config.httpTimeoutMs,
    redactor,
  });
  const secretsClient = new SecretsManagerClient(
    awsClientConfig(config.aws, config.aws.secretsManagerEndpoint, {
      logger: logger.child('secrets-manager'),
      timeoutMs: config.httpTimeoutMs,
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
    createArchiverClient({ baseUrl: config.archiverUrls[env], timeoutMs: config.httpTimeoutMs }),
  );
  const token = ingestTokenSource(config, redactor);
  const ingest = token
    ? perEnvironment((env) =>
        createIngestClient({ baseUrl: config.ingestApiUrls[env], timeoutMs: config.httpTimeoutMs, token }),
      )
    : undefined;
  const s3Client = createS3Client(config.aws, { logger: logger.child('s3'), timeoutMs: config.httpTimeoutMs });
  const { uploadAreas } = config;
  return {
    slack,
    userZones: new UserZones({ slack, clock, logger: logger.child('user-zones'), ttlMs: timings.userZoneTtlMs }),
    archivers,
    archiverKeys,
    archiver: (env) => keyedArchiver(archivers[env], archiverKeys, env),
    ingest,
    ingestState: ingest ? (env, uuid) => ingest[env].submissionState(uuid) : undefined,
    azul: createAzulClient({
      baseUrl: config.azulUrl,
      timeoutMs: config.httpTimeoutMs,
      clock,
      pacer: createPacer({ intervalMs: timings.azulIntervalMs, clock, sleep }),
    }),
    objectSizes: createObjectSizes(s3Client),
    objectStreams: createObjectStreams(s3Client),
    slackFiles: createSlackFiles({ slack, botToken: config.slack.botToken, timeoutMs: config.httpTimeoutMs }),
    synapse: createSynapseClient({
      baseUrl: config.htan.synapseUrl,
      ...(config.htan.synapseToken ? { token: config.htan.synapseToken } : {}),
      timeoutMs: config.httpTimeoutMs,
    }),
    uploadAreas: createUploadAreaStorage(s3Client, {
      multipartThresholdBytes: uploadAreas.multipartThresholdBytes,
      partSizeBytes: uploadAreas.partSizeBytes,
      partConcurrency: uploadAreas.syncConcurrency,
      copyTimeoutMs: S3_COPY_TIMEOUT_MS,
    }),
    uploadServices: perEnvironment((env) => {
      const baseUrl = uploadAreas.serviceUrls[env];
      return baseUrl ? createUploadServiceClient({ baseUrl, timeoutMs: config.httpTimeoutMs }) : undefined;
    }),
    ingestUploadArea: ingest
      ? async (env, uuid) => (await ingest[env].submission(uuid)).uploadArea ?? undefined
      : undefined,
    close() {
      secretsClient.destroy();
      s3Client.destroy();
    },
  };
}

/** INGEST_API_TOKEN, or INGEST_API_TOKEN_FILE read again after each refusal (and told to the log redactor). */
function ingestTokenSource(config: Config, redactor: Redactor): IngestTokenSource | undefined {
  if (config.ingestApiToken) return fixedIngestToken(config.ingestApiToken);
  if (config.ingestApiTokenFile) {
    return fileIngestToken({ path: config.ingestApiTokenFile, onRead: (token) => redactor.add(token) });
  }
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function perEnvironment<T>(create: (env: Environment) => T): Record<Environment, T> {
  return Object.fromEntries(ENVIRONMENTS.map((env) => [env, create(env)])) as Record<Environment, T>;
}
