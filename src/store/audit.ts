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

/** Who did what, when, and how it ended: every command and click. Arguments must already be redacted. */
export class AuditLog {
  private readonly db: Db;
  private readonly insert: Statement<[number, string, string, string, string, number | null]>;

  constructor(db: Db) {
    this.db = db;
    this.insert = db.prepare(
      'INSERT INTO audit (at, user_id, action, arguments, outcome, run_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  /** Runs before every ack, so the statement is prepared once. */
  record(entry: AuditEntry): void {
    this.insert.run(entry.at, entry.userId, entry.action, entry.arguments, entry.outcome, entry.runId ?? null);
  }

  recent(limit: number): AuditEntry[] {
    const rows = this.db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?').all(limit) as {
      at: number;
      user_id: string;
      action: string;
      arguments: string;
      outcome: string;
      run_id: number | null;
    }[];
    return rows.map((r) => ({
      at: r.at,
      userId: r.user_id,
      action: r.action,
      arguments: r.arguments,
      outcome: r.outcome,
      runId: r.run_id ?? undefined,
    }));
  }
}
