import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { App, LogLevel, type CustomRoute } from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from './clock.js';
import { registerCommands } from './commands/index.js';
import { createPermissions } from './commands/permissions.js';
import { configSecrets, configWarnings, type Config } from './config.js';
import { ENVIRONMENTS, type Environment } from './environments.js';
import { HomePublisher } from './home/publisher.js';
import { readHome } from './home/view.js';
import { createArchiverClient, type ArchiverClient } from './integrations/archiver.js';
import { awsClientConfig } from './integrations/aws.js';
import { createObjectSizes, createS3Client } from './integrations/s3.js';
import { createIngestClient, type IngestClient } from './integrations/ingest.js';
import { keyedArchiver } from './integrations/keyed-archiver.js';
import { SlackRunPresenter } from './integrations/run-presenter.js';
import { ReminderPresenter } from './integrations/reminder-presenter.js';
import { createArchiverKeySource } from './integrations/secrets.js';
import { SlackGateway } from './integrations/slack.js';
import { refuseUnusableTimestamps } from './integrations/slack-request-timestamps.js';
import { UserZones } from './integrations/user-zones.js';
import { createLogger, Redactor, toSlackLogger, type LogSink } from './logger.js';
import { ReminderScheduler } from './reminders/scheduler.js';
import { AuditLog } from './store/audit.js';
import { openDatabase } from './store/db.js';
import { HomeVisits } from './store/home-visits.js';
import { ReminderStore } from './store/reminders.js';
import { RunStore, type Run } from './store/runs.js';
import { createArchiveWorkflow } from './workflows/archive/archive.js';
import { createPingWorkflow } from './workflows/ping.js';
import { pollingRetryPolicy } from './workflows/retry-policy.js';
import { Runner } from './workflows/runner.js';
import type { RunDescription, Workflow } from './workflows/workflow.js';

/** Internal pacing, not configuration: tests and the sandbox shorten it. */
export interface Timings {
  runnerTickMs: number;
  leaseMs: number;
  statusEditIntervalMs: number;
  slackPostIntervalMs: number;
  slackRateLimitRetries: number;
  httpTimeoutMs: number;
  awsTimeoutMs: number;
  runConcurrency: number;
  shutdownGraceMs: number;
  /** node-cron expression of the tick that scans for due reminders. */
  reminderTick: string;
  /** How long a claimed reminder notice stays with this process. */
  reminderLeaseMs: number;
  /** How long a reminder notice that could not be posted waits. */
  reminderRetryMs: number;
  /** Least time between two change-driven App Home refreshes of one user. */
  homeRefreshIntervalMs: number;
  /** How long a user's time zone from users.info is trusted. */
  userZoneTtlMs: number;
}

export const DEFAULT_TIMINGS: Timings = {
  runnerTickMs: 1000,
  leaseMs: 10 * 60_000,
  statusEditIntervalMs: 2000,
  slackPostIntervalMs: 1000,
  slackRateLimitRetries: 5,
  httpTimeoutMs: 10 * 60_000,
  awsTimeoutMs: 30_000,
  runConcurrency: 16,
  shutdownGraceMs: 5000,
  reminderTick: '*/15 * * * * *',
  reminderLeaseMs: 10 * 60_000,
  reminderRetryMs: 60_000,
  homeRefreshIntervalMs: 10_000,
  userZoneTtlMs: 6 * 3_600_000,
};

const HOME_ACTIVE_WINDOW_MS = 30 * 86_400_000;
const REMINDER_BATCH = 20_000;
const REMINDER_POST_CONCURRENCY = 8;

export interface BotOptions {
  clock?: Clock;
  logSink?: LogSink;
  timings?: Partial<Timings>;
}

export interface RunningBot {
  /** The HTTP port: Slack requests in HTTP mode, /healthz in both modes. */
  port: number;
  runs: RunStore;
  audit: AuditLog;
  runner: Runner;
  reminders: ReminderStore;
  /** `scanNow()` fires due reminders at once (the sandbox after moving its clock, tests). */
  scheduler: ReminderScheduler;
  stop(): Promise<void>;
}

