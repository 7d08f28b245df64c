import type { ThreadMessage } from '../../integrations/slack.js';
import { duration } from './wording.js';

/** What a waiting step keeps to notice that nothing changes. */
export interface StallState {
  lastChangeAt?: number;
  stallNotices?: number;
}

/**
 * Posts a notice in the thread when nothing changed for `everyMs` (and again after each further period), so that no
 * wait is silent; `notice` gets how long it has been (`3 days`). However many periods passed at once (downtime, a
 * clock jump), one notice says so: periods already over are counted as told. Returns the state to keep.
 */
export async function stallNotice(
  ctx: { now: number; state: StallState; reply(message: ThreadMessage): Promise<void> },
  changed: boolean,
  everyMs: number,
  notice: (since: string) => string,
): Promise<Required<StallState>> {
  const lastChangeAt = changed ? ctx.now : (ctx.state.lastChangeAt ?? ctx.now);
  const told = changed ? 0 : (ctx.state.stallNotices ?? 0);
  const periods = Math.floor((ctx.now - lastChangeAt) / everyMs);
  if (changed || periods <= told) return { lastChangeAt, stallNotices: told };
  await ctx.reply({ text: notice(duration(ctx.now - lastChangeAt)) });
  return { lastChangeAt, stallNotices: periods };
}
