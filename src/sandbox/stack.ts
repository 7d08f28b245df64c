import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot, type RunningBot, type Timings } from '../bot.js';
import type { Clock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import { ENVIRONMENTS, type Environment } from '../environments.js';
import type { LogSink } from '../logger.js';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ArchiverStandIn, defaultPlanJobs, type ArchiverTimings } from './archiver-stand-in.js';
import { AzulStandIn } from './azul-stand-in.js';
import { startFakeS3 } from './fake-s3.js';
import { IngestStandIn } from './ingest-stand-in.js';
import { S3FaultProxy } from './s3-fault-proxy.js';
import { SANDBOX_SUBMISSION, seedSecureArea } from './secure-area.js';
import { UploadServiceStandIn } from './upload-service-stand-in.js';
import { SecretsManagerStandIn } from './secrets-stand-in.js';
import { SlackRequester } from './slack-requests.js';
import { SlackStandIn } from './slack-stand-in.js';
import { SynapseStandIn } from './synapse-stand-in.js';

export const SANDBOX_SIGNING_SECRET = 'sandbox-signing-secret-5f0c1e';
export const SANDBOX_BOT_TOKEN = 'xoxb-sandbox-bot-token-7d2a91';
export const SANDBOX_AWS_SECRET = 'sandbox-aws-secret-access-key-3b8e';
export const SANDBOX_OPERATOR = 'U0OPERATOR';
export const SANDBOX_APPROVER = 'U0APPROVER';
export const SANDBOX_CHANNEL = 'C0OPS';
export const SANDBOX_INGEST_TOKEN = 'sandbox-ingest-api-token-c27d';

/** The archiver API key the Secrets Manager stand-in holds for an environment. */
export function sandboxArchiverKey(env: Environment): string {
  return `sandbox-${env}-archiver-key-91c4`;
}

export interface StackOptions {
  /** Extra or overriding environment variables for the bot. */
  env?: Record<string, string>;
  timings?: Partial<Timings>;
  clock?: Clock;
  logSink?: LogSink;
  /** Keep the database here (a restart test reuses it); a temporary folder otherwise. */
  databasePath?: string;
  /** Give the bot INGEST_API_TOKEN (the ingest stand-ins accept it); without it the bot cannot read states. */
  withIngestToken?: boolean;
  archiverTimings?: Partial<ArchiverTimings>;
  /**
   * Run a real S3-compatible server (behind the fault proxy) holding the ingest upload buckets, every plan input (so
   * the bot can HEAD their sizes) and the sandbox's secure upload area.
   */
  withS3?: boolean;
}

/** The sandbox's S3: fauxqs, and the fault proxy in front of it that the bot talks to. */
export interface SandboxS3 {
  /** The proxy's URL, the bot's S3 endpoint. */
  endpoint: string;
  proxy: S3FaultProxy;
  /** A client straight to fauxqs, for arranging and inspecting objects without the proxy. */
  client: S3Client;
  stop(): Promise<void>;
}

/** The real bot in HTTP mode on loopback, with stand-ins of Slack, the archivers, ingest and Secrets Manager. */
export interface Stack extends StandIns {
  config: Config;
  bot: RunningBot;
  requester: SlackRequester;
  /**
   * Stops the bot only (the stand-ins keep their state), then starts a new bot on the same database; `env` changes its
   * environment variables from then on (an empty value unsets one).
   */
  restartBot(options?: Pick<StackOptions, 'timings' | 'clock' | 'logSink' | 'env'>): Promise<RunningBot>;
}

export const FAST_TIMINGS: Partial<Timings> = {
  runnerTickMs: 50,
  statusEditIntervalMs: 20,
  slackPostIntervalMs: 0,
  shutdownGraceMs: 200,
  azulIntervalMs: 10,
};

