import { z } from 'zod';
import { environmentArg } from '../../commands/args.js';
import { ENVIRONMENTS, type Environment } from '../../environments.js';
import type { ArchiverHealth } from '../archiver-stand-in.js';
import { defineSandboxCommand } from './sandbox-command.js';

const BEHAVIOUR: Record<ArchiverHealth, string> = {
  ok: 'answers `GET /` with "Ingest Archiver is running" and plays the whole API',
  'html-500': "answers every request (ping and runs alike) with HTTP 500 and Flask's HTML error page",
  hang: 'accepts connections and never answers any request',
  'wrong-service': 'answers every request with 200 and an nginx welcome page, as a wrong URL would',
};

const healthArg = z.enum(Object.keys(BEHAVIOUR) as [ArchiverHealth, ...ArchiverHealth[]], {
  error: (issue) => `\`${String(issue.input)}\` is not a health: use ${Object.keys(BEHAVIOUR).join(', ')}.`,
});

const ArchiverArgs = z
  .tuple([environmentArg.optional(), healthArg.optional()])
  .transform(([env, health]) => ({ env, health }));

/** `/sandbox archiver [env] [health]`: how an environment's archiver stand-in behaves. */
export const archiverCommand = defineSandboxCommand<z.infer<typeof ArchiverArgs>>({
  name: 'archiver',
  usage: `[${ENVIRONMENTS.join('|')}] [${Object.keys(BEHAVIOUR).join('|')}]`,
  summary:
    'Make an archiver stand-in healthy, fail, hang or pose as another service, for pings and runs alike (then try `/hca retry`); without a health, show it.',
  args: ArchiverArgs,
  run({ env, health }, { stack }) {
    const describe = (e: Environment) =>
      `*${e}* archiver: \`${stack.archivers[e].health}\` — ${BEHAVIOUR[stack.archivers[e].health]}`;
    if (!env) return ENVIRONMENTS.map(describe).join('\n');
    if (health) stack.archivers[env].health = health;
    return describe(env);
  },
});
