import { App, LogLevel } from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { elapsedMs, systemClock, type Clock } from './clock.js';
import { healthReport, healthzRoute } from './commands/healthz.js';
import { errorMessage } from './errors.js';
import { HomePublisher } from './commands/home/publisher.js';
import { readHome } from './commands/home/view.js';
import { registerCommands } from './commands/index.js';
import { createPermissions } from './commands/permissions.js';
import { configSecrets, configWarnings, type Config } from './config.js';
import { createIntegrations } from './integrations/index.js';
import { refuseUnusableTimestamps } from './integrations/slack-request-timestamps.js';
import { createLogger, toSlackLogger, type LogSink } from './logger.js';
import { Redactor } from './redactor.js';
import { AuditLog } from './store/audit.js';
import { openDatabase, type Db } from './store/db.js';
import { StoreHealth } from './store/health.js';
import { HomeVisits } from './store/home-visits.js';
import { HtanChecklists } from './store/htan-checklists.js';
import { KnownProjects } from './store/known-projects.js';
import { ReminderStore } from './store/reminders.js';
import { RunStore, type Run } from './store/runs.js';
import { WatchStore } from './store/watch.js';
import { pollingRetryPolicy } from './workflows/engine/retry-policy.js';
import { SlackRunPresenter } from './workflows/engine/run-presenter.js';
import { Runner } from './workflows/engine/runner.js';
import { createWorkflows, describeRun, ensureStandingRuns } from './workflows/index.js';
import { ReminderPresenter } from './workflows/reminders/presenter.js';
import { ReminderScheduler } from './workflows/reminders/scheduler.js';

/** Internal pacing, not configuration: tests and the sandbox shorten it. */
export interface Timings {
  runnerTickMs: number;
  leaseMs: number;
  statusEditIntervalMs: number;
  slackPostIntervalMs: number;
  slackRateLimitRetries: number;
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
  /** How long without a runner tick or a reminder scan before /healthz answers 503. */
  healthStaleMs: number;
  /** Least time between two Azul requests (its WAF allows 1,000 per 5 minutes; the bot stays far below). */
  azulIntervalMs: number;
}

export const DEFAULT_TIMINGS: Timings = {
  runnerTickMs: 1000,
  leaseMs: 10 * 60_000,
  statusEditIntervalMs: 2000,
  slackPostIntervalMs: 1000,
  slackRateLimitRetries: 5,
  runConcurrency: 16,
  shutdownGraceMs: 5000,
  reminderTick: '*/15 * * * * *',
  reminderLeaseMs: 10 * 60_000,
  reminderRetryMs: 60_000,
  homeRefreshIntervalMs: 10_000,
  userZoneTtlMs: 6 * 3_600_000,
  healthStaleMs: 2 * 60_000,
  azulIntervalMs: 1000,
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
  /** The bot's database connection: for the sandbox's fault injection and tests. */
  db: Db;
  stop(): Promise<void>;
}

/** Wires configuration, store, integrations, workflows and listeners together and starts the bot. */
export async function startBot(config: Config, options: BotOptions = {}): Promise<RunningBot> {
  const clock = options.clock ?? systemClock;
  const timings = { ...DEFAULT_TIMINGS, ...options.timings };
  const redactor = new Redactor(configSecrets(config));
  const logger = createLogger({ level: config.logLevel, redactor, sink: options.logSink, now: () => clock.now() });
  for (const warning of configWarnings(config)) logger.warn(warning);

  const startedAt = elapsedMs();
  const db = openDatabase(config.databasePath);
  const health = new StoreHealth({ db, path: config.databasePath, logger: logger.child('store') });
  const runs = new RunStore(db, { redact: (text) => redactor.redact(text) });
  const audit = new AuditLog(db, health);
  const reminders = new ReminderStore(db);
  const checklists = new HtanChecklists(db);
  const stores = { watch: new WatchStore(db), projects: new KnownProjects(db), reminders };

  const healthz = healthzRoute(() =>
    healthReport({ store: health, runner, scheduler, startedAt, staleMs: timings.healthStaleMs }),
  );
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
    clientOptions: {
      slackApiUrl: config.slack.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: config.httpTimeoutMs,
    },
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
  const reminderPresenter = new ReminderPresenter({
    slack,
    store: reminders,
    settings: config.reminders,
    clock,
    logger: logger.child('reminders'),
    onChange: () => home.changed(),
  });
  const workflows = createWorkflows({
    integrations,
    config,
    checklists,
    elapsed: elapsedMs,
    stores,
    reminderPresenter,
  });
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
    health,
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
    health,
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
    health,
  });
  registerCommands(app, {
    runs,
    workflows,
    presenter,
    runner,
    describe,
    permissions,
    audit,
    health,
    redactor,
    clock,
    logger: logger.child('commands'),
    defaultEnvironment: config.defaultEnv,
    reminders,
    reminderSettings: config.reminders,
    reminderPresenter,
    userZones,
    home,
    slack,
    checklists,
    config,
    integrations,
    stores,
  });

  await reaching(`Slack's Web API at ${config.slack.apiUrl}`, () => app.init());
  const started = socketMode
    ? await reaching("Slack's Socket Mode", () => app.start())
    : await reaching(`a listening port on ${config.http.host}:${config.http.port}`, () =>
        app.start({ port: config.http.port, host: config.http.host }),
      );
  if (!socketMode) refuseUnusableTimestamps(started as Server, logger.child('slack'));
  const port = socketMode ? config.http.port : ((started as Server).address() as AddressInfo).port;
  ensureStandingRuns(workflows, runs, config, clock.now());
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
    db,
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

/** A start-up step that reaches out; its failure names what could not be reached and why, or what it answered. */
async function reaching<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const refusal = (error as { data?: { error?: unknown } }).data?.error;
    if (typeof refusal === 'string') throw new Error(`${what} answered "${refusal}"`, { cause: error });
    throw new Error(`could not reach ${what}: ${causes(error).join(': ')}`, { cause: error });
  }
}

/** An error's message and those of what it wraps (`original` in Slack's SDK, `cause` elsewhere), without repeats. */
function causes(error: unknown): string[] {
  const messages: string[] = [];
  for (let e: unknown = error; e !== undefined && messages.length < 5;) {
    const message = errorMessage(e).replace(/^A request error occurred: /, '');
    if (!messages.includes(message)) messages.push(message);
    const next = e as { original?: unknown; cause?: unknown } | null;
    e = typeof next === 'object' && next !== null ? (next.original ?? next.cause) : undefined;
  }
  return messages;
}
