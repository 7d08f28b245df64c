import { z } from 'zod';
import { ENVIRONMENTS, type Environment } from './environments.js';

/** The image the SOP pins, from 2020: the default, and a start-up warning while it stays the default. */
export const DEFAULT_FILE_ARCHIVER_IMAGE = 'quay.io/ebi-ait/ingest-file-archiver:d2020-30-09.1';

const userIds = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id.length > 0),
  )
  .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]+$/, 'expected comma-separated Slack user ids such as U012ABCDEF')));

const httpUrl = (fallback: string) =>
  z
    .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
    .default(fallback)
    .transform((u) => u.replace(/\/+$/, ''));
/** A token sent in an Authorization header: one line of visible characters, without its "Bearer " prefix. */
const bearerToken = z
  .string()
  .trim()
  .regex(/^(?!Bearer )[\x21-\x7e]+$/i, 'expected the token alone, on one line, without spaces or "Bearer "')
  .optional();
const optionalUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional();
const positiveMs = (fallback: number) =>
  z.coerce.number({ error: 'expected a number of milliseconds' }).int().positive().default(fallback);
const megabytes = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: 'expected a whole number of megabytes' })
    .int()
    .min(min, `expected at least ${min} (MB)`)
    .max(max, `expected at most ${max} (MB)`)
    .default(fallback);
const environments = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s) =>
      s
        .split(',')
        .map((env) => env.trim().toLowerCase())
        .filter((env) => env.length > 0),
    )
    .pipe(
      z
        .array(z.enum(ENVIRONMENTS, { error: 'expected a comma-separated list of dev, staging and prod' }))
        .min(1, 'expected at least one of dev, staging and prod'),
    )
    .transform((envs) => [...new Set(envs)]);
const secretText = (what: string) => z.string({ error: `required: ${what}` }).min(1, `required: ${what}`);

