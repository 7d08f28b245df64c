import { cancelRun, runControlCommand } from './run-control.js';
import type { RunCommandDeps } from './run-deps.js';
import type { SubcommandSpec } from './subcommand.js';

export const CANCEL: SubcommandSpec = {
  name: 'cancel',
  usage: '<run-id>',
  summary: 'Stop a run. The bot stops polling; it does not undo anything on the remote services.',
  access: 'operator',
};

export function createCancelCommand(deps: RunCommandDeps) {
  return runControlCommand(CANCEL, deps, cancelRun);
}
