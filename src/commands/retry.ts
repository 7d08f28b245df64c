import { retryRun, runControlCommand } from './run-control.js';
import type { RunCommandDeps } from './run-deps.js';
import type { SubcommandSpec } from './subcommand.js';

export const RETRY: SubcommandSpec = {
  name: 'retry',
  usage: '<run-id>',
  summary: 'Resume a failed run from the step that failed, or ask again what a timed-out run asked.',
  access: 'operator',
};

export function createRetryCommand(deps: RunCommandDeps) {
  return runControlCommand(RETRY, deps, retryRun);
}
