import { describe, expect, it } from 'vitest';
import { pollAgain, pollDelay } from '../../../src/workflows/kit/poll.js';

describe('pollDelay', () => {
  it('starts at the base and doubles while nothing changes, up to ten times the base', () => {
    const delays: number[] = [];
    let last: number | undefined;
    for (let i = 0; i < 7; i++) delays.push((last = pollDelay(100, last, false)));

    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('resets to the base on progress', () => {
    expect(pollDelay(100, 800, true)).toBe(100);
  });
});

describe('pollAgain', () => {
  it('waits the next delay from now and keeps the patch and the delay in the state', () => {
    const result = pollAgain({ now: 5000, state: { pollDelayMs: 200, seen: 1 } }, 100, false, { seen: 2 });

    expect(result).toEqual({ kind: 'wait', wakeAt: 5400, state: { pollDelayMs: 400, seen: 2 } });
  });
});
