import { z } from 'zod';
import type { Environment } from '../environments.js';
import { ARCHIVE_KIND } from '../workflows/archive/archive.js';
import { environmentArg, uuidArg } from './args.js';
import type { RunCommandDeps } from './run-deps.js';
import { startRun } from './start-run.js';
import { defineSubcommand, type SubcommandSpec } from './subcommand.js';

export const ARCHIVE: SubcommandSpec = {
  name: 'archive',
  usage: '<submission-uuid> [dev|staging|prod] [--no-runs]',
  summary:
    'Archive an ingest submission to DSP: create the DSP submission, digest validation errors, generate the file archiver jobs, wait for the files, then complete after approval. `--no-runs` leaves sequencing runs out.',
  access: 'operator',
};

const NO_RUNS = '--no-runs';

export const ArchiveArgs = z
  .array(z.string())
  .transform((words) => ({
    noRuns: words.some((w) => w.toLowerCase() === NO_RUNS),
    words: words.filter((w) => w.toLowerCase() !== NO_RUNS) as [string, string?],
  }))
  .pipe(
    z.object({
      noRuns: z.boolean(),
      words: z.tuple([
        uuidArg('ingest submission', 'copy it from the submission’s page in the ingest UI'),
        environmentArg.optional(),
      ]),
    }),
  )
  .transform(({ noRuns, words: [submissionUuid, environment] }) => ({ submissionUuid, environment, noRuns }));
export type ArchiveArgs = z.infer<typeof ArchiveArgs>;

/** `/hca archive <submission-uuid> [env] [--no-runs]`: operators start the archiving SOP as a durable run. */
export function createArchiveCommand(deps: RunCommandDeps & { defaultEnvironment: Environment }) {
  return defineSubcommand<ArchiveArgs>({
    ...ARCHIVE,
    args: ArchiveArgs,
    execute({ submissionUuid, environment = deps.defaultEnvironment, noRuns }, invocation) {
      return startRun(
        deps,
        {
          kind: ARCHIVE_KIND,
          params: { submissionUuid, environment, noRuns },
          idempotencyKey: `archive:${environment}:${submissionUuid}`,
          environment,
          subject: submissionUuid,
        },
        invocation,
      );
    },
  });
}
