import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { errorMessage } from '../errors.js';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the SQLite store in WAL mode, applies pending migrations, then enforces foreign keys.
 * A damaged file is refused before anything is written to it (DatabaseDamagedError says how to restore it).
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  checkIntegrity(db, path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = OFF');
  migrate(db);
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Applies pending migrations, each in one transaction, before foreign keys are switched on: so a migration may rebuild
 * a table others refer to (SQLite's way to change a CHECK constraint). Each is checked before it commits.
 */
function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`The database is at schema version ${current}, newer than this bot (${MIGRATIONS.length}).`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      const migration = MIGRATIONS[version]!;
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`Migration ${version + 1} leaves ${broken.length} broken references.`);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/** The database file is damaged: the bot will not start on it. */
export class DatabaseDamagedError extends Error {
  constructor(path: string, problems: string[]) {
    const shown = problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : '');
    super(
      [
        `The database ${path} is damaged (PRAGMA quick_check: ${shown}), so the bot will not start on it.`,
        `To restore it: stop every bot process using it and copy ${path} aside with its -wal and -shm files (the -wal`,
        'may hold the latest changes, so keep it next to the file when you try anything). Put back a backup if you have',
        `one; otherwise recover what SQLite can still read with \`sqlite3 ${path} ".recover" | sqlite3 ${path}.recovered\`,`,
        'check the result, and set DATABASE_PATH to it (or move it in place).',
      ].join(' '),
    );
    this.name = 'DatabaseDamagedError';
  }
}

/** `PRAGMA quick_check` (pages, records and indexes readable; cheaper than integrity_check) before the bot uses the file. */
function checkIntegrity(db: Db, path: string): void {
  let problems: string[];
  try {
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    problems = rows.map((row) => row.quick_check);
  } catch (error) {
    problems = [errorMessage(error)];
  }
  if (problems.length === 1 && problems[0] === 'ok') return;
  db.close();
  throw new DatabaseDamagedError(path, problems);
}