const EnvSchema = z.object({
  SLACK_BOT_TOKEN: secretText('the bot token xoxb-…').refine(
    (t) => t.startsWith('xoxb-'),
    'expected a bot token starting with xoxb-',
  ),
  SLACK_APP_TOKEN: z
    .string()
    .optional()
    .refine(
      (t) => t === undefined || t === '' || t.startsWith('xapp-'),
      'expected an app-level token starting with xapp-',
    ),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_API_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
    .default('https://slack.com/api/')
    .transform((u) => (u.endsWith('/') ? u : `${u}/`)),
  PORT: z.coerce.number({ error: 'expected a port number' }).int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  HCA_OPERATORS: userIds,
  HCA_APPROVERS: userIds,
  HCA_DEFAULT_ENV: z.enum(ENVIRONMENTS, { error: 'expected dev, staging or prod' }).default('prod'),
  ARCHIVER_URL_DEV: httpUrl('https://archiver.ingest.dev.archive.data.humancellatlas.org'),
  ARCHIVER_URL_STAGING: httpUrl('https://archiver.ingest.staging.archive.data.humancellatlas.org'),
  ARCHIVER_URL_PROD: httpUrl('https://archiver.ingest.archive.data.humancellatlas.org'),
  INGEST_API_URL_DEV: httpUrl('https://api.ingest.dev.archive.data.humancellatlas.org'),
  INGEST_API_URL_STAGING: httpUrl('https://api.ingest.staging.archive.data.humancellatlas.org'),
  INGEST_API_URL_PROD: httpUrl('https://api.ingest.archive.data.humancellatlas.org'),
  INGEST_API_TOKEN: bearerToken,
  INGEST_API_TOKEN_FILE: z.string().min(1).optional(),
  INGEST_WATCH_CHANNEL: z
    .string()
    .regex(/^[CG][A-Z0-9]+$/, 'expected a Slack channel id such as C012ABCDEF (not a #name)')
    .optional(),
  INGEST_WATCH_ENVS: environments('prod'),
  INGEST_WATCH_INTERVAL_MS: positiveMs(300_000),
  EXPORT_STUCK_AFTER_MS: positiveMs(21_600_000),
  RELEASE_CADENCE_DAYS: z.coerce.number({ error: 'expected a number of days' }).int().positive().default(30),
  PORTAL_URL: httpUrl('https://data.humancellatlas.org'),
  PORTAL_WATCH_INTERVAL_MS: positiveMs(86_400_000),
  PORTAL_WATCH_MAX_DAYS: z.coerce.number({ error: 'expected a number of days' }).int().positive().default(120),
  DATA_RELEASE_FORM_URL: httpUrl(
    'https://docs.google.com/forms/d/e/1FAIpQLSeokUTa-aVXGDdSNODEYetxezasFKp2oVLz65775lgk5t0D2w/viewform?gxids=7628',
  ),
  ARCHIVER_API_KEY_SECRET_ID: z.string().min(1).default('ingest/{env}/secrets'),
  ARCHIVER_API_KEY_SECRET_FIELD: z.string().min(1).default('archiver_api_key'),
  SECRET_CACHE_TTL_MS: positiveMs(900_000),
  HTTP_TIMEOUT_MS: positiveMs(30_000),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  AWS_ENDPOINT_URL_SECRETS_MANAGER: optionalUrl,
  AWS_ENDPOINT_URL_S3: optionalUrl,
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  AWS_SESSION_TOKEN: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.stringbool({ error: 'expected true or false' }).default(false),
  ARCHIVER_POLL_INTERVAL_MS: positiveMs(30_000),
  ARCHIVER_CONVERSION_TIMEOUT_MS: positiveMs(21_600_000),
  ARCHIVER_STALL_NOTICE_MS: positiveMs(86_400_000),
  FILE_ARCHIVER_IMAGE: z.string().min(1).default(DEFAULT_FILE_ARCHIVER_IMAGE),
  AAP_URL_DEV: httpUrl('https://explore.api.aai.ebi.ac.uk/auth'),
  AAP_URL_STAGING: httpUrl('https://explore.api.aai.ebi.ac.uk/auth'),
  AAP_URL_PROD: httpUrl('https://api.aai.ebi.ac.uk/auth'),
  APPROVAL_TIMEOUT_MS: positiveMs(604_800_000),
  AZUL_URL: httpUrl('https://service.azul.data.humancellatlas.org'),
  SYNAPSE_URL: httpUrl('https://repo-prod.prod.sagebase.org'),
  SYNAPSE_AUTH_TOKEN: bearerToken,
  HTAN_MAX_FILE_MB: z.coerce.number({ error: 'expected a number of megabytes' }).int().positive().default(100),
  DATABASE_PATH: z.string().min(1).default('./data/hca-ops-bot.sqlite'),
  UPLOAD_AREA_BUCKET: z.string().min(1).default('hca-util-upload-area'),
  INGEST_UPLOAD_BUCKET_DEV: z.string().min(1).default('org-hca-data-archive-upload-dev'),
  INGEST_UPLOAD_BUCKET_STAGING: z.string().min(1).default('org-hca-data-archive-upload-staging'),
  INGEST_UPLOAD_BUCKET_PROD: z.string().min(1).default('org-hca-data-archive-upload-prod'),
  UPLOAD_SERVICE_URL_DEV: httpUrl('https://upload.dev.archive.data.humancellatlas.org'),
  UPLOAD_SERVICE_URL_STAGING: httpUrl('https://upload.staging.archive.data.humancellatlas.org'),
  UPLOAD_SERVICE_URL_PROD: httpUrl('https://upload.archive.data.humancellatlas.org'),
  SYNC_CONCURRENCY: z.coerce.number({ error: 'expected a number of objects' }).int().min(1).max(64).default(8),
  // A single CopyObject copies at most 5 GB; S3 parts are 5 MB to 5 GB.
  SYNC_MULTIPART_THRESHOLD_MB: megabytes(5120, 5, 5120),
  SYNC_PART_SIZE_MB: megabytes(64, 5, 5120),
  UPLOAD_AREA_SPREADSHEET_MAX_MB: megabytes(20, 1, 1024),
  REMINDER_TIMEZONE: z
    .string()
    .default('Europe/London')
    .refine(isTimeZone, 'expected an IANA time zone such as Europe/London'),
  REMINDER_HOUR: z.coerce.number({ error: 'expected an hour 0-23' }).int().min(0).max(23).default(9),
  REMINDER_ADVANCE_DAYS: z.coerce.number({ error: 'expected a number of days' }).int().min(0).default(7),
  REMINDER_MAX_YEARS: z.coerce.number({ error: 'expected a number of years' }).int().positive().default(5),
  REMINDER_DATE_ORDER: z.enum(['dmy', 'mdy'], { error: 'expected dmy (day/month) or mdy (month/day)' }).default('dmy'),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'], { error: 'expected debug, info, warn or error' })
    .default('info'),
});

