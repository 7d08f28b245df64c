import type { BenchCase } from '../bench-case.js';
import { ackLatency } from './ack-latency.js';
import { archiveRuns } from './archive-runs.js';
import { htanCheck } from './htan-check.js';
import { portal } from './portal.js';
import { reminders } from './reminders.js';
import { uploadAreas } from './upload-areas.js';
import { validationDigestCase } from './validation-digest.js';

/** Every case `npm run bench` knows, run in this order when none is named. */
export const CASES: readonly BenchCase[] = [
  ackLatency,
  validationDigestCase,
  archiveRuns,
  reminders,
  htanCheck,
  portal,
  uploadAreas,
];
