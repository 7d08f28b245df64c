import { afterEach, describe, expect, it } from 'vitest';
import { OffsetClock } from '../../src/clock.js';
import { startStack, type Stack } from '../../src/sandbox/stack.js';
import { SUBMISSION, atStep, startArchiveStack } from '../support/archive.js';
import { DAY, notices, project, testClock } from '../support/reminders.js';
import { waitFor } from '../support/wait.js';

describe('a repeating notice is posted once however far the clock jumps', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack.stop();
  });

  it('posts one stall notice in a run’s thread after a jump of five stall periods, however many polls follow', async () => {
    const clock = new OffsetClock();
    stack = await startArchiveStack({ clock });
    await stack.requester.command(`archive ${SUBMISSION} dev`);
    await atStep(stack, 1, 'wait-files');
    const root = stack.slack.rootMessages()[0]!;
    const stallNotices = () =>
      stack.slack.thread(root).filter((m) => m.text.startsWith(':hourglass: Nothing has changed'));
    const checks = () => stack.archivers.dev.requests.filter((r) => r.route === 'blockers').length;

    clock.advance(5 * DAY + 60_000);
    const after = checks();
    await waitFor('five more file checks', () => checks() >= after + 5);

    expect(stallNotices().map((m) => m.text.slice(0, 40))).toEqual([':hourglass: Nothing has changed for 5 da']);
  });

  it('posts a snoozed reminder’s repeat once after a jump of five weeks, however many scans follow', async () => {
    const clock = testClock();
    stack = await startStack({ clock, env: { REMINDER_ADVANCE_DAYS: '0' } });
    await stack.requester.command(`remind ${project()} 2027-03-03`);
    clock.advance(Date.UTC(2027, 2, 3, 9) - clock.now());
    await stack.bot.scheduler.scanNow();
    await stack.requester.click(notices(stack.slack, 'C0OPS')[0]!, 'reminder_snooze');
    await waitFor('snoozed', () => stack.bot.reminders.get(1)?.handledAction === 'snoozed');

    clock.advance(5 * 7 * DAY);
    for (let scan = 0; scan < 5; scan++) await stack.bot.scheduler.scanNow();

    expect(notices(stack.slack, 'C0OPS').map((m) => m.text)).toEqual([
      `Release day for project ${project()} (M1)`,
      `The release date of project ${project()} passed 35 days ago (M1)`,
    ]);
    expect(notices(stack.slack, 'D0OPERATOR')).toHaveLength(2);
  });
});
