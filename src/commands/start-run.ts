import type { JsonObject } from '../store/runs.js';
import type { RunCommandDeps } from './run-deps.js';
import { escapeMrkdwn } from '../workflows/kit/blocks.js';
import { seeThread } from './run-lines.js';
import { reply, type CommandOutcome, type Invocation } from './subcommand.js';

export interface RunRequest {
  /** The workflow kind, as the workflows registry knows it. */
  kind: string;
  params: JsonObject;
  idempotencyKey: string;
  environment?: string;
  subject?: string;
}

/** Starts a run, or points at the active one with the same key; the runner is kicked after the ack. */
export function startRun(deps: RunCommandDeps, request: RunRequest, invocation: Invocation): CommandOutcome {
  const workflow = deps.workflows.get(request.kind);
  if (!workflow) throw new Error(`no workflow of kind ${request.kind} is registered`);
  const { run, created } = deps.runs.startOrJoin(
    {
      kind: workflow.kind,
      idempotencyKey: request.idempotencyKey,
      triggerId: invocation.triggerId,
      params: request.params,
      step: workflow.firstStep,
      environment: request.environment,
      subject: request.subject,
      channelId: invocation.channelId,
      responseUrl: invocation.responseUrl,
      requester: invocation.userId,
    },
    invocation.now,
  );
  const title = escapeMrkdwn(deps.describe(run).title);
  if (!created) {
    return reply(`*${run.ref}* (${title}) is already running${seeThread(run)}.`, `joined ${run.ref}`, {
      runId: run.id,
    });
  }
  return reply(
    `Started *${run.ref}* (${title}). Progress follows in this channel, in one thread.`,
    `started ${run.ref}`,
    {
      runId: run.id,
      afterAck: async () => deps.runner.kick(),
    },
  );
}
