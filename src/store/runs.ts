import type { Db } from './db.js';
import { found, shortIds, statusSet } from './rows.js';

export const ACTIVE_STATUSES = ['running', 'waiting', 'awaiting_approval'] as const;
export type ActiveStatus = (typeof ACTIVE_STATUSES)[number];
export type FinalStatus = 'succeeded' | 'failed' | 'cancelled' | 'timed_out';
export type RunStatus = ActiveStatus | FinalStatus;

export type JsonObject = Record<string, unknown>;

export interface Run {
  id: number;
  ref: string;
  kind: string;
  idempotencyKey: string;
  params: JsonObject;
  state: JsonObject;
  status: RunStatus;
  step: string;
  environment: string | null;
  subject: string | null;
  channelId: string;
  threadTs: string | null;
  statusTs: string | null;
  /** The status message's content as last posted or edited (the presenter's record, to skip edits that change nothing). */
  statusShown: string | null;
  responseUrl: string | null;
  requester: string;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
  wakeAt: number | null;
  attempts: number;
  lastError: string | null;
}

export interface NewRun {
  kind: string;
  idempotencyKey: string;
  triggerId?: string;
  params: JsonObject;
  step: string;
  environment?: string;
  subject?: string;
  channelId: string;
  responseUrl?: string;
  requester: string;
}

/** What a finished step changes; the runner builds it, the store writes it with the step's event in one transaction. */
export interface StepCommit {
  status: RunStatus;
  step: string;
  state: JsonObject;
  wakeAt: number | null;
  attempts: number;
  lastError: string | null;
  event: { step: string; event: string; detail?: JsonObject };
}

export interface RunEvent {
  id: number;
  at: number;
  step: string;
  event: string;
  detail: JsonObject | null;
}

export interface Effect {
  startedAt: number;
  finishedAt: number | null;
  outcome: unknown;
}

interface RunRow {
  id: number;
  kind: string;
  idempotency_key: string;
  params: string;
  state: string;
  status: RunStatus;
  step: string;
  environment: string | null;
  subject: string | null;
  channel_id: string;
  thread_ts: string | null;
  status_ts: string | null;
  status_shown: string | null;
  response_url: string | null;
  requester: string;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  wake_at: number | null;
  attempts: number;
  last_error: string | null;
}

/** `R42`, and back: `parseRunRef` reads `R42` or `r42` as 42, anything else as not a run id. */
export const { ref: runRef, parse: parseRunRef } = shortIds('R');
const ACTIVE = statusSet(ACTIVE_STATUSES);

export function isActive(status: RunStatus): status is ActiveStatus {
  return ACTIVE.has(status);
}

function toRun(row: RunRow): Run {
  return {
    id: row.id,
    ref: runRef(row.id),
    params: JSON.parse(row.params) as JsonObject,
    state: JSON.parse(row.state) as JsonObject,
    kind: row.kind,
    idempotencyKey: row.idempotency_key,
    status: row.status,
    step: row.step,
    environment: row.environment,
    subject: row.subject,
    channelId: row.channel_id,
    threadTs: row.thread_ts,
    statusTs: row.status_ts,
    statusShown: row.status_shown,
    responseUrl: row.response_url,
    requester: row.requester,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    wakeAt: row.wake_at,
    attempts: row.attempts,
    lastError: row.last_error,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
  );
}

/** A person's answer to a question a run asked (a button), kept in the run's state under `decisions`. */
export interface Decision {
  value: string;
  by: string;
  at: number;
}

export type DecideOutcome =
  | { ok: true; run: Run }
  | { ok: false; reason: 'not_asked'; run?: Run }
  | { ok: false; reason: 'decided'; decision: Decision };

export type RetryOutcome = { ok: true; run: Run } | { ok: false; reason: 'not_failed' | 'key_busy'; other?: Run };

/** Runs that ended this way can be retried: they resume where they stopped. */
export function isRetryable(status: RunStatus): boolean {
  return status === 'failed' || status === 'timed_out' || status === 'cancelled';
}

/** Durable workflow runs, their step history and their guarded side effects. All methods are synchronous. */
export class RunStore {
  private readonly db: Db;
  private readonly redact: (text: string) => string;

