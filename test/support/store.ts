import { createLogger } from '../../src/logger.js';
import { Redactor } from '../../src/redactor.js';
import { StoreHealth } from '../../src/store/health.js';

/** The store health of an in-memory database, logging nowhere: for unit tests of what reports to it. */
export function quietHealth(): StoreHealth {
  return new StoreHealth({
    path: ':memory:',
    logger: createLogger({ level: 'error', redactor: new Redactor(), sink: () => undefined }),
  });
}
