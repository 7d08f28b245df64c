import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { Stack } from '../../src/sandbox/stack.js';

/**
 * Asserts that none of the secrets appears in a log line, in what the bot sent Slack (apart from the bot token in its
 * own auth field) or in any row of the database.
 */
export function expectSecretsKept(stack: Stack, logLines: readonly string[], secrets: readonly string[]): void {
  const slack =
    JSON.stringify(stack.slack.calls.map(({ args: { token: _token, ...args } }) => args)) +
    JSON.stringify(stack.slack.messages) +
    JSON.stringify(stack.slack.responses);
  const db = new Database(stack.config.databasePath, { readonly: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  const rows = tables.map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())).join('\n');
  db.close();
  for (const secret of secrets) {
    expect(
      logLines.filter((line) => line.includes(secret)),
      secret,
    ).toEqual([]);
    expect(slack.includes(secret), `${secret} in Slack`).toBe(false);
    expect(rows.includes(secret), `${secret} in the database`).toBe(false);
  }
}
