import { z } from 'zod';
import { environmentArg, uuidArg } from '../../commands/args.js';
import { defineSandboxCommand } from './sandbox-command.js';

const count = z.coerce.number({ error: 'expected a number of assays' }).int().min(0);

const ExportArgs = z
  .tuple([environmentArg, uuidArg('ingest submission', 'the one you put in Archived'), z.string()], z.string())
  .transform(([env, submissionUuid, action, ...rest], ctx) => {
    switch (action) {
      case 'start':
      case 'progress': {
        const assays = count.safeParse(rest[0]);
        if (assays.success) return { env, submissionUuid, action, assays: assays.data };
        ctx.addIssue({ code: 'custom', message: `\`${action}\` needs a number of assays.` });
        return z.NEVER;
      }
      case 'transfer':
      case 'fail':
        return { env, submissionUuid, action, message: rest.join(' ') || 'failed request to GCP file transfer status' };
      default:
        ctx.addIssue({ code: 'custom', message: `\`${action}\` is not one of start, progress, transfer, fail.` });
        return z.NEVER;
    }
  });

/** `/sandbox export <env> <submission-uuid> start N|progress N|transfer|fail [message]`: plays the exporter. */
export const exportCommand = defineSandboxCommand<z.infer<typeof ExportArgs>>({
  name: 'export',
  usage: '<env> <submission-uuid> start <assays>|progress <assays>|transfer|fail [message]',
  summary:
    'Play the exporter: start an export job (the submission goes Exporting), export assays, confirm the data transfer, or fail the job. All assays and the transfer make it Exported.',
  args: ExportArgs,
  run(args, { stack }) {
    const ingest = stack.ingests[args.env];
    const { submissionUuid } = args;
    if (args.action !== 'start' && !ingest.exportJobs.get(submissionUuid)?.length) {
      return `Submission \`${submissionUuid}\` has no export job: start one first.`;
    }
    if (args.action === 'start') ingest.startExport(submissionUuid, args.assays ?? 0);
    if (args.action === 'progress') ingest.updateExport(submissionUuid, { exportedAssays: args.assays });
    if (args.action === 'transfer') ingest.updateExport(submissionUuid, { isDataTransferComplete: true });
    if (args.action === 'fail') {
      ingest.updateExport(submissionUuid, {
        status: 'FAILED',
        errors: [{ errorCode: 'EXPORT', message: args.message! }],
      });
    }
    stack.bot.runner.kick();
    const job = ingest.exportJobs.get(submissionUuid)!.at(-1)!;
    return `Export of \`${submissionUuid}\` (${args.env}): ${job.status}, ${job.exportedAssays} of ${job.totalAssayCount} assays, data transfer ${job.isDataTransferComplete ? 'complete' : 'not confirmed'}; ingest says ${ingest.submissions.get(submissionUuid)}.`;
  },
});
