import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/integrations/pacer.js';
import { testClock } from '../support/reminders.js';

/** A pacer on a test clock whose sleeps are recorded and, when `sleepMovesClock`, move the clock. */
function pacedTime(sleepMovesClock = true) {
  const clock = testClock();
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    if (sleepMovesClock) clock.advance(ms);
  };
  return { clock, sleeps, pacer: createPacer({ intervalMs: 1000, clock, sleep }) };
}

describe('the pacer', () => {
  it('lets the first request go at once and spaces the next ones a second apart', async () => {
    const { pacer, sleeps } = pacedTime();

    await pacer.turn();
    await pacer.turn();
    await pacer.turn();

    expect(sleeps).toEqual([1000, 1000]);
  });

  it('spaces callers that wait together', async () => {
    const { pacer, sleeps } = pacedTime(false);

    await Promise.all([pacer.turn(), pacer.turn(), pacer.turn()]);

    expect(sleeps).toEqual([1000, 2000]);
  });

  it('does not wait when a second has passed since the last request', async () => {
    const { pacer, sleeps, clock } = pacedTime();

    await pacer.turn();
    clock.advance(1500);
    await pacer.turn();

    expect(sleeps).toEqual([]);
  });

  it('holds every request until the time a 429 asked for', async () => {
    const { pacer, sleeps, clock } = pacedTime();

    await pacer.turn();
    pacer.holdUntil(clock.now() + 30_000);
    await pacer.turn();
    await pacer.turn();

    expect(sleeps).toEqual([30_000, 1000]);
  });
});