/** The stand-ins alone, for tests that run the bot in another process. */
export interface StandIns {
  slack: SlackStandIn;
  archivers: Record<Environment, ArchiverStandIn>;
  ingests: Record<Environment, IngestStandIn>;
  azul: AzulStandIn;
  secrets: SecretsManagerStandIn;
  synapse: SynapseStandIn;
  /** The S3-compatible server's endpoint, when the stand-ins run one (`withS3`). */
  s3Endpoint?: string;
  uploadServices: Record<Environment, UploadServiceStandIn>;
  s3?: SandboxS3;
  /** Environment variables that point a bot at these stand-ins (a stack's include its DATABASE_PATH). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startStandIns(options: Pick<StackOptions, 'archiverTimings' | 'withS3'> = {}): Promise<StandIns> {
  const slack = await new SlackStandIn({ botToken: SANDBOX_BOT_TOKEN }).start();
  slack.channels.set(SANDBOX_CHANNEL, { isPrivate: false, isMember: true });
  const ingests = await perEnvironment((env) =>
    new IngestStandIn({ token: SANDBOX_INGEST_TOKEN, uploadBucket: `org-hca-data-archive-upload-${env}` }).start(),
  );
  const archivers = await perEnvironment((env) =>
    new ArchiverStandIn({
      apiKey: sandboxArchiverKey(env),
      timings: options.archiverTimings,
      ingest: ingests[env],
      dspApiUrl: env === 'prod' ? 'https://submission.ebi.ac.uk' : 'https://submission-test.ebi.ac.uk',
      uploadBucket: `org-hca-data-archive-upload-${env}`,
    }).start(),
  );
  const s3 = options.withS3 ? await startS3(archivers) : undefined;
  if (s3) for (const env of ENVIRONMENTS) ingests[env].addSubmission(SANDBOX_SUBMISSION, 'Graph valid');
  const uploadServices = await perEnvironment((env) =>
    new UploadServiceStandIn({
      areaExists: (uuid) => ingests[env].submissions.has(uuid),
      fileExists: s3 && ((uuid, name) => s3.exists(`org-hca-data-archive-upload-${env}`, `${uuid}/${name}`)),
    }).start(),
  );
  const azul = await new AzulStandIn().start();
  const secrets = await new SecretsManagerStandIn().start();
  const synapse = await startSynapse();
  for (const env of ENVIRONMENTS) {
    secrets.secrets.set(
      `ingest/${env}/secrets`,
      JSON.stringify({ archiver_api_key: sandboxArchiverKey(env), unrelated_password: `not-for-the-bot-${env}` }),
    );
  }
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: SANDBOX_BOT_TOKEN,
    SLACK_SIGNING_SECRET: SANDBOX_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    HCA_OPERATORS: SANDBOX_OPERATOR,
    HCA_APPROVERS: SANDBOX_APPROVER,
    ARCHIVER_URL_DEV: archivers.dev.url,
    ARCHIVER_URL_STAGING: archivers.staging.url,
    ARCHIVER_URL_PROD: archivers.prod.url,
    INGEST_API_URL_DEV: ingests.dev.url,
    INGEST_API_URL_STAGING: ingests.staging.url,
    INGEST_API_URL_PROD: ingests.prod.url,
    AZUL_URL: azul.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    SYNAPSE_URL: synapse.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIASANDBOX',
    AWS_SECRET_ACCESS_KEY: SANDBOX_AWS_SECRET,
    ARCHIVER_POLL_INTERVAL_MS: '200',
    HTTP_TIMEOUT_MS: '2000',
    UPLOAD_SERVICE_URL_DEV: uploadServices.dev.url,
    UPLOAD_SERVICE_URL_STAGING: uploadServices.staging.url,
    UPLOAD_SERVICE_URL_PROD: uploadServices.prod.url,
    SYNC_MULTIPART_THRESHOLD_MB: '6',
    SYNC_PART_SIZE_MB: '5',
    LOG_LEVEL: 'warn',
    ...(s3 ? { AWS_ENDPOINT_URL_S3: s3.endpoint, S3_FORCE_PATH_STYLE: 'true' } : {}),
  };
  return {
    slack,
    archivers,
    ingests,
    azul,
    secrets,
    synapse,
    ...(s3 ? { s3Endpoint: s3.endpoint } : {}),
    uploadServices,
    s3,
    env,
    async stop() {
      await Promise.all([
        slack.stop(),
        secrets.stop(),
        synapse.stop(),
        azul.stop(),
        ...ENVIRONMENTS.flatMap((e) => [archivers[e].stop(), ingests[e].stop(), uploadServices[e].stop()]),
        s3?.stop(),
      ]);
    },
  };
}

/** Synapse users of the sandbox: certified, never passed, failed and revoked. */
function startSynapse(): Promise<SynapseStandIn> {
  return new SynapseStandIn()
    .addUser({ id: '3412345', userName: 'jdoe', record: { passed: true, passedOn: '2024-05-01T09:00:00.000Z' } })
    .addUser({ id: '3400001', userName: 'newbie' })
    .addUser({ id: '3400002', userName: 'retaker', record: { passed: false } })
    .addUser({
      id: '3400003',
      userName: 'revoked',
      record: { passed: true, revoked: true, revokedOn: '2025-02-01T00:00:00.000Z' },
    })
    .start();
}

/** Input sizes the upload areas give plan files: 2.5 GB-like sizes scaled down to a few megabytes. */
export const SANDBOX_INPUT_BYTES = 2_500_000;

/**
 * fauxqs behind the fault proxy, holding the ingest upload buckets and the secure upload area; each archiver's plans
 * are wrapped so that every conversion input they name is put there (SANDBOX_INPUT_BYTES each) as the plan is made.
 */
async function startS3(
  archivers: Record<Environment, ArchiverStandIn>,
): Promise<SandboxS3 & { exists(bucket: string, key: string): Promise<boolean> }> {
  const fake = await startFakeS3();
  const proxy = await new S3FaultProxy(fake.endpoint).start();
  const client = new S3Client({
    endpoint: fake.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIASANDBOX', secretAccessKey: SANDBOX_AWS_SECRET },
  });
  await seedSecureArea(client, 'hca-util-upload-area');
  const body = Buffer.alloc(SANDBOX_INPUT_BYTES);
  const puts = new Set<Promise<unknown>>();
  for (const env of ENVIRONMENTS) {
    const archiver = archivers[env];
    await client.send(new CreateBucketCommand({ Bucket: `org-hca-data-archive-upload-${env}` }));
    const plan = archiver.defaultScenario.jobs ?? defaultPlanJobs;
    archiver.defaultScenario = {
      ...archiver.defaultScenario,
      jobs: (ctx) => {
        const jobs = plan(ctx);
        for (const url of inputUrls(jobs)) {
          const [, bucket, key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(url) ?? [];
          if (!bucket || !key) continue;
          const put = client
            .send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))
            .catch(() => undefined);
          puts.add(put);
          void put.finally(() => puts.delete(put));
        }
        return jobs;
      },
    };
  }
  return {
    endpoint: proxy.url,
    proxy,
    client,
    exists: (bucket, key) =>
      client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
        () => true,
        () => false,
      ),
    async stop() {
      await Promise.all(puts);
      client.destroy();
      await proxy.stop();
      await fake.stop();
    },
  };
}

