import { z } from 'zod';
import type { Environment } from '../environments.js';
import { ARCHIVE_KIND, archiveKey, archivedBy } from '../workflows/archive/archive.js';
import { environmentArg, uuidArg } from './args.js';
import type { RunCommandDeps } from './run-deps.js';
import { startRun, type RunRequest } from './start-run.js';
import { defineSubcommand, type SubcommandSpec } from './subcommand.js';

export const ARCHIVE: SubcommandSpec = {
  name: 'archive',
  usage: '<submission-uuid> <dev|staging|prod> [--no-runs]',
  summary:
    'Archive an ingest submission to DSP: create the DSP submission, digest validation errors, generate the file archiver jobs, wait for the files, then complete after approval. Name the environment: archiving cannot be undone. `--no-runs` leaves sequencing runs out.',
  access: 'operator',
};

const NO_RUNS = '--no-runs';
const NAME_THE_ENVIRONMENT =
  'Name the environment (dev, staging or prod): archiving cannot be undone, so the bot does not choose one for you.';

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
  .transform(({ noRuns, words: [submissionUuid, environment] }, ctx) => {
    if (environment) return { submissionUuid, environment, noRuns };
    ctx.addIssue({ code: 'custom', message: NAME_THE_ENVIRONMENT });
    return z.NEVER;
  });
export type ArchiveArgs = z.infer<typeof ArchiveArgs>;

/** The archive run of a submission, as `/hca archive` and the ingest watcher's *Start archiving* start it. */
export function archiveRun(
  deps: RunCommandDeps,
  submissionUuid: string,
  environment: Environment,
  noRuns = false,
): RunRequest {
  const idempotencyKey = archiveKey(environment, submissionUuid);
  const earlier = deps.runs.finishedWithKey(idempotencyKey).map(archivedBy).find(Boolean);
  return {
    kind: ARCHIVE_KIND,
    params: { submissionUuid, environment, noRuns, ...(earlier ? { earlier } : {}) },
    idempotencyKey,
    environment,
    subject: submissionUuid,
  };
}

/** `/hca archive <submission-uuid> <env> [--no-runs]`: operators start the archiving SOP as a durable run. */
export function createArchiveCommand(deps: RunCommandDeps) {
  return defineSubcommand<ArchiveArgs>({
    ...ARCHIVE,
    args: ArchiveArgs,
    execute({ submissionUuid, environment, noRuns }, invocation) {
      return startRun(deps, archiveRun(deps, submissionUuid, environment, noRuns), invocation);
    },
  });
}
