import { z } from 'zod';
import type { Environment } from '../environments.js';
import { EXPORT_KIND } from '../workflows/export/export.js';
import { environmentArg, uuidArg } from './args.js';
import type { CommandDeps } from './command-deps.js';
import { startRun } from './start-run.js';
import { defineSubcommand, reply, type SubcommandSpec } from './subcommand.js';

export const EXPORT: SubcommandSpec = {
  name: 'export',
  usage: '<submission-uuid> [dev|staging|prod]',
  summary:
    'Follow a submission from Archived through Exporting to Exported: its export jobs, progress, and whether the export looks stuck; then the next steps.',
  access: 'anyone',
};

export const ExportArgs = z
  .tuple([
    uuidArg('ingest submission', 'copy it from the submission’s page in the ingest UI'),
    environmentArg.optional(),
  ])
  .transform(([submissionUuid, environment]) => ({ submissionUuid, environment }));
export type ExportArgs = z.infer<typeof ExportArgs>;

export const NO_INGEST_TOKEN =
  'This reads the ingest API, and the bot has no ingest token: an admin sets one (see the README). Nothing was started.';

/** `/hca export <submission-uuid> [env]`: anyone may follow an export; it only reads. */
export function createExportCommand(deps: CommandDeps) {
  return defineSubcommand<ExportArgs>({
    ...EXPORT,
    args: ExportArgs,
    execute({ submissionUuid, environment = deps.defaultEnvironment }, invocation) {
      if (!deps.integrations.ingest) return reply(NO_INGEST_TOKEN, 'refused: no ingest token');
      const env: Environment = environment;
      return startRun(
        deps,
        {
          kind: EXPORT_KIND,
          params: { submissionUuid, environment: env },
          idempotencyKey: `export:${env}:${submissionUuid}`,
          environment: env,
          subject: submissionUuid,
        },
        invocation,
      );
    },
  });
}
