import { z } from 'zod';
import { ENVIRONMENTS, type Environment } from '../../environments.js';
import { errorMessage } from '../../errors.js';
import type { ArchiverClient } from '../../integrations/archiver.js';
import type { ArchiverKeySource } from '../../integrations/secrets.js';
import { registerWorkflow, type Workflow, type WorkflowDeps } from '../engine/workflow.js';

export const PING_KIND = 'ping';

export const PingParams = z.object({ environments: z.array(z.enum(ENVIRONMENTS)).min(1) });
export type PingParams = z.infer<typeof PingParams>;

interface Probe {
  ok: boolean;
  latencyMs?: number;
  error?: string;
}

interface EnvironmentReport {
  archiver: Probe;
  key: Probe;
}

type PingState = { reports: Partial<Record<Environment, EnvironmentReport>> } & Record<string, unknown>;

export interface PingDeps {
  archivers: Record<Environment, ArchiverClient>;
  keys: ArchiverKeySource;
  /** A monotonic millisecond reading for latencies. */
  elapsed: () => number;
}

/** The ping workflow as the registry builds it. */
export function pingWorkflow({ integrations, elapsed }: WorkflowDeps): Workflow {
  return createPingWorkflow({ archivers: integrations.archivers, keys: integrations.archiverKeys, elapsed });
}

/** `/hca ping`: is each archiver up, and can the bot read its API key? One environment per step. */
export function createPingWorkflow(deps: PingDeps) {
  const probe = async (call: () => Promise<unknown>): Promise<Probe> => {
    const started = deps.elapsed();
    try {
      await call();
      return { ok: true, latencyMs: Math.round(deps.elapsed() - started) };
    } catch (error) {
      return { ok: false, error: errorMessage(error) };
    }
  };

  const workflow: Workflow<PingParams, PingState> = {
    kind: PING_KIND,
    params: PingParams,
    initialState: { reports: {} },
    firstStep: 'check',
    steps: {
      async check({ params, state, reply }) {
        const env = params.environments.find((e) => !state.reports[e]);
        if (!env) return { kind: 'next', step: 'report' };
        const archiver = await probe(() => deps.archivers[env].health());
        const key = await probe(() => deps.keys.key(env));
        const report = { archiver, key };
        await reply({ text: reportLine(env, report, deps.keys.locate(env).secretId) });
        return { kind: 'next', step: 'check', state: { ...state, reports: { ...state.reports, [env]: report } } };
      },
      async report({ params, state }) {
        const healthy = params.environments.filter((e) => isHealthy(state.reports[e]));
        return healthy.length === params.environments.length
          ? { kind: 'done', status: 'succeeded' }
          : {
              kind: 'done',
              status: 'succeeded',
              error: `${params.environments.length - healthy.length} of ${params.environments.length} environments need attention`,
            };
      },
    },
    describe(_run, params, state) {
      const detail = params.environments.map((env) => {
        const report = state.reports[env];
        if (!report) return `${env}: not checked yet`;
        return `${isHealthy(report) ? ':large_green_circle:' : ':red_circle:'} ${env}: archiver ${summary(report.archiver)}, API key ${summary(report.key)}`;
      });
      return { title: `ping ${params.environments.join(', ')}`, detail };
    },
  };
  return registerWorkflow(workflow);
}

function isHealthy(report: EnvironmentReport | undefined): boolean {
  return !!report && report.archiver.ok && report.key.ok;
}

function summary(probe: Probe): string {
  return probe.ok ? `ok (${probe.latencyMs} ms)` : 'failed';
}

function reportLine(env: Environment, report: EnvironmentReport, secretId: string): string {
  const line = (label: string, probe: Probe, okText: string) =>
    probe.ok
      ? `:white_check_mark: ${label}: ${okText} (${probe.latencyMs} ms)`
      : `:x: ${label}: ${probe.error ?? 'failed'}`;
  return [
    `*${env}*`,
    line('archiver', report.archiver, 'running'),
    line('API key', report.key, `readable from \`${secretId}\``),
  ].join('\n');
}
