import { elapsedMs, type Clock } from '../../clock.js';
import { BotError, ChannelAccessError, ExternalServiceError, UnknownOutcomeError, errorMessage } from '../../errors.js';
import type { RunPresenter } from './run-presenter.js';
import type { Logger } from '../../logger.js';
import type { StoreFailures } from '../../store/health.js';
import { isActive, type JsonObject, type Run, type RunStore, type StepCommit } from '../../store/runs.js';
import { escapeMrkdwn } from '../kit/blocks.js';
import { backoffDelay, type RetryPolicy } from './retry-policy.js';
import type { StepContext, StepResult, Workflow } from './workflow.js';

export interface RunnerOptions {
  store: RunStore;
  workflows: ReadonlyMap<string, Workflow>;
  presenter: RunPresenter;
  clock: Clock;
  logger: Logger;
  /** Where store errors of the runner's own reads and writes go (it keeps ticking through them). */
  health: StoreFailures;
  retry: RetryPolicy;
  /** How often the runner looks for due runs when nothing kicks it. */
  tickMs: number;
  /** How long a claimed run stays with this runner before another may take it. */
  leaseMs: number;
  /** Runs executed at the same time. */
  concurrency: number;
  /** How long stop() waits for executing steps; an abandoned step keeps its lease and runs again after a restart. */
  shutdownGraceMs: number;
}

/** Wakes due runs, executes one step of each, and checkpoints the result. */
export class Runner {
  private readonly options: RunnerOptions;
  private readonly inFlight = new Map<number, Promise<void>>();
  /** The cancel signal of each executing step, by run id. */
  private readonly cancels = new Map<number, AbortController>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private ticking = false;
  private tickAgain = false;
  private stopped = true;
  private abandoned = false;
  /** When a tick last looked for due runs without failing (monotonic ms, for /healthz). */
  lastTickAt: number | undefined;

  constructor(options: RunnerOptions) {
    this.options = options;
  }