/** Every setting's variable name: they belong in the README and the logs, never in what users read. */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Config {
  slack: { botToken: string; appToken?: string; signingSecret?: string; apiUrl: string };
  http: { port: number; host: string };
  operators: string[];
  approvers: string[];
  defaultEnv: Environment;
  archiverUrls: Record<Environment, string>;
  ingestApiUrls: Record<Environment, string>;
  ingestApiToken?: string;
  /** A file holding the ingest token, read again whenever ingest refuses it (INGEST_API_TOKEN_FILE). */
  ingestApiTokenFile?: string;
  /** The ingest watcher, when INGEST_WATCH_CHANNEL is set (it runs only with an ingest token). */
  ingestWatch?: { channel: string; environments: Environment[]; intervalMs: number };
  exportStuckAfterMs: number;
  portal: { watchIntervalMs: number; watchMaxDays: number };
  archiverKey: { secretIdTemplate: string; fieldTemplate: string; cacheTtlMs: number };
  /** How long any remote call may go without an answer (headers, or a pause in its body) before it counts as failed. */
  httpTimeoutMs: number;
  aws: {
    region: string;
    secretsManagerEndpoint?: string;
    s3Endpoint?: string;
    s3ForcePathStyle: boolean;
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  };
  archiver: { pollIntervalMs: number; conversionTimeoutMs: number; stallNoticeMs: number };
  fileArchiverImage: string;
  aapUrls: Record<Environment, string>;
  approvalTimeoutMs: number;
  azulUrl: string;
  /** HTAN checks: the most a file read from Slack (or a workbook) may hold, and Synapse's REST base. */
  htan: {
    maxFileBytes: number;
    synapseUrl: string;
    /** SYNAPSE_AUTH_TOKEN: a personal access token; the calls are anonymous without one. */
    synapseToken?: string;
  };
  databasePath: string;
  /** The team's reminder calendar, and the links its notices (and the export and portal answers) give. */
  reminders: {
    timeZone: string;
    hour: number;
    advanceDays: number;
    maxYears: number;
    portalUrl: string;
    releaseFormUrl: string;
    /** RELEASE_CADENCE_DAYS: the usual time between two DCP releases (`next-release`, estimates). */
    releaseCadenceDays: number;
    /** The team's reading of a slash date such as 03/04/2027: day first, or month first. */
    dateOrder: 'dmy' | 'mdy';
  };
  uploadAreas: UploadAreaConfig;
  logLevel: LogLevel;
}

/** Managed-access upload areas and their sync into ingest upload areas; sizes in bytes (1 MB = 1,048,576). */
export interface UploadAreaConfig {
  /** The bucket of hca-util's secure areas. */
  bucket: string;
  ingestBuckets: Record<Environment, string>;
  /** Upload service base URLs; undefined (set empty) = copied files are not notified. */
  serviceUrls: Record<Environment, string | undefined>;
  syncConcurrency: number;
  multipartThresholdBytes: number;
  partSizeBytes: number;
  spreadsheetMaxBytes: number;
}

