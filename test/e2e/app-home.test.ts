import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OffsetClock } from '../../src/clock.js';
import { startStack, type Stack } from '../../src/sandbox/stack.js';
import { blockKitProblems } from '../support/block-kit.js';
import { DAY, project, testClock } from '../support/reminders.js';
import { waitFor } from '../support/wait.js';

const INTERVAL_MS = 400;

describe('App Home', () => {
  let stack: Stack;
  let clock: OffsetClock;
  beforeEach(async () => {
    clock = testClock();
    stack = await startStack({ clock, timings: { homeRefreshIntervalMs: INTERVAL_MS } });
  });
  afterEach(async () => {
    await stack.stop();
  });

  const publishes = (user: string) => stack.slack.callsTo('views.publish').filter((c) => c.args.user_id === user);
  const home = (user: string) => JSON.stringify(stack.slack.homeViews.get(user));

  it('publishes a valid view with reminders and runs when a user opens it', async () => {
    await stack.requester.command(`remind ${project()} 2027-03-10 embargoed`);
    stack.slack.users.set('U0OPERATOR', { tz: 'America/New_York', name: 'ops' });

    const delivered = await stack.requester.openHome('U0OPERATOR');

    expect(delivered.status).toBe(200);
    const view = await waitFor('home published', () => stack.slack.homeViews.get('U0OPERATOR'));
    expect(view.type).toBe('home');
    expect(blockKitProblems(view as { type: string; blocks: unknown[] })).toEqual([]);
    expect(home('U0OPERATOR')).toContain('*M1*');
    expect(home('U0OPERATOR')).toContain('04:00 America/New_York for you');
  });

  it('refreshes a recent visitor when reminders and runs change, at most once per interval', async () => {
    await stack.requester.openHome('U0OPERATOR');
    await waitFor('first publish', () => publishes('U0OPERATOR').length === 1);

    for (let n = 1; n <= 3; n++) await stack.requester.command(`remind ${project(n)} 2027-03-10`);
    await waitFor('refresh with all three', () => home('U0OPERATOR').includes('*M3*'));
    await stack.requester.command('ping dev');
    await waitFor('refresh with the run', () => home('U0OPERATOR').includes('*R1*'));

    const times = publishes('U0OPERATOR').map((c) => c.at);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.every((gap) => gap >= INTERVAL_MS / 2)).toBe(true);
    expect(times.length).toBeLessThan(3 + 1 + 6);
  });

  it('leaves alone the App Home of users who have not opened it for 30 days', async () => {
    await stack.requester.openHome('U0AWAY');
    await waitFor('first publish', () => publishes('U0AWAY').length === 1);
    clock.advance(31 * DAY);
    await stack.requester.openHome('U0OPERATOR');
    await waitFor('operator publish', () => publishes('U0OPERATOR').length === 1);

    await stack.requester.command(`remind ${project()} 2027-04-10`);

    await waitFor('recent visitor refreshed', () => home('U0OPERATOR').includes('*M1*'));
    expect(publishes('U0AWAY')).toHaveLength(1);
  });
});
