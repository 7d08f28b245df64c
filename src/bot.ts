import { App, LogLevel, type CustomRoute } from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { elapsedMs, systemClock, type Clock } from './clock.js';
import { HomePublisher } from './commands/home/publisher.js';
import { readHome } from './commands/home/view.js';
import { registerCommands } from './commands/index.js';
import { createPermissions } from './commands/permissions.js';
import { configSecrets, configWarnings, type Config } from './config.js';
import { createIntegrations } from './integrations/index.js';
import { createLogger, Redactor, toSlackLogger, type LogSink } from './logger.js';
import { AuditLog } from './store/audit.js';
import { openDatabase } from './store/db.js';
import { HomeVisits } from './store/home-visits.js';
import { ReminderStore } from './store/reminders.js';
import { RunStore, type Run } from './store/runs.js';
import { pollingRetryPolicy } from './workflows/engine/retry-policy.js';
import { SlackRunPresenter } from './workflows/engine/run-presenter.js';
import { Runner } from './workflows/engine/runner.js';
import { createWorkflows, describeRun } from './workflows/index.js';
import { ReminderPresenter } from './workflows/reminders/presenter.js';
import { ReminderScheduler } from './workflows/reminders/scheduler.js';

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

  const integrations = createIntegrations(config, {
    slackClient: app.client,
    clock,
    logger,
    redactor,
    timings,
  });
  const { slack, userZones } = integrations;
  const workflows = createWorkflows({ integrations, config, elapsed: elapsedMs });
  const describe = (run: Run) => describeRun(workflows, run);
  const presenter = new SlackRunPresenter({
    slack,
    runs,
    describe,
    clock,
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
  registerCommands(app, {
    runs,
    workflows,
    presenter,
    runner,
    describe,
    permissions,
    audit,
    redactor,
    clock,
    logger: logger.child('commands'),
    defaultEnvironment: config.defaultEnv,
    uploadAreas: config.uploadAreas,
    reminders,
    reminderSettings: config.reminders,
    reminderPresenter,
    userZones,
    home,
  });

  await app.init();
  const started = socketMode ? await app.start() : await app.start({ port: config.http.port, host: config.http.host });
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
      integrations.close();
      audit.flush();
      db.close();
      logger.info('bot stopped');
    },
  };
}
