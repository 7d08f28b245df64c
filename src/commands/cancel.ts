import { z } from 'zod';
import { runIdArg } from './args.js';
import { cancelRun } from './run-control.js';
import type { RunCommandDeps } from './run-deps.js';
import { defineSubcommand, type SubcommandSpec } from './subcommand.js';

export const CANCEL: SubcommandSpec = {
  name: 'cancel',
  usage: '<run-id>',
  summary: 'Stop a run. The bot stops polling; it does not undo anything on the remote services.',
  access: 'operator',
};

export const CancelArgs = z.tuple([runIdArg]).transform(([runId]) => ({ runId }));
export type CancelArgs = z.infer<typeof CancelArgs>;

export function createCancelCommand(deps: RunCommandDeps) {
  return defineSubcommand<CancelArgs>({
    ...CANCEL,
    args: CancelArgs,
    execute: ({ runId }, { userId, now }) => cancelRun(deps, runId, userId, now),
  });
}
