import { z } from 'zod';
import { runIdArg } from './args.js';
import { retryRun } from './run-control.js';
import type { RunCommandDeps } from './run-deps.js';
import { defineSubcommand, type SubcommandSpec } from './subcommand.js';

export const RETRY: SubcommandSpec = {
  name: 'retry',
  usage: '<run-id>',
  summary: 'Resume a failed run from the step that failed.',
  access: 'operator',
};

export const RetryArgs = z.tuple([runIdArg]).transform(([runId]) => ({ runId }));
export type RetryArgs = z.infer<typeof RetryArgs>;

export function createRetryCommand(deps: RunCommandDeps) {
  return defineSubcommand<RetryArgs>({
    ...RETRY,
    args: RetryArgs,
    execute: ({ runId }, { userId, now }) => retryRun(deps, runId, userId, now),
  });
}
