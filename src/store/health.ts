import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreUnavailableError, errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Db } from './db.js';

/** Why the store cannot save: `reason` for replies ("disk full"), `detail` for the log and /healthz. */
export interface StoreProblem {
  reason: string;
  detail: string;
}

/** What SQLite's error codes mean for a person; undefined for errors that are not the store's (a constraint, a bug). */
function problemOf(error: unknown): StoreProblem | undefined {
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
 * Whether the store can save, and what went wrong when it could not. `check` looks at the database file (commands,
 * clicks, the runner's tick and /healthz call it): when it was deleted, replaced or made read-only under the bot, the
 * connection is switched to `query_only`, so writes refuse instead of going where nobody will read them. Failed writes
 * are reported with `failed`: counted, and logged once per problem, not once per request; a write that goes through
 * again ends the problem.
 */
export class StoreHealth {
  private readonly db: Db;
  private readonly file: { path: string; dev: number; ino: number } | undefined;
  private readonly logger: Logger;
  private fileTrouble: StoreProblem | undefined;
  private writeTrouble: StoreProblem | undefined;
  private logged: string | undefined;
  /** Failed writes (and reads) since start-up, by what was writing. */
  readonly failures = new Map<string, number>();

  constructor(options: { db: Db; path: string; logger: Logger }) {
    this.db = options.db;
    this.logger = options.logger;
    if (options.path !== ':memory:') {
      const { dev, ino } = statSync(options.path);
      this.file = { path: options.path, dev, ino };
    }
  }

  /** What keeps the store from saving now, if anything (the file looked at afresh). */
  problem(): StoreProblem | undefined {
    return this.check() ?? this.writeTrouble;
  }

  /** Looks at the database file now; while it is not the one opened, or not writable, writes are refused. */
  check(): StoreProblem | undefined {
    if (!this.file) return undefined;
    const trouble = fileProblem(this.file);
    if (trouble?.reason !== this.fileTrouble?.reason) this.db.pragma(`query_only = ${trouble ? 'ON' : 'OFF'}`);
    this.fileTrouble = trouble;
    if (trouble) this.log(trouble, 'file check');
    return trouble;
  }

  /**
   * Reports an error of a read or write on the store by `source` (`audit`, `runner`…): counted and logged once per
   * problem. Returns it as a StoreUnavailableError for the person's reply, or undefined when it is not the store's.
   */
  failed(source: string, error: unknown): StoreUnavailableError | undefined {
    const own = problemOf(error);
    if (!own) return undefined;
    this.failures.set(source, (this.failures.get(source) ?? 0) + 1);
    const trouble = this.fileTrouble ?? own;
    if (!this.fileTrouble) this.writeTrouble = own;
    this.log(trouble, source);
    return new StoreUnavailableError(trouble.reason, { cause: error });
  }

  /** A write went through: a full disk or a busy database has passed. */
  succeeded(): void {
    if (!this.writeTrouble || this.fileTrouble) return;
    this.writeTrouble = undefined;
    this.logged = undefined;
    this.logger.info('the bot can save again', { failedSoFar: Object.fromEntries(this.failures) });
  }

  private log(trouble: StoreProblem, source: string): void {
    if (this.logged === trouble.reason) return;
    this.logged = trouble.reason;
    this.logger.error(`the bot cannot save (${trouble.reason})`, { detail: trouble.detail, source });
  }
}

/** Where background writers (audit, runner, reminders, App Home) and commands report how their store work went. */
export type StoreFailures = Pick<StoreHealth, 'failed' | 'succeeded' | 'check'>;
