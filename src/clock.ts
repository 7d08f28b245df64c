/** Wall-clock time in epoch milliseconds, passed in so tests and the sandbox can move it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A monotonic millisecond reading, for latencies: unlike the clock it never jumps. */
export function elapsedMs(): number {
  return performance.now();
}

/** A clock that runs with the system clock plus an adjustable offset (the sandbox's `/sandbox clock +8d`). */
export class OffsetClock implements Clock {
  private offsetMs = 0;
  private readonly base: Clock;

  constructor(base: Clock = systemClock) {
    this.base = base;
  }

  now(): number {
    return this.base.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