  /** Resumes every non-terminal run (their leases died with the previous process) and starts ticking. */
  start(): void {
    const { store, presenter } = this.options;
    store.releaseLeases();
    this.stopped = false;
    for (const run of store.active()) presenter.refresh(run);
    this.timer = setInterval(() => this.kick(), this.options.tickMs);
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    let grace: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight.values()]),
      new Promise((resolve) => (grace = setTimeout(resolve, this.options.shutdownGraceMs))),
    ]);
    clearTimeout(grace);
    this.abandoned = this.inFlight.size > 0;
  }

  /** Looks for due runs now (after a command started one, say). */
  kick(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = true;
    void this.tick()
      .catch((error: unknown) => this.crashed('runner tick', error))
      .finally(() => {
        this.ticking = false;
        if (this.tickAgain) {
          this.tickAgain = false;
          this.kick();
        }
      });
  }

  /** Tells the step a cancelled run is executing, if any, to stop (its context's signal aborts). */
  cancel(runId: number): void {
    this.cancels.get(runId)?.abort();
  }

  /** Executes one step of every due run and waits for them: a tick without the timer, for tests. */
  async runDue(): Promise<void> {
    this.stopped = false;
    await this.tick();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  private async tick(): Promise<void> {
    const { store, clock, concurrency, leaseMs } = this.options;
    this.options.health.check();
    const free = concurrency - this.inFlight.size;
    const now = clock.now();
    const due = free > 0 ? store.due(now, concurrency).filter((run) => !this.inFlight.has(run.id)) : [];
    this.lastTickAt = elapsedMs();
    for (const run of due.slice(0, free)) {
      if (!store.claim(run.id, now, leaseMs)) continue;
      const execution = this.execute(run)
        .catch((error: unknown) => this.crashed('run step', error, run))
        .finally(() => {
          this.inFlight.delete(run.id);
          if (this.timer) this.kick();
        });
      this.inFlight.set(run.id, execution);
    }
  }

  /** A store error (reported, counted, logged once) or a bug (logged each time); the runner goes on either way. */
  private crashed(what: string, error: unknown, run?: Run): void {
    if (this.options.health.failed('runner', error)) return;
    this.options.logger.error(`${what} crashed`, { ...(run ? { run: run.ref } : {}), error: errorMessage(error) });
  }

  private async execute(claimed: Run): Promise<void> {
    const { workflows, presenter, clock, logger } = this.options;
    const workflow = workflows.get(claimed.kind);
    if (!workflow) {
      this.commit(claimed, fail(claimed, `This bot does not know runs of kind "${claimed.kind}".`));
      return;
    }
    let run: Run;
    try {
      run = await presenter.ensureRoot(claimed);
    } catch (error) {
      await this.handleFailure(claimed, error);
      return;
    }
    const params = workflow.params.safeParse(run.params);
    if (!params.success) {
      this.commit(run, fail(run, `The stored parameters of ${run.ref} are not valid any more.`));
      return;
    }
    const step = workflow.steps[run.step];
    if (!step) {
      this.commit(run, fail(run, `${run.ref} is at step "${run.step}", which this bot does not know.`));
      return;
    }
    const state = { ...workflow.initialState, ...run.state };
    const cancel = new AbortController();
    this.cancels.set(run.id, cancel);
    const context: StepContext<JsonObject, JsonObject> = {
      run,
      params: params.data,
      state,
      now: clock.now(),
      clock,
      signal: cancel.signal,
      reply: async (message) => {
        if (this.stillActive(run.id)) await presenter.reply(run, message);
      },
      upload: async (file) => {
        if (this.stillActive(run.id)) await presenter.upload(run, file);
      },
      show: (shown) => {
        // Only a picture of progress: a store or rendering error here must not fail the work that reported it.
        try {
          if (this.stillActive(run.id)) presenter.redraw({ ...run, state: shown });
        } catch (error) {
          logger.warn('could not show progress', { run: run.ref, error: errorMessage(error) });
        }
      },
      once: (key, call) => this.once(run, key, call),
    };
    logger.debug('run step', { run: run.ref, step: run.step });
    let result: StepResult<JsonObject>;
    try {
      result = await step(context);
    } catch (error) {
      await this.handleFailure(run, error);
      return;
    } finally {
      this.cancels.delete(run.id);
    }
    this.commit(run, toCommit(run, state, result, clock.now()));
  }

  /** A step that outlives a cancel finishes quietly: it does not post in the thread any more. */
  private stillActive(id: number): boolean {
    const status = this.options.store.statusOf(id);
    return status !== undefined && isActive(status);
  }

  private async once<T>(run: Run, key: string, call: () => Promise<T>): Promise<T> {
    const { store, clock } = this.options;
    const recorded = store.effect(run.id, key);
    if (recorded) {
      if (recorded.finishedAt === null) throw new UnknownOutcomeError(key);
      return recorded.outcome as T;
    }
    if (!store.startEffect(run.id, key, clock.now())) throw new UnknownOutcomeError(key);
    let outcome: T;
    try {
      outcome = await call();
    } catch (error) {
      if (isRefusal(error)) store.clearEffect(run.id, key);
      throw error;
    }
    store.finishEffect(run.id, key, outcome, clock.now());
    return outcome;
  }

  private async handleFailure(run: Run, error: unknown): Promise<void> {
    const { presenter, clock, retry, logger } = this.options;
    const message = describeFailure(error);
    const retryable = error instanceof BotError ? error.retryable : false;
    logger.warn('run step failed', { run: run.ref, step: run.step, retryable, error: message });
    const attempts = run.attempts + 1;
    if (isSlackFailure(error)) {
      await this.waitForSlack(run, message, attempts, error instanceof ChannelAccessError);
      return;
    }
    if (retryable && attempts < retry.maxAttempts) {
      const wakeAt = clock.now() + backoffDelay(retry, attempts);
      if (
        this.commit(run, paused(run, message, message, attempts, wakeAt)) &&
        run.lastError !== message &&
        run.threadTs
      ) {
        await presenter.reply(run, pausedMessage(message, wakeAt, attempts)).catch(() => undefined);
      }
      return;
    }
    const reason = retryable ? `${message} (gave up after ${attempts} attempts)` : message;
    if (this.commit(run, fail(run, reason)) && run.threadTs) {
      await presenter.reply(run, failedMessage(run, reason)).catch(() => undefined);
    }
  }

  /**
   * A post the run needs was refused by Slack: the step waits and is tried again with capped backoff for as long as it
   * takes (never failing the run for it), shown on /hca status and App Home; the requester is told privately when the
   * bot must be invited, once.
   */
  private async waitForSlack(run: Run, message: string, attempts: number, invite: boolean): Promise<void> {
    const { presenter, clock, retry } = this.options;
    const wakeAt = clock.now() + backoffDelay(retry, attempts);
    const lastError = `${message} The run waits and tries again by itself.`;
    const commit = paused(run, message, lastError, attempts, wakeAt);
    if (this.commit(run, commit) && invite && run.lastError !== lastError) await presenter.tellRequester(run, message);
  }

  private commit(run: Run, commit: StepCommit): boolean {
    if (this.abandoned) return false;
    const { store, presenter, clock } = this.options;
    const written = store.commitStep(run.id, commit, clock.now());
    this.options.health.succeeded();
    const latest = store.get(run.id);
    if (latest) presenter.refresh(latest);
    return written;
  }
}