const MB = 1024 * 1024;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the bot's configuration from environment variables; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
  if (!present.SLACK_APP_TOKEN && !present.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_SIGNING_SECRET: required in HTTP mode (set it, or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (present.INGEST_API_TOKEN && present.INGEST_API_TOKEN_FILE) {
    problems.push('INGEST_API_TOKEN_FILE: set either INGEST_API_TOKEN or INGEST_API_TOKEN_FILE, not both');
  }
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  const e = parsed.data;
  const perEnv = (dev: string, staging: string, prod: string) => ({ dev, staging, prod });
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN || undefined,
      signingSecret: e.SLACK_SIGNING_SECRET,
      apiUrl: e.SLACK_API_URL,
    },
    http: { port: e.PORT, host: e.HOST },
    operators: e.HCA_OPERATORS,
    approvers: e.HCA_APPROVERS,
    defaultEnv: e.HCA_DEFAULT_ENV,
    archiverUrls: perEnv(e.ARCHIVER_URL_DEV, e.ARCHIVER_URL_STAGING, e.ARCHIVER_URL_PROD),
    ingestApiUrls: perEnv(e.INGEST_API_URL_DEV, e.INGEST_API_URL_STAGING, e.INGEST_API_URL_PROD),
    ingestApiToken: e.INGEST_API_TOKEN,
    ingestApiTokenFile: e.INGEST_API_TOKEN_FILE,
    ingestWatch: e.INGEST_WATCH_CHANNEL
      ? { channel: e.INGEST_WATCH_CHANNEL, environments: e.INGEST_WATCH_ENVS, intervalMs: e.INGEST_WATCH_INTERVAL_MS }
      : undefined,
    exportStuckAfterMs: e.EXPORT_STUCK_AFTER_MS,
    portal: {
      watchIntervalMs: e.PORTAL_WATCH_INTERVAL_MS,
      watchMaxDays: e.PORTAL_WATCH_MAX_DAYS,
    },
    archiverKey: {
      secretIdTemplate: e.ARCHIVER_API_KEY_SECRET_ID,
      fieldTemplate: e.ARCHIVER_API_KEY_SECRET_FIELD,
      cacheTtlMs: e.SECRET_CACHE_TTL_MS,
    },
    httpTimeoutMs: e.HTTP_TIMEOUT_MS,
    aws: {
      region: e.AWS_REGION,
      secretsManagerEndpoint: e.AWS_ENDPOINT_URL_SECRETS_MANAGER,
      s3Endpoint: e.AWS_ENDPOINT_URL_S3,
      s3ForcePathStyle: e.S3_FORCE_PATH_STYLE,
      credentials:
        e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY
          ? {
              accessKeyId: e.AWS_ACCESS_KEY_ID,
              secretAccessKey: e.AWS_SECRET_ACCESS_KEY,
              sessionToken: e.AWS_SESSION_TOKEN,
            }
          : undefined,
    },
    archiver: {
      pollIntervalMs: e.ARCHIVER_POLL_INTERVAL_MS,
      conversionTimeoutMs: e.ARCHIVER_CONVERSION_TIMEOUT_MS,
      stallNoticeMs: e.ARCHIVER_STALL_NOTICE_MS,
    },
    fileArchiverImage: e.FILE_ARCHIVER_IMAGE,
    aapUrls: perEnv(e.AAP_URL_DEV, e.AAP_URL_STAGING, e.AAP_URL_PROD),
    approvalTimeoutMs: e.APPROVAL_TIMEOUT_MS,
    azulUrl: e.AZUL_URL,
    htan: {
      maxFileBytes: e.HTAN_MAX_FILE_MB * 1024 * 1024,
      synapseUrl: e.SYNAPSE_URL,
      ...(e.SYNAPSE_AUTH_TOKEN ? { synapseToken: e.SYNAPSE_AUTH_TOKEN } : {}),
    },
    databasePath: e.DATABASE_PATH,
    reminders: {
      timeZone: e.REMINDER_TIMEZONE,
      hour: e.REMINDER_HOUR,
      advanceDays: e.REMINDER_ADVANCE_DAYS,
      maxYears: e.REMINDER_MAX_YEARS,
      portalUrl: e.PORTAL_URL,
      releaseFormUrl: e.DATA_RELEASE_FORM_URL,
      releaseCadenceDays: e.RELEASE_CADENCE_DAYS,
      dateOrder: e.REMINDER_DATE_ORDER,
    },
    uploadAreas: {
      bucket: e.UPLOAD_AREA_BUCKET,
      ingestBuckets: perEnv(e.INGEST_UPLOAD_BUCKET_DEV, e.INGEST_UPLOAD_BUCKET_STAGING, e.INGEST_UPLOAD_BUCKET_PROD),
      serviceUrls: {
        dev: env.UPLOAD_SERVICE_URL_DEV === '' ? undefined : e.UPLOAD_SERVICE_URL_DEV,
        staging: env.UPLOAD_SERVICE_URL_STAGING === '' ? undefined : e.UPLOAD_SERVICE_URL_STAGING,
        prod: env.UPLOAD_SERVICE_URL_PROD === '' ? undefined : e.UPLOAD_SERVICE_URL_PROD,
      },
      syncConcurrency: e.SYNC_CONCURRENCY,
      multipartThresholdBytes: e.SYNC_MULTIPART_THRESHOLD_MB * MB,
      partSizeBytes: e.SYNC_PART_SIZE_MB * MB,
      spreadsheetMaxBytes: e.UPLOAD_AREA_SPREADSHEET_MAX_MB * MB,
    },
    logLevel: e.LOG_LEVEL,
  };
}

/** Every secret value the configuration holds, for the log redactor. */
export function configSecrets(config: Config): string[] {
  return [
    config.slack.botToken,
    config.slack.appToken,
    config.slack.signingSecret,
    config.ingestApiToken,
    config.htan.synapseToken,
    config.aws.credentials?.secretAccessKey,
    config.aws.credentials?.sessionToken,
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

/** Start-up warnings about permissive or dated settings: logged once, never posted in runs. */
export function configWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.operators.length === 0) {
    warnings.push('HCA_OPERATORS is empty: everyone in the channel may start, cancel and retry runs');
  }
  if (config.approvers.length === 0) {
    warnings.push('HCA_APPROVERS is empty: any operator may approve irreversible steps');
  }
  if (config.ingestWatch && !config.ingestApiToken && !config.ingestApiTokenFile) {
    warnings.push('INGEST_WATCH_CHANNEL is set but there is no ingest token: the ingest watcher does not run');
  }
  if (config.fileArchiverImage === DEFAULT_FILE_ARCHIVER_IMAGE) {
    warnings.push(
      `FILE_ARCHIVER_IMAGE is the 2020 image the SOP pins (${DEFAULT_FILE_ARCHIVER_IMAGE}): check quay.io/ebi-ait/ingest-file-archiver for a newer tag and set it`,
    );
  }
  return warnings;
}
