import type { StepResult } from '../engine/workflow.js';

/** What a polling step keeps between polls. */
export interface PollState {
  pollDelayMs?: number;
}

/** The wait before the next poll: the base after progress (or at first), else double the last, capped at ten times the base. */
export function pollDelay(baseMs: number, lastDelayMs: number | undefined, progressed: boolean): number {
  return progressed || !lastDelayMs ? baseMs : Math.min(lastDelayMs * 2, baseMs * 10);
}

/** Runs the same step again after `pollDelay`, keeping `patch` in the state. */
export function pollAgain<S extends PollState>(
  ctx: { now: number; state: S },
  baseMs: number,
  progressed: boolean,
  patch: Partial<S> = {},
): StepResult<S> {
  const delay = pollDelay(baseMs, ctx.state.pollDelayMs, progressed);
  return { kind: 'wait', wakeAt: ctx.now + delay, state: { ...ctx.state, ...patch, pollDelayMs: delay } };
}
