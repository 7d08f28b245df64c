import { createLogger } from '../../src/logger.js';
import { Redactor } from '../../src/redactor.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { StoreHealth } from '../../src/store/health.js';

/** The store health of an in-memory database, logging nowhere: for unit tests of what reports to it. */
export function quietHealth(db: Db = openDatabase(':memory:')): StoreHealth {
  return new StoreHealth({
    db,
    path: ':memory:',
    logger: createLogger({ level: 'error', redactor: new Redactor(), sink: () => undefined }),
  });
}
