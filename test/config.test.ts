import { describe, expect, it } from 'vitest';
import { ConfigError, configWarnings, loadConfig } from '../src/config.js';

const MINIMAL = { SLACK_BOT_TOKEN: 'xoxb-1-secret-token', SLACK_SIGNING_SECRET: 'signing-secret-value' };

describe('loadConfig', () => {
  it('applies the design defaults', () => {
    const config = loadConfig(MINIMAL);

    expect(config).toMatchObject({
      http: { port: 3000, host: '0.0.0.0' },
      defaultEnv: 'prod',
      operators: [],
      archiverUrls: { staging: 'https://archiver.ingest.staging.archive.data.humancellatlas.org' },
      archiverKey: { secretIdTemplate: 'ingest/{env}/secrets', fieldTemplate: 'archiver_api_key', cacheTtlMs: 900_000 },
      archiver: { pollIntervalMs: 30_000, conversionTimeoutMs: 21_600_000, stallNoticeMs: 86_400_000 },
      approvalTimeoutMs: 604_800_000,
      httpTimeoutMs: 30_000,
      databasePath: './data/hca-ops-bot.sqlite',
      reminders: { timeZone: 'Europe/London', hour: 9, advanceDays: 7, maxYears: 5, dateOrder: 'dmy' },
      logLevel: 'info',
      slack: { apiUrl: 'https://slack.com/api/' },
    });
  });

  it('reads the HTAN settings: the file cap in megabytes and the Synapse base URL', () => {
    expect(loadConfig(MINIMAL).htan).toEqual({
      maxFileBytes: 100 * 1024 * 1024,
      synapseUrl: 'https://repo-prod.prod.sagebase.org',
    });
    expect(loadConfig({ ...MINIMAL, HTAN_MAX_FILE_MB: '5', SYNAPSE_URL: 'http://127.0.0.1:9/' }).htan).toEqual({
      maxFileBytes: 5 * 1024 * 1024,
      synapseUrl: 'http://127.0.0.1:9',
    });
    expect(() => loadConfig({ ...MINIMAL, HTAN_MAX_FILE_MB: '0' })).toThrow(/HTAN_MAX_FILE_MB:/);
  });

  it('takes a token with the line end a copy brings, and refuses one with spaces or "Bearer " without printing it', () => {
    expect(loadConfig({ ...MINIMAL, SYNAPSE_AUTH_TOKEN: ' syn-pat-1.abc\r\n' }).htan.synapseToken).toBe(
      'syn-pat-1.abc',
    );
    for (const [name, value] of [
      ['SYNAPSE_AUTH_TOKEN', 'Bearer syn-pat-secret'],
      ['INGEST_API_TOKEN', 'eyJ secret-part'],
    ] as const) {
      const refused = () => loadConfig({ ...MINIMAL, [name]: value });
      expect(refused).toThrow(`${name}: expected the token alone, on one line, without spaces or "Bearer "`);
      expect(refused).not.toThrow(/secret/);
    }
  });

  it('applies issue 9’s defaults: no watcher, prod when one is set, and the portal and form links', () => {
    const config = loadConfig(MINIMAL);
    const watching = loadConfig({ ...MINIMAL, INGEST_WATCH_CHANNEL: 'C0OPS' });

    expect(config).toMatchObject({
      ingestWatch: undefined,
      exportStuckAfterMs: 21_600_000,
      portal: { watchIntervalMs: 86_400_000, watchMaxDays: 120 },
      reminders: { portalUrl: 'https://data.humancellatlas.org', releaseCadenceDays: 30 },
    });
    expect(config.reminders.releaseFormUrl).toMatch(/^https:\/\/docs\.google\.com\/forms\//);
    expect(watching.ingestWatch).toEqual({ channel: 'C0OPS', environments: ['prod'], intervalMs: 300_000 });
    expect(configWarnings(watching)).toContain(
      'INGEST_WATCH_CHANNEL is set but there is no ingest token: the ingest watcher does not run',
    );
  });

  it('refuses a #name for the watch channel, an unknown environment, and both kinds of ingest token at once', () => {
    const attempt = () =>
      loadConfig({
        ...MINIMAL,
        INGEST_WATCH_CHANNEL: '#hca-operations',
        INGEST_WATCH_ENVS: 'prod, qa',
        INGEST_API_TOKEN: 'a-token-value',
        INGEST_API_TOKEN_FILE: '/run/secrets/ingest-token',
      });

    expect(attempt).toThrow(/INGEST_WATCH_CHANNEL: expected a Slack channel id/);
    expect(attempt).toThrow(/INGEST_WATCH_ENVS: expected a comma-separated list of dev, staging and prod/);
    expect(attempt).toThrow(/INGEST_API_TOKEN_FILE: set either INGEST_API_TOKEN or INGEST_API_TOKEN_FILE, not both/);
    expect(attempt).not.toThrow(/a-token-value/);
  });

  it('reads the watched environments in any case and once each', () => {
    expect(
      loadConfig({ ...MINIMAL, INGEST_WATCH_CHANNEL: 'G0PRIV', INGEST_WATCH_ENVS: 'Prod,dev, prod' }).ingestWatch,
    ).toMatchObject({ environments: ['prod', 'dev'] });
  });

  it('reads user id lists with spaces ignored and plain http loopback URLs', () => {
    const config = loadConfig({
      ...MINIMAL,
      HCA_OPERATORS: ' U01, U02 ,',
      ARCHIVER_URL_DEV: 'http://127.0.0.1:8080/',
      S3_FORCE_PATH_STYLE: 'true',
    });

    expect(config.operators).toEqual(['U01', 'U02']);
    expect(config.archiverUrls.dev).toBe('http://127.0.0.1:8080');
    expect(config.aws.s3ForcePathStyle).toBe(true);
  });

  it('names every bad variable and what it expects, without printing secret values', () => {
    let error: unknown;
    try {
      loadConfig({
        SLACK_BOT_TOKEN: 'not-a-bot-token-secret',
        PORT: 'eighty',
        HCA_DEFAULT_ENV: 'qa',
        ARCHIVER_URL_PROD: 'ftp://x',
        REMINDER_TIMEZONE: 'Mars/Olympus',
        HCA_OPERATORS: 'alice',
      });
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('SLACK_BOT_TOKEN: expected a bot token starting with xoxb-');
    expect(message).toContain('SLACK_SIGNING_SECRET: required in HTTP mode');
    expect(message).toContain('PORT: expected a port number');
    expect(message).toContain('HCA_DEFAULT_ENV: expected dev, staging or prod');
    expect(message).toContain('ARCHIVER_URL_PROD: expected an http:// or https:// URL');
    expect(message).toContain('REMINDER_TIMEZONE: expected an IANA time zone');
    expect(message).toContain('HCA_OPERATORS');
    expect(message).not.toContain('not-a-bot-token-secret');
  });

  it('reads HTTP_TIMEOUT_MS, the bound of every remote call, and refuses one that is not a number of ms', () => {
    expect(loadConfig({ ...MINIMAL, HTTP_TIMEOUT_MS: '45000' }).httpTimeoutMs).toBe(45_000);
    expect(() => loadConfig({ ...MINIMAL, HTTP_TIMEOUT_MS: 'soon' })).toThrow(/HTTP_TIMEOUT_MS/);
  });

  it('needs no signing secret in Socket Mode', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.appToken).toBe('xapp-1');
  });

  it('warns when operators or approvers are not restricted, and while the file archiver image is the 2020 one', () => {
    const restricted = { ...MINIMAL, HCA_OPERATORS: 'U1', HCA_APPROVERS: 'U2' };

    expect(configWarnings(loadConfig(MINIMAL))).toHaveLength(3);
    expect(configWarnings(loadConfig(restricted))).toEqual([
      expect.stringMatching(/^FILE_ARCHIVER_IMAGE is the 2020 image the SOP pins/),
    ]);
    expect(
      configWarnings(loadConfig({ ...restricted, FILE_ARCHIVER_IMAGE: 'quay.io/ebi-ait/ingest-file-archiver:d2024' })),
    ).toEqual([]);
  });

  it('applies the upload-area defaults, in bytes', () => {
    const { uploadAreas } = loadConfig(MINIMAL);

    expect(uploadAreas).toEqual({
      bucket: 'hca-util-upload-area',
      ingestBuckets: {
        dev: 'org-hca-data-archive-upload-dev',
        staging: 'org-hca-data-archive-upload-staging',
        prod: 'org-hca-data-archive-upload-prod',
      },
      serviceUrls: {
        dev: 'https://upload.dev.archive.data.humancellatlas.org',
        staging: 'https://upload.staging.archive.data.humancellatlas.org',
        prod: 'https://upload.archive.data.humancellatlas.org',
      },
      syncConcurrency: 8,
      multipartThresholdBytes: 5120 * 1024 * 1024,
      partSizeBytes: 64 * 1024 * 1024,
      spreadsheetMaxBytes: 20 * 1024 * 1024,
    });
  });

  it('turns notifying off for an environment whose UPLOAD_SERVICE_URL is set empty', () => {
    const { uploadAreas } = loadConfig({
      ...MINIMAL,
      UPLOAD_SERVICE_URL_DEV: '',
      UPLOAD_SERVICE_URL_PROD: 'http://127.0.0.1:9/',
    });

    expect(uploadAreas.serviceUrls).toEqual({
      dev: undefined,
      staging: 'https://upload.staging.archive.data.humancellatlas.org',
      prod: 'http://127.0.0.1:9',
    });
  });

  it('refuses sync sizes S3 cannot do and a concurrency of zero', () => {
    const attempt = () =>
      loadConfig({ ...MINIMAL, SYNC_MULTIPART_THRESHOLD_MB: '6000', SYNC_PART_SIZE_MB: '4', SYNC_CONCURRENCY: '0' });

    expect(attempt).toThrow(/SYNC_MULTIPART_THRESHOLD_MB: expected at most 5120 \(MB\)/);
    expect(attempt).toThrow(/SYNC_PART_SIZE_MB: expected at least 5 \(MB\)/);
    expect(attempt).toThrow(/SYNC_CONCURRENCY/);
  });
});