function inputUrls(jobs: Record<string, unknown>[]): string[] {
  return jobs.flatMap((job) => {
    const inputs = (job.conversion as { inputs?: { cloud_url?: string }[] } | undefined)?.inputs ?? [];
    return inputs.map((i) => i.cloud_url ?? '').filter(Boolean);
  });
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const standIns = await startStandIns(options);
  const { slack } = standIns;
  const scratch = options.databasePath ? undefined : mkdtempSync(join(tmpdir(), 'hca-ops-bot-'));
  const env: Record<string, string> = {
    ...standIns.env,
    ...(options.withIngestToken ? { INGEST_API_TOKEN: SANDBOX_INGEST_TOKEN } : {}),
    DATABASE_PATH: options.databasePath ?? join(scratch as string, 'bot.sqlite'),
    ...options.env,
  };
  const launch = (config: Config, o: Pick<StackOptions, 'timings' | 'clock' | 'logSink'>) =>
    startBot(config, {
      timings: { ...FAST_TIMINGS, ...o.timings },
      clock: o.clock,
      logSink: o.logSink ?? (() => undefined),
    });
  const requesterFor = (port: number) =>
    new SlackRequester({
      eventsUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SANDBOX_SIGNING_SECRET,
      slack,
    });
  const config = loadConfig(env);
  const bot = await launch(config, options);
  const stack: Stack = {
    ...standIns,
    env,
    config,
    bot,
    requester: requesterFor(bot.port),
    async restartBot(restart = {}) {
      await stack.bot.stop();
      if (restart.env) {
        Object.assign(stack.env, restart.env);
        stack.config = loadConfig(stack.env);
      }
      stack.bot = await launch(stack.config, { ...options, ...restart });
      stack.requester = requesterFor(stack.bot.port);
      return stack.bot;
    },
    async stop() {
      await stack.bot.stop();
      await standIns.stop();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
  return stack;
}

async function perEnvironment<T>(start: (env: Environment) => Promise<T>): Promise<Record<Environment, T>> {
  const started = await Promise.all(ENVIRONMENTS.map(async (env) => [env, await start(env)] as const));
  return Object.fromEntries(started) as Record<Environment, T>;
}
