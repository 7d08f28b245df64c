import { UnknownOutcomeError } from '../../errors.js';
import type { StepContext } from '../engine/workflow.js';

/** A guarded call's outcome: its value, or unknown when it was under way during a crash. */
export type Guarded<T> = { known: true; value: T } | { known: false };

/**
 * Makes a non-idempotent call at most once per run and key (intent committed first, outcome after). A call that was
 * under way when the bot stopped comes back as unknown and is never sent again by the bot on its own: the step
 * decides what unknown means (watch for its effect, ask a person, or treat it as sent).
 */
export async function guarded<T>(
  ctx: Pick<StepContext<unknown, unknown>, 'once'>,
  key: string,
  call: () => Promise<T>,
): Promise<Guarded<T>> {
  try {
    return { known: true, value: await ctx.once(key, call) };
  } catch (error) {
    if (error instanceof UnknownOutcomeError) return { known: false };
    throw error;
  }
}
