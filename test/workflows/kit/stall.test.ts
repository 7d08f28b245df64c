import { describe, expect, it } from 'vitest';
import type { ThreadMessage } from '../../../src/integrations/slack.js';
import { stallNotice, type StallState } from '../../../src/workflows/kit/stall.js';

const HOUR = 3_600_000;

function step(now: number, state: StallState, replies: ThreadMessage[]) {
  return { now, state, reply: async (message: ThreadMessage) => void replies.push(message) };
}

describe('stallNotice', () => {
  it('says nothing before the period has passed without change', async () => {
    const replies: ThreadMessage[] = [];

    const kept = await stallNotice(step(10 * HOUR, { lastChangeAt: 0 }, replies), false, 24 * HOUR, (s) => s);

    expect(replies).toEqual([]);
    expect(kept).toEqual({ lastChangeAt: 0, stallNotices: 0 });
  });

  it('posts once per further period without change, saying for how long', async () => {
    const replies: ThreadMessage[] = [];
    const notice = (since: string) => `nothing for ${since}`;

    const first = await stallNotice(step(25 * HOUR, { lastChangeAt: 0 }, replies), false, 24 * HOUR, notice);
    const again = await stallNotice(step(30 * HOUR, first, replies), false, 24 * HOUR, notice);
    const second = await stallNotice(step(49 * HOUR, again, replies), false, 24 * HOUR, notice);

    expect(replies.map((r) => r.text)).toEqual(['nothing for 25 h', 'nothing for 2 days']);
    expect(second).toEqual({ lastChangeAt: 0, stallNotices: 2 });
  });

  it('posts one notice however many periods passed at once, and the next a full period later', async () => {
    const replies: ThreadMessage[] = [];
    const notice = (since: string) => `nothing for ${since}`;

    const jumped = await stallNotice(
      step(5 * 24 * HOUR + HOUR, { lastChangeAt: 0 }, replies),
      false,
      24 * HOUR,
      notice,
    );
    const soon = await stallNotice(step(5 * 24 * HOUR + 2 * HOUR, jumped, replies), false, 24 * HOUR, notice);
    const later = await stallNotice(step(6 * 24 * HOUR, soon, replies), false, 24 * HOUR, notice);

    expect(replies.map((r) => r.text)).toEqual(['nothing for 5 days', 'nothing for 6 days']);
    expect(later).toEqual({ lastChangeAt: 0, stallNotices: 6 });
  });

  it('starts counting again on a change', async () => {
    const replies: ThreadMessage[] = [];

    const kept = await stallNotice(step(50 * HOUR, { lastChangeAt: 0, stallNotices: 2 }, replies), true, HOUR, String);

    expect(replies).toEqual([]);
    expect(kept).toEqual({ lastChangeAt: 50 * HOUR, stallNotices: 0 });
  });
});
