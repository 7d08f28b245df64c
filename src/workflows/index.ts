import type { Config } from '../config.js';
import type { Run, RunStore } from '../store/runs.js';
import { archiveWorkflow } from './archive/archive.js';
import { htanCertifiedWorkflow } from './htan/certified.js';
import { htanCheckWorkflow } from './htan/check.js';
import { STANDING_REQUESTER, type RunDescription, type Workflow, type WorkflowDeps } from './engine/workflow.js';
import { exportWorkflow } from './export/export.js';
import { ingestWatchWorkflow } from './ingest-watch/watcher.js';
import { pingWorkflow } from './ping/ping.js';
import { portalWorkflow } from './portal/portal.js';
import { uploadAreaCheckWorkflow } from './upload-area/check.js';
import { uploadAreaSyncWorkflow } from './upload-area/sync.js';

/** Every kind of workflow run the bot knows: one line each. */
const WORKFLOWS: readonly ((deps: WorkflowDeps) => Workflow)[] = [
  pingWorkflow,
  archiveWorkflow,
  htanCheckWorkflow,
  htanCertifiedWorkflow,
  ingestWatchWorkflow,
  exportWorkflow,
  portalWorkflow,
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

/** Starts each standing run the configuration asks for, or leaves the active one alone; returns those started. */
export function ensureStandingRuns(workflows: Workflows, runs: RunStore, config: Config, now: number): Run[] {
  const started: Run[] = [];
  for (const workflow of workflows.values()) {
    const standing = workflow.standing?.(config);
    if (!standing) continue;
    const { run, created } = runs.startOrJoin(
      {
        kind: workflow.kind,
        idempotencyKey: standing.idempotencyKey,
        params: standing.params,
        step: workflow.firstStep,
        channelId: standing.channelId,
        requester: STANDING_REQUESTER,
      },
      now,
    );
    if (created) started.push(run);
  }
  return started;
}
