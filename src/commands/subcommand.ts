import type { z } from 'zod';
import type { ThreadMessage } from '../integrations/slack.js';

export type Access = 'anyone' | 'operator';

/** Who typed the command, where, and when. */
export interface Invocation {
  userId: string;
  channelId: string;
  triggerId?: string;
  responseUrl?: string;
  now: number;
}

/** What a subcommand answers in the ack (ephemeral, no network call), and the work it leaves for after the ack. */
export interface CommandOutcome {
  reply: ThreadMessage;
  /** For the audit table: `started R42`, `refused: …`, `usage error`. */
  outcome: string;
  runId?: number;
  afterAck?: () => Promise<void>;
}

/** What help and the manifest show of a subcommand. */
export interface SubcommandSpec {
  name: string;
  /** Arguments as shown in help and the manifest's usage hint, e.g. `<submission-uuid> [dev|staging|prod]`. */
  usage: string;
  summary: string;
  access: Access;
}

export interface Subcommand<A = unknown> extends SubcommandSpec {
  args: z.ZodType<A>;
  execute(args: A, invocation: Invocation): CommandOutcome;
}

export function defineSubcommand<A>(subcommand: Subcommand<A>): Subcommand {
  return subcommand as unknown as Subcommand;
}

export function reply(text: string, outcome: string, extra: Partial<CommandOutcome> = {}): CommandOutcome {
  return { reply: { text }, outcome, ...extra };
}
