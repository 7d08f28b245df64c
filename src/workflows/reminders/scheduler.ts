import { schedule, type ScheduledTask } from 'node-cron';
import { elapsedMs } from '../../clock.js';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { StoreFailures } from '../../store/health.js';
import { postNotices, type FiringOptions, type FiringReport } from './firing.js';

export interface SchedulerOptions extends FiringOptions {
  /** node-cron expression of the tick that triggers a scan (seconds field included). */
  tick: string;
  /** How long a claimed notice stays with this process before another may take it. */
  leaseMs: number;
  /** Notices claimed per scan round; a catch-up larger than this takes several rounds. */
  batchSize: number;
  /** Called after notices were posted (the App Home shows reminders). */
  onChange?: () => void;
  /** Where store errors of a scan go (the next tick scans again). */
  health: StoreFailures;
}

export interface ScanReport extends FiringReport {
  claimed: number;
}

/**
 * Fires due reminders. A short fixed tick only triggers a scan of the database for due notices, so the bot never
 * sleeps until a due time: a clock jump (suspend, NTP, the sandbox's clock) costs one scan.
 */
export class ReminderScheduler {
  private readonly options: SchedulerOptions;
  private task: ScheduledTask | undefined;
  private running: Promise<ScanReport> | undefined;
  private queued: Promise<ScanReport> | undefined;
  private missedNoted = false;
  private stopped = true;
  /** When a scan last finished without failing (monotonic ms, for /healthz). */
  lastScanAt: number | undefined;

  constructor(options: SchedulerOptions) {
    this.options = options;
  }

  /** Fires whatever came due while the bot was down, then scans on every tick. */
  start(): void {
    this.stopped = false;
    this.task = schedule(this.options.tick, () => this.kick(), {
      name: 'reminder-scan',
      logger: cronLogger(this.options.logger.child('cron')),
    });
    this.task.on('execution:missed', () => this.missed());
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.task?.destroy();
    await Promise.allSettled([this.running, this.queued]);
  }

  kick(): void {
    this.scanNow().catch((error: unknown) => {
      if (!this.options.health.failed('reminders', error)) {
        this.options.logger.error('reminder scan failed', { error: errorMessage(error) });
      }
    });
  }

  /** Scans now (after any scan in progress) and resolves with what it fired; for tests and the sandbox clock. */
  scanNow(): Promise<ScanReport> {
    if (this.stopped) return Promise.resolve({ claimed: 0, posted: 0, digests: 0, failed: 0 });
    if (!this.running) {
      this.running = this.scan().finally(() => {
        this.running = undefined;
        this.missedNoted = false;
      });
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.scanNow();
      });
    return this.queued;
  }

  /** node-cron reports every tick a jump skipped; one line and one scan are enough. */
  private missed(): void {
    if (!this.missedNoted) {
      this.missedNoted = true;
      this.options.logger.info('reminder ticks missed (clock jump or stall); scanning now');
    }
    this.kick();
  }

  private async scan(): Promise<ScanReport> {
    const { store, clock, claimer, leaseMs, batchSize, logger } = this.options;
    const report: ScanReport = { claimed: 0, posted: 0, digests: 0, failed: 0 };
    this.options.health.check();
    for (;;) {
      const claimed = store.claimDue(clock.now(), claimer, leaseMs, batchSize);
      if (claimed.length === 0) break;
      const round = await postNotices(claimed, this.options);
      report.claimed += claimed.length;
      report.posted += round.posted;
      report.digests += round.digests;
      report.failed += round.failed;
      this.options.onChange?.();
      if (claimed.length < batchSize || this.stopped) break;
    }
    this.lastScanAt = elapsedMs();
    if (report.claimed > 0) {
      this.options.health.succeeded();
      logger.info('reminder notices handled', { ...report });
    }
    return report;
  }
}

function cronLogger(logger: Logger) {
  const text = (message: string | Error) => (message instanceof Error ? message.message : message);
  return {
    info: (message: string) => logger.info(message),
    warn: (message: string) => logger.warn(message),
    error: (message: string | Error) => logger.error(text(message)),
    debug: (message: string | Error) => logger.debug(text(message)),
  };
}
