import { describe, expect, it } from 'vitest';
import { fillDisk, freeDisk } from '../../src/sandbox/store-faults.js';
import { AuditLog } from '../../src/store/audit.js';
import { openDatabase } from '../../src/store/db.js';
import { quietHealth } from '../support/store.js';

const row = (at: number) => ({ at, userId: 'U1', action: '/hca ping', arguments: 'dev', outcome: 'started R1' });

describe('AuditLog', () => {
  it('keeps the rows it could not write on a full disk and writes them once it can, without throwing', () => {
    const db = openDatabase(':memory:');
    const health = quietHealth(db);
    const audit = new AuditLog(db, health);
    fillDisk(db);

    audit.record(row(1));
    audit.record(row(2));
    expect(() => audit.flush()).not.toThrow();

    expect(health.problem()?.reason).toBe('disk full');
    expect(health.failures.get('audit')).toBe(1);
    freeDisk(db);
    audit.record(row(3));
    audit.flush();

    expect(audit.recent(10).map((r) => r.at)).toEqual([3, 2, 1]);
    expect(health.problem()).toBeUndefined();
  });
});
