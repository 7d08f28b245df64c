import { z } from 'zod';
import { ENVIRONMENTS, type Environment } from '../environments.js';
import { PING_KIND } from '../workflows/ping/ping.js';
import { quote } from '../workflows/kit/blocks.js';
import type { RunCommandDeps } from './run-deps.js';
import { startRun } from './start-run.js';
import { defineSubcommand, type SubcommandSpec } from './subcommand.js';

export const PING: SubcommandSpec = {
  name: 'ping',
  usage: '[dev|staging|prod|all]',
  summary: 'Check that each archiver answers and that its API key can be read (default: all environments).',
  access: 'anyone',
};

const target = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(
    z.enum([...ENVIRONMENTS, 'all'], {
      error: (issue) => `${quote(String(issue.input))} is not an environment: use dev, staging, prod or all.`,
    }),
  );

export const PingArgs = z
  .tuple([target.optional()])
  .transform(([env]) => ({ environments: !env || env === 'all' ? [...ENVIRONMENTS] : [env as Environment] }));
export type PingArgs = z.infer<typeof PingArgs>;

/** `/hca ping [dev|staging|prod|all]`: anyone may check that the archivers and their API keys are reachable. */
export function createPingCommand(deps: RunCommandDeps) {
  return defineSubcommand<PingArgs>({
    ...PING,
    args: PingArgs,
    execute({ environments }, invocation) {
      return startRun(
        deps,
        {
          kind: PING_KIND,
          params: { environments },
          idempotencyKey: `ping:${environments.join(',')}`,
          environment: environments.length === 1 ? environments[0] : undefined,
        },
        invocation,
      );
    },
  });
}
