import Database from 'better-sqlite3';
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

  it('stores what went wrong redacted, and the state the run works with as it is', () => {
    const key = 'AKIAIOSFODNN7EXAMPLE';
    const runs = new RunStore(openDatabase(':memory:'), { redact: (text) => text.replaceAll(key, '[redacted]') });
    const { run } = runs.startOrJoin(
      { kind: 'test', idempotencyKey: 'k', params: {}, step: 'copy', channelId: 'C', requester: 'U' },
      1,
    );

    runs.commitStep(
      run.id,
      {
        status: 'failed',
        step: 'copy',
        state: { files: [`keys ${key}.fastq.gz`] },
        wakeAt: null,
        attempts: 0,
        lastError: `S3 refused CopyObject on s3://b/keys ${key}.fastq.gz`,
        event: { step: 'copy', event: 'failed', detail: { error: `keys ${key}.fastq.gz`, attempts: 1 } },
      },
      2,
    );

    const stored = runs.get(run.id)!;
    expect(stored.lastError).toBe('S3 refused CopyObject on s3://b/keys [redacted].fastq.gz');
    expect(stored.state.files).toEqual([`keys ${key}.fastq.gz`]);
    expect(runs.events(run.id).at(-1)!.detail).toEqual({ error: 'keys [redacted].fastq.gz', attempts: 1 });
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

  it('moves a database from before timed_out to the new runs table, keeping runs, events, effects and references', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hca-store-'));
    const path = join(dir, 'bot.sqlite');
    const old = new Database(path);
    for (const migration of MIGRATIONS.slice(0, 2)) old.exec(migration as string);
    old.pragma('user_version = 2');
    old.exec(`INSERT INTO runs (kind, idempotency_key, params, status, step, channel_id, requester, created_at, updated_at)
      VALUES ('archive', 'archive:dev:x', '{}', 'awaiting_approval', 'approval', 'C', 'U', 1, 1)`);
    old.exec(`INSERT INTO run_events (run_id, at, step, event) VALUES (1, 1, 'approval', 'started')`);
    old.exec(`INSERT INTO run_effects (run_id, effect_key, started_at) VALUES (1, 'create:0', 1)`);
    old.close();

    const db = openDatabase(path);
    const runs = new RunStore(db);
    const kept = runs.require(1);
    runs.commitStep(
      1,
      {
        status: 'timed_out',
        step: 'approval',
        state: {},
        wakeAt: null,
        attempts: 0,
        lastError: 'nobody approved',
        event: { step: 'approval', event: 'timed_out' },
      },
      2,
    );
    const timedOut = runs.require(1);
    const retried = runs.retry(1, 'U', 3);

    expect(kept).toMatchObject({ kind: 'archive', status: 'awaiting_approval' });
    expect(runs.events(1).map((e) => e.event)).toEqual(['started', 'timed_out', 'retried']);
    expect(runs.effect(1, 'create:0')).toMatchObject({ startedAt: 1, finishedAt: null });
    expect(timedOut).toMatchObject({ status: 'timed_out', finishedAt: 2 });
    expect(retried).toMatchObject({ ok: true, run: { status: 'running', finishedAt: null } });
    expect(() => runs.appendEvent(99, 4, 'x', 'orphan')).toThrow(/FOREIGN KEY/);
    expect(
      runs.startOrJoin(
        { kind: 'archive', idempotencyKey: 'archive:dev:x', params: {}, step: 'a', channelId: 'C', requester: 'U' },
        5,
      ).created,
    ).toBe(false);
    expect(
      runs.startOrJoin(
        { kind: 'ping', idempotencyKey: 'ping', params: {}, step: 'a', channelId: 'C', requester: 'U' },
        6,
      ).run.ref,
    ).toBe('R2');
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
