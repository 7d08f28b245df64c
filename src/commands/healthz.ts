import type { CustomRoute } from '@slack/bolt';
import { elapsedMs } from '../clock.js';
import type { StoreHealth } from '../store/health.js';

export interface HealthSources {
  store: Pick<StoreHealth, 'problem' | 'failures'>;
  runner: { lastTickAt: number | undefined };
  scheduler: { lastScanAt: number | undefined };
  /** When the bot started (monotonic ms): the runner and the reminder tick count from here until they first run. */
  startedAt: number;
  /** How long without a runner tick or a reminder scan before /healthz says so. */
  staleMs: number;
}

export interface HealthReport {
  ok: boolean;
  /** What is wrong, one sentence each; empty when ok. */
  problems: string[];
  /** Reads and writes of the store that failed since start-up, by what made them. */
  storeFailures: Record<string, number>;
}

/** The truth about the bot: its store can save to the file it opened, and its runner and reminder tick are running. */
export function healthReport(sources: HealthSources): HealthReport {
  const problems: string[] = [];
  const store = sources.store.problem();
  if (store) problems.push(`The bot cannot save (${store.reason}): ${store.detail}.`);
  const now = elapsedMs();
  const stale = (lastAt: number | undefined) => {
    const quietMs = now - (lastAt ?? sources.startedAt);
    return quietMs > sources.staleMs ? Math.round(quietMs / 1000) : undefined;
  };
  const runnerQuiet = stale(sources.runner.lastTickAt);
  if (runnerQuiet !== undefined) problems.push(`The runner has not looked for due runs for ${runnerQuiet} s.`);
  const remindersQuiet = stale(sources.scheduler.lastScanAt);
  if (remindersQuiet !== undefined) problems.push(`The reminder tick has not scanned for ${remindersQuiet} s.`);
  return { ok: problems.length === 0, problems, storeFailures: Object.fromEntries(sources.store.failures) };
}

/** `GET /healthz`: 200 with the report when all is well, 503 with the reasons otherwise. */
export function healthzRoute(report: () => HealthReport): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      const body = report();
      res.writeHead(body.ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    },
  };
}
