import { z } from 'zod';
import { HTAN_CERTIFIED_KIND } from '../workflows/htan/certified.js';
import { quote } from '../workflows/kit/blocks.js';
import { centerArg } from './htan-checklist.js';
import type { RunCommandDeps } from './run-deps.js';
import { startRun } from './start-run.js';
import { defineSubcommand, type SubcommandSpec } from './subcommand.js';

export const HTAN_CERTIFIED: SubcommandSpec = {
  name: 'certified',
  usage: '<synapse-username-or-id> [center]',
  summary:
    'Ask Synapse whether a user is a Certified User (needed to upload); if so, tick it on the center’s checklist in this channel.',
  access: 'anyone',
};

const synapseUser = z.string().regex(/^[A-Za-z0-9._@+-]{1,100}$/, {
  error: (issue) => `${quote(String(issue.input))} is not a Synapse username or user id.`,
});

export const HtanCertifiedArgs = z
  .tuple([synapseUser, centerArg.optional()])
  .transform(([user, center]) => ({ user, center }));

/** `/htan certified <user> [center]`: the Synapse look-up runs after the ack, as a run with its own thread. */
export function createHtanCertifiedCommand(deps: RunCommandDeps) {
  return defineSubcommand<z.infer<typeof HtanCertifiedArgs>>({
    ...HTAN_CERTIFIED,
    args: HtanCertifiedArgs,
    execute({ user, center }, invocation) {
      return startRun(
        deps,
        {
          kind: HTAN_CERTIFIED_KIND,
          params: { user, ...(center ? { center } : {}) },
          idempotencyKey: `htan-certified:${invocation.channelId}:${user.toLowerCase()}`,
          subject: user,
        },
        invocation,
      );
    },
  });
}
