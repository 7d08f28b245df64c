import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { elapsedMs } from '../clock.js';
import { StoreUnavailableError, errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Db } from './db.js';

/** How long a look at the database file stays good for writes, which check it: it must cost next to nothing. */
const RECHECK_MS = 100;

/** Why the store cannot save: `reason` for replies ("disk full"), `detail` for the log and /healthz. */
export interface StoreProblem {
  reason: string;
  detail: string;
}

/** What SQLite's error codes mean for a person; undefined for errors that are not the store's (a constraint, a bug). */
function problemOf(error: unknown): StoreProblem | undefined {
  if (error instanceof StoreUnavailableError) return { reason: error.reason, detail: errorMessage(error.cause) };
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const detail = `${code}: ${errorMessage(error)}`;
  if (code === 'SQLITE_FULL') return { reason: 'disk full', detail };
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
    return { reason: 'its database is damaged', detail };
  if (code.startsWith('SQLITE_READONLY')) return { reason: 'its database is read-only', detail };
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return { reason: 'disk error', detail };
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return { reason: 'its database is busy', detail };
  if (code.startsWith('SQLITE_') && !code.startsWith('SQLITE_CONSTRAINT')) return { reason: 'database error', detail };
  return undefined;
}

/** The database file as opened: the same file (device and inode) must still be there, writable, for writes to count. */
function fileProblem(file: { path: string; dev: number; ino: number }): StoreProblem | undefined {
  let now;
  try {
    now = statSync(file.path);
  } catch {
    return {
      reason: 'its database file is gone',
      detail: `${file.path} was deleted or moved while the bot was running: restore it (or a backup) and restart the bot`,
    };
  }
  if (now.dev !== file.dev || now.ino !== file.ino) {
    return {
      reason: 'its database file was replaced',
      detail: `${file.path} is not the file the bot opened at start-up: restart the bot to use it`,
    };
  }
  try {
    accessSync(file.path, constants.W_OK);
    accessSync(dirname(file.path), constants.W_OK);
  } catch {
    return { reason: 'its database file is read-only', detail: `${file.path} or its folder may not be written to` };
  }
  return undefined;
}

/**
 * Whether the store can save, and what went wrong when it could not. Every write on the bot's connection passes
 * `assertWritable` (see `guardWrites`), so when the file was deleted, replaced or made read-only under the bot, writes
 * refuse instead of going where nobody will read them. Failed writes are reported with `failed`: counted, and logged
 * once per problem, not once per request; a write that goes through again ends the problem.
 */
export class StoreHealth {
  private readonly file: { path: string; dev: number; ino: number } | undefined;
  private readonly logger: Logger;
  private checkedAt = -Infinity;
  private fileTrouble: StoreProblem | undefined;
  private writeTrouble: StoreProblem | undefined;
  private logged: string | undefined;
  /** Failed writes (and reads) since start-up, by what was writing. */
  readonly failures = new Map<string, number>();

  constructor(options: { path: string; logger: Logger }) {
    this.logger = options.logger;
    if (options.path !== ':memory:') {
      const { dev, ino } = statSync(options.path);
      this.file = { path: options.path, dev, ino };
    }
  }

  /** What keeps the store from saving now, if anything (the file looked at afresh). */
  problem(): StoreProblem | undefined {
    this.checkedAt = -Infinity;
    return this.checkFile() ?? this.writeTrouble;
  }

  /** Refuses a write while the database file is not the one opened, or not writable. */
  assertWritable(): void {
    const trouble = this.checkFile();
    if (trouble) throw new StoreUnavailableError(trouble.reason, { cause: new Error(trouble.detail) });
  }

  /**
   * Reports an error of a read or write on the store by `source` (`audit`, `runner`…): counted and logged once per
   * problem. Returns it as a StoreUnavailableError for the person's reply, or undefined when it is not the store's.
   */
  failed(source: string, error: unknown): StoreUnavailableError | undefined {
    const trouble = problemOf(error);
    if (!trouble) return undefined;
    this.failures.set(source, (this.failures.get(source) ?? 0) + 1);
    if (!this.checkFile()) this.writeTrouble = trouble;
    this.log(trouble, source);
    return error instanceof StoreUnavailableError ? error : new StoreUnavailableError(trouble.reason, { cause: error });
  }

  /** A write went through: a full disk or a busy database has passed. */
  succeeded(): void {
    if (!this.writeTrouble || this.checkFile()) return;
    this.writeTrouble = undefined;
    this.logged = undefined;
    this.logger.info('the bot can save again', { failedSoFar: Object.fromEntries(this.failures) });
  }

  private checkFile(): StoreProblem | undefined {
    if (!this.file) return undefined;
    const now = elapsedMs();
    if (now - this.checkedAt < RECHECK_MS) return this.fileTrouble;
    this.checkedAt = now;
    this.fileTrouble = fileProblem(this.file);
    if (this.fileTrouble) this.log(this.fileTrouble, 'file check');
    return this.fileTrouble;
  }

  private log(trouble: StoreProblem, source: string): void {
    if (this.logged === trouble.reason) return;
    this.logged = trouble.reason;
    this.logger.error(`the bot cannot save (${trouble.reason})`, { detail: trouble.detail, source });
  }
}

/** Where background writers (audit, runner, reminders, App Home) report how their writes went. */
export type StoreFailures = Pick<StoreHealth, 'failed' | 'succeeded'>;

/**
 * Calls `check` before every insert, update and delete of every table on this connection (TEMP triggers named
 * `<name>_<table>_<operation>`, which reach no file): when it throws, the write is refused and its transaction rolls
 * back, whichever store made it.
 */
export function beforeEveryWrite(db: Db, name: string, check: () => void): void {
  db.function(`${name}_check`, { deterministic: false }, () => {
    check();
    return null;
  });
  const tables = db
    .prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    for (const operation of ['INSERT', 'UPDATE', 'DELETE']) {
      db.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS "${name}_${table}_${operation.toLowerCase()}" BEFORE ${operation} ON main."${table}"
         BEGIN SELECT ${name}_check(); END`,
      );
    }
  }
}

/** Makes every write on this connection ask `health` first. */
export function guardWrites(db: Db, health: StoreHealth): void {
  beforeEveryWrite(db, 'guard', () => health.assertWritable());
}
