import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import type { StoreFailures } from './health.js';

export interface AuditEntry {
  at: number;
  userId: string;
  action: string;
  arguments: string;
  outcome: string;
  runId?: number;
}

/** Rows kept in memory while the store cannot save; past this the oldest are dropped (and counted). */
const MAX_UNSAVED = 10_000;

/**
 * Who did what, when, and how it ended: every command and click. Arguments must already be redacted. Rows recorded in
 * one turn of the event loop are written together in one transaction at the end of it, so a burst of commands does not
 * pay one SQLite commit each; reading flushes first. A flush that fails (disk full, damaged database) never throws:
 * it is reported, and its rows are kept for the next one.
 */
export class AuditLog {
  private readonly db: Db;
  private readonly health: StoreFailures;
  private readonly insert: Statement<[number, string, string, string, string, number | null]>;
  private pending: AuditEntry[] = [];
  private scheduled = false;
  /** Rows given up while the store could not save. */
  dropped = 0;

  constructor(db: Db, health: StoreFailures) {
    this.db = db;
    this.health = health;
    this.insert = db.prepare(
      'INSERT INTO audit (at, user_id, action, arguments, outcome, run_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  record(entry: AuditEntry): void {
    this.pending.push(entry);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Writes the rows recorded so far; the bot calls it before closing the database. */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      this.db.transaction(() => {
        for (const e of batch) this.insert.run(e.at, e.userId, e.action, e.arguments, e.outcome, e.runId ?? null);
      })();
      this.health.succeeded();
    } catch (error) {
      this.health.failed('audit', error);
      this.pending = batch.concat(this.pending);
      const excess = this.pending.length - MAX_UNSAVED;
      if (excess > 0) {
        this.pending.splice(0, excess);
        this.dropped += excess;
      }
    }
  }

  recent(limit: number): AuditEntry[] {
    this.flush();
    return this.read(this.db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?').all(limit));
  }

  /** The newest entries whose arguments mention `text` (a UUID), or that belong to one of `runIds`. */
  mentioning(text: string, runIds: readonly number[], limit: number): AuditEntry[] {
    this.flush();
    const runs = runIds.length > 0 ? ` OR run_id IN (${runIds.map(() => '?').join(', ')})` : '';
    const rows = this.db
      .prepare(`SELECT * FROM audit WHERE arguments LIKE ?${runs} ORDER BY id DESC LIMIT ?`)
      .all(`%${text}%`, ...runIds, limit);
    return this.read(rows);
  }

  private read(rows: unknown[]): AuditEntry[] {
    return (
      rows as {
        at: number;
        user_id: string;
        action: string;
        arguments: string;
        outcome: string;
        run_id: number | null;
      }[]
    ).map((r) => ({
      at: r.at,
      userId: r.user_id,
      action: r.action,
      arguments: r.arguments,
      outcome: r.outcome,
      runId: r.run_id ?? undefined,
    }));
  }
}
