import type { Clock } from '../clock.js';

/** Spaces out requests to one service: at most one per interval, and none before a time the service asked for. */
export interface Pacer {
  /** Resolves when the next request may go; callers that wait together go one interval apart. */
  turn(): Promise<void>;
  /** No request before `at` (a 429's Retry-After). */
  holdUntil(at: number): void;
}

export interface PacerOptions {
  intervalMs: number;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
}

export function createPacer({ intervalMs, clock, sleep }: PacerOptions): Pacer {
  let next = -Infinity;
  return {
    async turn() {
      const now = clock.now();
      const at = Math.max(now, next);
      next = at + intervalMs;
      if (at > now) await sleep(at - now);
    },
    holdUntil(at) {
      next = Math.max(next, at);
    },
  };
}
