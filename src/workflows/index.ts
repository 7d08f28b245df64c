import type { Run } from '../store/runs.js';
import { archiveWorkflow } from './archive/archive.js';
import type { RunDescription, Workflow, WorkflowDeps } from './engine/workflow.js';
import { pingWorkflow } from './ping/ping.js';
import { uploadAreaCheckWorkflow } from './upload-area/check.js';
import { uploadAreaSyncWorkflow } from './upload-area/sync.js';

/** Every kind of workflow run the bot knows: one line each. */
const WORKFLOWS: readonly ((deps: WorkflowDeps) => Workflow)[] = [
  pingWorkflow,
  archiveWorkflow,
  uploadAreaCheckWorkflow,
  uploadAreaSyncWorkflow,
];

/** The workflows by kind. */
export type Workflows = ReadonlyMap<string, Workflow>;

export function createWorkflows(deps: WorkflowDeps): Workflows {
  return new Map(
    WORKFLOWS.map((create) => {
      const workflow = create(deps);
      return [workflow.kind, workflow];
    }),
  );
}

/** How a run shows itself; a run of an unknown kind, or with parameters no longer valid, shows its kind alone. */
export function describeRun(workflows: Workflows, run: Run): RunDescription {
  const workflow = workflows.get(run.kind);
  const params = workflow?.params.safeParse(run.params);
  if (!workflow || !params?.success) return { title: run.kind, detail: [] };
  return workflow.describe(run, params.data, { ...workflow.initialState, ...run.state });
}
