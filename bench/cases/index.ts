import type { BenchCase } from '../bench-case.js';
import { ackLatency } from './ack-latency.js';

/** Every case `npm run bench` knows, run in this order when none is named. */
export const CASES: readonly BenchCase[] = [ackLatency];
