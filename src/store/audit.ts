import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

export interface AuditEntry {
  at: number;
  userId: string;
  action: string;
  arguments: string;
  outcome: string;
  runId?: number;
}

/**
 * Who did what, when, and how it ended: every command and click. Arguments must already be redacted. Rows recorded in
 * one turn of the event loop are written together in one transaction at the end of it, so a burst of commands does not
 * pay one SQLite commit each; reading flushes first.
 */
export class AuditLog {
  private readonly db: Db;
  private readonly insert: Statement<[number, string, string, string, string, number | null]>;
  private pending: AuditEntry[] = [];

  constructor(db: Db) {
    this.db = db;
    this.insert = db.prepare(
      'INSERT INTO audit (at, user_id, action, arguments, outcome, run_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  record(entry: AuditEntry): void {
    this.pending.push(entry);
    if (this.pending.length === 1) setImmediate(() => this.flush());
  }

  /** Writes the rows recorded so far; the bot calls it before closing the database. */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.db.transaction(() => {
      for (const e of batch) this.insert.run(e.at, e.userId, e.action, e.arguments, e.outcome, e.runId ?? null);
    })();
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