/** Wires configuration, store, integrations, workflows and listeners together and starts the bot. */
export async function startBot(config: Config, options: BotOptions = {}): Promise<RunningBot> {
  const clock = options.clock ?? systemClock;
  const timings = { ...DEFAULT_TIMINGS, ...options.timings };
  const redactor = new Redactor(configSecrets(config));
  const logger = createLogger({ level: config.logLevel, redactor, sink: options.logSink, now: () => clock.now() });
  for (const warning of configWarnings(config)) logger.warn(warning);

  const db = openDatabase(config.databasePath);
  const runs = new RunStore(db);
  const audit = new AuditLog(db);
  const reminders = new ReminderStore(db);

  const healthz: CustomRoute = {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
    },
  };
  const socketMode = config.slack.appToken !== undefined;
  const app = new App({
    token: config.slack.botToken,
    ...(socketMode
      ? { socketMode: true, appToken: config.slack.appToken, installerOptions: { port: config.http.port } }
      : { signingSecret: config.slack.signingSecret }),
    customRoutes: [healthz],
    logger: toSlackLogger(logger.child('slack'), config.logLevel) as never,
    logLevel: config.logLevel as LogLevel,
    deferInitialization: true,
    convoStore: false,
    clientOptions: { slackApiUrl: config.slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
  });
  app.error(async (error) => {
    logger.error('slack listener failed', { error: error.message });
  });

  const slack = new SlackGateway({
    client: app.client,
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
  const keys = createArchiverKeySource({
    client: secretsClient,
    secretIdTemplate: config.archiverKey.secretIdTemplate,
    fieldTemplate: config.archiverKey.fieldTemplate,
    cacheTtlMs: config.archiverKey.cacheTtlMs,
    clock,
    redactor,
  });
  const archivers = Object.fromEntries(
    ENVIRONMENTS.map((env) => [
      env,
      createArchiverClient({ baseUrl: config.archiverUrls[env], timeoutMs: timings.httpTimeoutMs }),
    ]),
  ) as Record<Environment, ArchiverClient>;

  const ping = createPingWorkflow({ archivers, keys, elapsed: () => performance.now() });
  const s3Client = createS3Client(config.aws, { logger: logger.child('s3'), timeoutMs: timings.awsTimeoutMs });
  const ingestToken = config.ingestApiToken;
  const ingests = Object.fromEntries(
    ENVIRONMENTS.map((env) => [
      env,
      createIngestClient({ baseUrl: config.ingestApiUrls[env], timeoutMs: timings.httpTimeoutMs }),
    ]),
  ) as Record<Environment, IngestClient>;
  const archive = createArchiveWorkflow({
    archiver: (env) => keyedArchiver(archivers[env], keys, env),
    ingestState: ingestToken ? (env, uuid) => ingests[env].submissionState(uuid, ingestToken) : undefined,
    objectSizes: createObjectSizes(s3Client),
    settings: {
      pollIntervalMs: config.archiver.pollIntervalMs,
      conversionTimeoutMs: config.archiver.conversionTimeoutMs,
      stallNoticeMs: config.archiver.stallNoticeMs,
      approvalTimeoutMs: config.approvalTimeoutMs,
      fileArchiverImage: config.fileArchiverImage,
      aapUrls: config.aapUrls,
      approvalMentions: config.approvers.length > 0 ? config.approvers : config.operators,
    },
  });
  const workflows = new Map<string, Workflow>([
    [ping.kind, ping],
    [archive.kind, archive],
  ]);
  const describe = (run: Run): RunDescription => {
    const workflow = workflows.get(run.kind);
    const params = workflow?.params.safeParse(run.params);
    if (!workflow || !params?.success) return { title: run.kind, detail: [] };
    return workflow.describe(run, params.data, { ...workflow.initialState, ...run.state });
  };
  const presenter = new SlackRunPresenter({
    slack,
    runs,
    describe,
    logger: logger.child('presenter'),
    editIntervalMs: timings.statusEditIntervalMs,
    onRefresh: () => home.changed(),
  });
  const runner = new Runner({
    store: runs,
    workflows,
    presenter,
    clock,
    logger: logger.child('runner'),
    retry: pollingRetryPolicy(config.archiver.pollIntervalMs),
    tickMs: timings.runnerTickMs,
    leaseMs: timings.leaseMs,
    concurrency: timings.runConcurrency,
    shutdownGraceMs: timings.shutdownGraceMs,
  });
  const permissions = createPermissions(config.operators, config.approvers);
  const userZones = new UserZones({ slack, clock, logger: logger.child('user-zones'), ttlMs: timings.userZoneTtlMs });
  const home = new HomePublisher({
    slack,
    visits: new HomeVisits(db),
    zones: userZones,
    render: (viewer, zone) =>
      readHome({ runs, reminders, describe, permissions, settings: config.reminders, clock }, viewer, zone),
    clock,
    logger: logger.child('home'),
    minIntervalMs: timings.homeRefreshIntervalMs,
    activeWindowMs: HOME_ACTIVE_WINDOW_MS,
  });
  const reminderPresenter = new ReminderPresenter({
    slack,
    store: reminders,
    settings: config.reminders,
    logger: logger.child('reminders'),
    onChange: () => home.changed(),
  });
  const scheduler = new ReminderScheduler({
    store: reminders,
    slack,
    settings: config.reminders,
    clock,
    logger: logger.child('reminders'),
    claimer: randomUUID(),
    retryMs: timings.reminderRetryMs,
    concurrency: REMINDER_POST_CONCURRENCY,
    tick: timings.reminderTick,
    leaseMs: timings.reminderLeaseMs,
    batchSize: REMINDER_BATCH,
    onChange: () => home.changed(),
  });
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab === 'home') await home.opened(event.user);
  });
  registerCommands(app, {
    runs,
    presenter,
    runner,
    describe,
    permissions,
    audit,
    redactor,
    clock,
    logger: logger.child('commands'),
    workflows: { ping, archive },
    defaultEnvironment: config.defaultEnv,
    reminders,
    reminderSettings: config.reminders,
    reminderPresenter,
    userZones,
  });

  await app.init();
  const started = socketMode ? await app.start() : await app.start({ port: config.http.port, host: config.http.host });
  if (!socketMode) refuseUnusableTimestamps(started as Server, logger.child('slack'));
  const port = socketMode ? config.http.port : ((started as Server).address() as AddressInfo).port;
  runner.start();
  scheduler.start();
  logger.info('bot started', { mode: socketMode ? 'socket' : 'http', port });

  return {
    port,
    runs,
    audit,
    runner,
    reminders,
    scheduler,
    async stop() {
      await scheduler.stop();
      await runner.stop();
      await home.stop();
      await presenter.flush();
      await app.stop();
      secretsClient.destroy();
      s3Client.destroy();
      audit.flush();
      db.close();
      logger.info('bot stopped');
    },
  };
}
