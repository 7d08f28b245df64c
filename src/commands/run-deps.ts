import type { RunPresenter } from '../workflows/engine/run-presenter.js';
import type { Run, RunStore } from '../store/runs.js';
import type { RunDescription } from '../workflows/engine/workflow.js';
import type { Workflows } from '../workflows/index.js';
import type { Permissions } from './permissions.js';

/** What the commands about runs need. */
export interface RunCommandDeps {
  runs: RunStore;
  workflows: Workflows;
  presenter: RunPresenter;
  runner: { kick(): void; cancel(runId: number): void };
  describe(run: Run): RunDescription;
  permissions: Permissions;
}
