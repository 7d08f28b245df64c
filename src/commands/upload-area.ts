import { z } from 'zod';
import type { Config, UploadAreaConfig } from '../config.js';
import { quote } from '../workflows/kit/blocks.js';
import { UPLOAD_AREA_CHECK_KIND } from '../workflows/upload-area/check.js';
import { parseAreaReference, parseSubmissionReference, type Parsed } from './upload-area-references.js';
import { UPLOAD_AREA_SYNC_KIND } from '../workflows/upload-area/sync.js';
import { environmentArg } from './args.js';
import type { RunCommandDeps } from './run-deps.js';
import { startRun } from './start-run.js';
import { defineSubcommand, type SubcommandSpec } from './subcommand.js';

export const UPLOAD_AREA: SubcommandSpec = {
  name: 'upload-area',
  usage: 'check <area-uuid>|sync <area-uuid> <submission-uuid> <dev|staging|prod> [--include-spreadsheets]',
  summary:
    'Managed-access upload areas. `check` lists a secure area and compares its metadata spreadsheet with its files (names and counts only). `sync` copies the area server-side into the submission’s ingest upload area after approval, then verifies it; spreadsheets stay out unless `--include-spreadsheets`.',
  access: 'operator',
};

const INCLUDE_SPREADSHEETS = '--include-spreadsheets';

export type UploadAreaArgs =
  | { action: 'check'; areaUuid: string }
  | {
      action: 'sync';
      areaUuid: string;
      submissionUuid: string;
      environment: 'dev' | 'staging' | 'prod';
      includeSpreadsheets: boolean;
    };

/** Arguments checked against the configured buckets: an area or submission in another bucket is refused here. */
export function uploadAreaArgs(configured: () => Pick<UploadAreaConfig, 'bucket' | 'ingestBuckets'>) {
  return z.array(z.string()).transform((words, ctx): UploadAreaArgs => {
    const buckets = configured();
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    const take = <T>(parsed: Parsed<T>) => (parsed.ok ? parsed.value : fail(parsed.message));
    const [verb, ...rest] = words;
    const action = verb?.toLowerCase();
    if (action === 'check') {
      if (rest.length === 0) return fail('An upload area UUID is missing: `/hca upload-area check <area-uuid>`.');
      if (rest.length > 1) return fail('Too many arguments: `/hca upload-area check <area-uuid>`.');
      return { action, areaUuid: take(parseAreaReference(rest[0] as string, buckets.bucket)) };
    }
    if (action !== 'sync') {
      return fail(`${quote(verb ?? '')} is not something upload-area does: use \`check\` or \`sync\`.`);
    }
    const includeSpreadsheets = rest.some((w) => w.toLowerCase() === INCLUDE_SPREADSHEETS);
    const positional = rest.filter((w) => w.toLowerCase() !== INCLUDE_SPREADSHEETS);
    const [area, submission, env, ...extra] = positional;
    if (env === undefined) {
      return fail(
        'Name the area, the submission and the environment: `/hca upload-area sync <area-uuid> <submission-uuid> <dev|staging|prod>` (a sync is irreversible, so there is no default environment).',
      );
    }
    if (extra.length > 0) return fail(`Too many arguments: ${quote(extra.join(' '))}.`);
    const environment = environmentArg.safeParse(env);
    if (!environment.success) return fail(environment.error.issues[0]?.message ?? 'That is not an environment.');
    return {
      action,
      areaUuid: take(parseAreaReference(area as string, buckets.bucket)),
      submissionUuid: take(parseSubmissionReference(submission as string, environment.data, buckets.ingestBuckets)),
      environment: environment.data,
      includeSpreadsheets,
    };
  });
}

/** `/hca upload-area check|sync …`: operators only (listing a managed-access area is not for everyone). */
export function createUploadAreaCommand(deps: RunCommandDeps & { config: Pick<Config, 'uploadAreas'> }) {
  return defineSubcommand<UploadAreaArgs>({
    ...UPLOAD_AREA,
    args: uploadAreaArgs(() => deps.config.uploadAreas),
    execute(args, invocation) {
      if (args.action === 'check') {
        return startRun(
          deps,
          {
            kind: UPLOAD_AREA_CHECK_KIND,
            params: { areaUuid: args.areaUuid },
            idempotencyKey: `upload-area-check:${args.areaUuid}`,
            subject: args.areaUuid,
          },
          invocation,
        );
      }
      const { areaUuid, submissionUuid, environment, includeSpreadsheets } = args;
      return startRun(
        deps,
        {
          kind: UPLOAD_AREA_SYNC_KIND,
          params: { areaUuid, submissionUuid, environment, includeSpreadsheets },
          idempotencyKey: `upload-area-sync:${environment}:${submissionUuid}`,
          environment,
          subject: submissionUuid,
        },
        invocation,
      );
    },
  });
}
