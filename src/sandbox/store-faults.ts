import Database from 'better-sqlite3';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Db } from '../store/db.js';

/**
 * Calls `check` before every insert, update and delete of every table on this connection (TEMP triggers named
 * `<name>_<table>_<operation>`, which reach no file): when it throws, the write fails and its transaction rolls back.
 */
function beforeEveryWrite(db: Db, name: string, check: () => void): void {
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

/**
 * Makes every write on the bot's connection fail as SQLite fails when the disk is full (`SQLITE_FULL`, "database or
 * disk is full"), reads still working; `freeDisk` ends it. Nothing of it reaches the file.
 */
export function fillDisk(db: Db): void {
  beforeEveryWrite(db, 'disk_full', () => {
    throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
  });
}

export function freeDisk(db: Db): void {
  const triggers = db
    .prepare("SELECT name FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE 'disk_full_%'")
    .pluck()
    .all() as string[];
  for (const trigger of triggers) db.exec(`DROP TRIGGER temp."${trigger}"`);
}

/**
 * Damages the database file under a running bot, as a failing disk would: the root page of every table is overwritten
 * with garbage (after a checkpoint, so the pages are read from the file), and another connection commits so that the
 * bot's page cache is dropped. Its next read or write of any table fails with "database disk image is malformed".
 */
export function corruptDatabase(path: string): void {
  const other = new Database(path);
  try {
    other.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = other.pragma('page_size', { simple: true }) as number;
    const roots = other.prepare('SELECT rootpage FROM sqlite_master WHERE rootpage > 1').pluck().all() as number[];
    const fd = openSync(path, 'r+');
    try {
      for (const page of roots) writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
    } finally {
      closeSync(fd);
    }
    other.pragma(`user_version = ${other.pragma('user_version', { simple: true }) as number}`);
  } finally {
    other.close();
  }
}
