import type { z } from 'zod';
import type { OffsetClock } from '../../clock.js';
import type { Stack } from '../stack.js';

/** What a `/sandbox` command may reach: the running stack, the movable clock, and who is at the terminal. */
export interface SandboxContext {
  stack: Stack;
  clock: OffsetClock;
  /** The Slack user the terminal acts as. */
  user: string;
  /** Every `/sandbox` command, for help. */
  commands: readonly SandboxCommand[];
}

/** A sandbox-only command (`/sandbox <name> …`) that changes the stand-ins or the clock. */
export interface SandboxCommand<A = unknown> {
  name: string;
  /** Arguments as help shows them, e.g. `<env> ok|hang`. */
  usage: string;
  summary: string;
  args: z.ZodType<A>;
  /** Does it and says what happened, in mrkdwn. */
  run(args: A, context: SandboxContext): string | Promise<string>;
}

export function defineSandboxCommand<A>(command: SandboxCommand<A>): SandboxCommand {
  return command as unknown as SandboxCommand;
}