function toCommit(run: Run, previous: JsonObject, result: StepResult<JsonObject>, now: number): StepCommit {
  const state = result.state ?? previous;
  switch (result.kind) {
    case 'next':
      return {
        status: result.status ?? 'running',
        step: result.step,
        state,
        wakeAt: result.wakeAt ?? now,
        attempts: 0,
        lastError: null,
        event: { step: run.step, event: 'completed', detail: { next: result.step } },
      };
    case 'wait':
      return {
        status: result.status ?? 'waiting',
        step: run.step,
        state,
        wakeAt: result.wakeAt,
        attempts: 0,
        lastError: null,
        event: { step: run.step, event: 'waiting', detail: { wakeAt: result.wakeAt } },
      };
    case 'done':
      return {
        status: result.status,
        step: result.resumeAt ?? run.step,
        state,
        wakeAt: null,
        attempts: 0,
        lastError: result.error ?? null,
        event: { step: run.step, event: result.status, ...(result.error ? { detail: { error: result.error } } : {}) },
      };
  }
}

/** The step waits for `wakeAt` after a failure (`error`), showing `lastError`. */
function paused(run: Run, error: string, lastError: string, attempts: number, wakeAt: number): StepCommit {
  return {
    status: 'waiting',
    step: run.step,
    state: run.state,
    wakeAt,
    attempts,
    lastError,
    event: { step: run.step, event: 'paused', detail: { error, attempts, wakeAt } },
  };
}

function fail(run: Run, error: string): StepCommit {
  return {
    status: 'failed',
    step: run.step,
    state: run.state,
    wakeAt: null,
    attempts: run.attempts,
    lastError: error,
    event: { step: run.step, event: 'failed', detail: { error } },
  };
}

/**
 * The call certainly did nothing: the service refused it (a 4xx such as a bad request), or it never left because its
 * credentials could not be had (a secret lookup, or a key the service refused twice). Not an unknown outcome.
 */
function isRefusal(error: unknown): boolean {
  if (!(error instanceof BotError)) return false;
  return error.code === 'secret_lookup' || (error.code === 'external_service' && !error.retryable);
}

/** Slack refused or failed a post (the run's messages cannot go out), as opposed to a failure of the step's work. */
function isSlackFailure(error: unknown): boolean {
  return error instanceof ChannelAccessError || (error instanceof ExternalServiceError && error.service === 'Slack');
}

function describeFailure(error: unknown): string {
  if (error instanceof BotError) return error.message;
  return `Unexpected error: ${errorMessage(error)}`;
}

function pausedMessage(message: string, wakeAt: number, attempts: number) {
  const seconds = Math.floor(wakeAt / 1000);
  return {
    text: `Paused: ${escapeMrkdwn(message)} Retrying at <!date^${seconds}^{time_secs}|soon> (attempt ${attempts + 1}).`,
  };
}

function failedMessage(run: Run, reason: string) {
  return {
    text: `:x: ${run.ref} failed at step \`${run.step}\`: ${escapeMrkdwn(reason)}\nAn operator can resume it with \`/hca retry ${run.ref}\`.`,
  };
}
