import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { RunStore } from '../../src/store/runs.js';

describe('RunStore', () => {
  it('allows one active run per idempotency key and a new one after it finished', () => {
    const runs = new RunStore(openDatabase(':memory:'));
    const input = {
      kind: 'test',
      idempotencyKey: 'archive:prod:x',
      params: {},
      step: 'a',
      channelId: 'C',
      requester: 'U',
    };

    const first = runs.startOrJoin(input, 1);
    const second = runs.startOrJoin({ ...input, requester: 'U2' }, 2);
    runs.cancel(first.run.id, 'U', 3);
    const third = runs.startOrJoin(input, 4);

    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, run: { id: first.run.id } });
    expect(third.created).toBe(true);
    expect(third.run.ref).toBe('R2');
  });

  it('migrates a database file once and refuses one written by a newer bot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hca-store-'));
    const path = join(dir, 'bot.sqlite');
    openDatabase(path).close();
    const reopened = openDatabase(path);
    const version = reopened.pragma('user_version', { simple: true });
    reopened.pragma('user_version = 99');
    reopened.close();

    expect(version).toBe(MIGRATIONS.length);
    expect(() => openDatabase(path)).toThrow(/schema version 99, newer than this bot/);
    rmSync(dir, { recursive: true, force: true });
  });
});