  /**
   * `redact` is applied to what a run says went wrong (`last_error`, event details) before it is stored: an error may
   * quote a remote answer or a name someone chose. Params and state are kept as they are: runs work with them.
   */
  constructor(db: Db, options: { redact?: (text: string) => string } = {}) {
    this.db = db;
    this.redact = options.redact ?? ((text) => text);
  }

  private redacted<T>(value: T): T {
    return (typeof value === 'string' ? this.redact(value) : value) as T;
  }

  /** Starts a run, or returns the active run with the same idempotency key (or the run of the same Slack trigger). */
  startOrJoin(input: NewRun, now: number): { run: Run; created: boolean } {
    return this.db.transaction(() => {
      const existing = this.findExisting(input);
      if (existing) return { run: existing, created: false };
      try {
        const { lastInsertRowid } = this.db
          .prepare(
            `INSERT INTO runs (kind, idempotency_key, trigger_id, params, status, step, environment, subject, channel_id,
               response_url, requester, created_at, updated_at, wake_at)
             VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            input.kind,
            input.idempotencyKey,
            input.triggerId ?? null,
            JSON.stringify(input.params),
            input.step,
            input.environment ?? null,
            input.subject ?? null,
            input.channelId,
            input.responseUrl ?? null,
            input.requester,
            now,
            now,
            now,
          );
        const id = Number(lastInsertRowid);
        this.appendEvent(id, now, input.step, 'started', { requester: input.requester });
        return { run: this.require(id), created: true };
      } catch (error) {
        const raced = isUniqueViolation(error) ? this.findExisting(input) : undefined;
        if (raced) return { run: raced, created: false };
        throw error;
      }
    })();
  }

  private findExisting(input: NewRun): Run | undefined {
    if (input.triggerId) {
      const byTrigger = this.db.prepare('SELECT * FROM runs WHERE trigger_id = ?').get(input.triggerId) as
        RunRow | undefined;
      if (byTrigger) return toRun(byTrigger);
    }
    return this.activeByKey(input.idempotencyKey);
  }

  private activeByKey(idempotencyKey: string): Run | undefined {
    const row = this.db
      .prepare(`SELECT * FROM runs WHERE idempotency_key = ? AND ${ACTIVE.sql}`)
      .get(idempotencyKey) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  get(id: number): Run | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  /** A run's status alone (no state parsed): for checks made often, such as whether a step may still post. */
  statusOf(id: number): RunStatus | undefined {
    const row = this.db.prepare('SELECT status FROM runs WHERE id = ?').get(id) as { status: RunStatus } | undefined;
    return row?.status;
  }

  require(id: number): Run {
    return found(this.get(id), `run ${runRef(id)}`);
  }

  /** Active runs whose wake time has come and that no runner holds, oldest wake first. */
  due(now: number, limit: number): Run[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM runs WHERE wake_at IS NOT NULL AND wake_at <= ? AND ${ACTIVE.sql}
           AND (lease_until IS NULL OR lease_until <= ?) ORDER BY wake_at LIMIT ?`,
      )
      .all(now, now, limit) as RunRow[];
    return rows.map(toRun);
  }

  /** Takes a run for one step; false when another runner holds it or it is no longer active. */
  claim(id: number, now: number, leaseMs: number): boolean {
    const result = this.db
      .prepare(
        `UPDATE runs SET lease_until = ? WHERE id = ? AND ${ACTIVE.sql} AND (lease_until IS NULL OR lease_until <= ?)`,
      )
      .run(now + leaseMs, id, now);
    return result.changes === 1;
  }

  /** Releases every lease: on start-up, the runner that held them is gone. */
  releaseLeases(): number {
    return this.db.prepare('UPDATE runs SET lease_until = NULL WHERE lease_until IS NOT NULL').run().changes;
  }

  /** Writes a step's result and its event; false (nothing written) if the run was cancelled meanwhile. */
  commitStep(id: number, commit: StepCommit, now: number): boolean {
    return this.db.transaction(() => {
      const answered = this.decisionsArrivedDuring(id, commit);
      if (answered) commit = { ...commit, state: { ...commit.state, decisions: answered }, wakeAt: now };
      const finished = !isActive(commit.status);
      const result = this.db
        .prepare(
          `UPDATE runs SET status = ?, step = ?, state = ?, wake_at = ?, attempts = ?, last_error = ?, updated_at = ?,
             finished_at = ?, lease_until = NULL WHERE id = ? AND ${ACTIVE.sql}`,
        )
        .run(
          commit.status,
          commit.step,
          JSON.stringify(commit.state),
          finished ? null : commit.wakeAt,
          commit.attempts,
          this.redacted(commit.lastError),
          now,
          finished ? now : null,
          id,
        );
      if (result.changes !== 1) return false;
      this.appendEvent(id, now, commit.event.step, commit.event.event, commit.event.detail);
      return true;
    })();
  }

  /** Decisions recorded while the step executed are kept, and wake the run at once. */
  private decisionsArrivedDuring(id: number, commit: StepCommit): Record<string, Decision> | undefined {
    const stored = (this.get(id)?.state.decisions ?? {}) as Record<string, Decision>;
    const known = (commit.state.decisions ?? {}) as Record<string, Decision>;
    const arrived = Object.keys(stored).filter((key) => !(key in known));
    return arrived.length > 0 ? { ...known, ...stored } : undefined;
  }

  setMessages(id: number, statusTs: string, threadTs: string): void {
    this.db.prepare('UPDATE runs SET status_ts = ?, thread_ts = ? WHERE id = ?').run(statusTs, threadTs, id);
  }

  setStatusShown(id: number, shown: string): void {
    this.db.prepare('UPDATE runs SET status_shown = ? WHERE id = ?').run(shown, id);
  }

  /** Cancels an active run; returns the run as it now is, or undefined if it was not active. */
  cancel(id: number, by: string, now: number): Run | undefined {
    return this.db.transaction(() => {
      const result = this.db
        .prepare(
          `UPDATE runs SET status = 'cancelled', wake_at = NULL, lease_until = NULL, finished_at = ?, updated_at = ?
           WHERE id = ? AND ${ACTIVE.sql}`,
        )
        .run(now, now, id);
      if (result.changes !== 1) return undefined;
      const run = this.require(id);
      this.appendEvent(id, now, run.step, 'cancelled', { by });
      return run;
    })();
  }

  /** Puts a failed, timed-out or cancelled run back to work where it stopped. */
  retry(id: number, by: string, now: number): RetryOutcome {
    return this.db.transaction((): RetryOutcome => {
      const run = this.get(id);
      if (!run || !isRetryable(run.status)) return { ok: false, reason: 'not_failed' };
      const other = this.activeByKey(run.idempotencyKey);
      if (other) return { ok: false, reason: 'key_busy', other };
      this.db
        .prepare(
          `UPDATE runs SET status = 'running', wake_at = ?, attempts = 0, last_error = NULL, finished_at = NULL,
             updated_at = ?, state = ? WHERE id = ?`,
        )
        .run(now, now, JSON.stringify({ ...run.state, resumedAt: now }), id);
      this.appendEvent(id, now, run.step, 'retried', { by });
      return { ok: true, run: this.require(id) };
    })();
  }

  /**
   * Records the first answer to question `key` of a run waiting at `step`, and wakes the run. A later answer, or an
   * answer to a question the run is not asking any more, changes nothing.
   */
  decide(id: number, step: string, key: string, decision: Decision): DecideOutcome {
    return this.db.transaction((): DecideOutcome => {
      const run = this.get(id);
      const decisions = (run?.state.decisions ?? {}) as Record<string, Decision>;
      const earlier = decisions[key];
      if (earlier) return { ok: false, reason: 'decided', decision: earlier };
      if (!run || run.step !== step || run.status !== 'awaiting_approval')
        return { ok: false, reason: 'not_asked', run };
      const state = { ...run.state, decisions: { ...decisions, [key]: decision } };
      this.db
        .prepare(`UPDATE runs SET state = ?, wake_at = ?, updated_at = ? WHERE id = ?`)
        .run(JSON.stringify(state), decision.at, decision.at, id);
      this.appendEvent(id, decision.at, step, 'decided', { key, ...decision });
      return { ok: true, run: this.require(id) };
    })();
  }

  /** Wakes an active run now (a "Re-check now" button); false if it is not active. */
  wake(id: number, now: number): boolean {
    return this.db.prepare(`UPDATE runs SET wake_at = ? WHERE id = ? AND ${ACTIVE.sql}`).run(now, id).changes === 1;
  }

  active(): Run[] {
    return (this.db.prepare(`SELECT * FROM runs WHERE ${ACTIVE.sql} ORDER BY id`).all() as RunRow[]).map(toRun);
  }

  activeFor(user: string): Run[] {
    return this.active().filter((run) => run.requester === user);
  }

  recentlyFinished(limit: number): Run[] {
    const rows = this.db
      .prepare('SELECT * FROM runs WHERE finished_at IS NOT NULL ORDER BY finished_at DESC, id DESC LIMIT ?')
      .all(limit) as RunRow[];
    return rows.map(toRun);
  }

  /** Finished runs with this idempotency key (the same work done before), newest first. */
  finishedWithKey(idempotencyKey: string): Run[] {
    const rows = this.db
      .prepare('SELECT * FROM runs WHERE idempotency_key = ? AND finished_at IS NOT NULL ORDER BY id DESC')
      .all(idempotencyKey) as RunRow[];
    return rows.map(toRun);
  }

  /** The most recent run about a subject (a submission uuid, say), active runs first. */
  /** Runs about a UUID (their subject, or a UUID in their parameters or state), newest first. */
  mentioning(uuid: string, limit: number): Run[] {
    const like = `%${uuid}%`;
    const rows = this.db
      .prepare('SELECT * FROM runs WHERE subject = ? OR params LIKE ? OR state LIKE ? ORDER BY id DESC LIMIT ?')
      .all(uuid, like, like, limit) as RunRow[];
    return rows.map(toRun);
  }

  latestForSubject(subject: string): Run | undefined {
    const row = this.db
      .prepare(`SELECT * FROM runs WHERE subject = ? ORDER BY ${ACTIVE.sql} DESC, id DESC LIMIT 1`)
      .get(subject) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  appendEvent(runId: number, at: number, step: string, event: string, detail?: JsonObject): void {
    this.db
      .prepare('INSERT INTO run_events (run_id, at, step, event, detail) VALUES (?, ?, ?, ?, ?)')
      .run(
        runId,
        at,
        step,
        event,
        detail ? JSON.stringify(detail, (_key, value: unknown) => this.redacted(value)) : null,
      );
  }

  events(runId: number): RunEvent[] {
    const rows = this.db.prepare('SELECT * FROM run_events WHERE run_id = ? ORDER BY id').all(runId) as {
      id: number;
      at: number;
      step: string;
      event: string;
      detail: string | null;
    }[];
    return rows.map((r) => ({ ...r, detail: r.detail ? (JSON.parse(r.detail) as JsonObject) : null }));
  }

  effect(runId: number, key: string): Effect | undefined {
    const row = this.db
      .prepare('SELECT started_at, finished_at, outcome FROM run_effects WHERE run_id = ? AND effect_key = ?')
      .get(runId, key) as { started_at: number; finished_at: number | null; outcome: string | null } | undefined;
    if (!row) return undefined;
    return {
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      outcome: row.outcome === null ? undefined : (JSON.parse(row.outcome) as unknown),
    };
  }

  /** Commits the intent to make a non-idempotent call; false if an intent for this key already exists. */
  startEffect(runId: number, key: string, now: number): boolean {
    // An intent must outlive a power cut, not only a crash of the bot: this one commit waits for a full fsync.
    this.db.pragma('synchronous = FULL');
    try {
      this.db.prepare('INSERT INTO run_effects (run_id, effect_key, started_at) VALUES (?, ?, ?)').run(runId, key, now);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  finishEffect(runId: number, key: string, outcome: unknown, now: number): void {
    this.db
      .prepare('UPDATE run_effects SET finished_at = ?, outcome = ? WHERE run_id = ? AND effect_key = ?')
      .run(now, JSON.stringify(outcome ?? null), runId, key);
  }

  /** Forgets an effect so that a person's explicit decision (e.g. "Create a new one") may send it again. */
  clearEffect(runId: number, key: string): void {
    this.db.prepare('DELETE FROM run_effects WHERE run_id = ? AND effect_key = ?').run(runId, key);
  }
}
