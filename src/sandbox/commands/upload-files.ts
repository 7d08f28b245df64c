import { z } from 'zod';
import { uuidArg } from '../../commands/args.js';
import { ENVIRONMENTS } from '../../environments.js';
import type { Stack } from '../stack.js';
import { defineSandboxCommand } from './sandbox-command.js';

const UploadFilesArgs = z
  .tuple([uuidArg('DSP submission', 'the digest in an archive run’s thread names it').optional()])
  .transform(([dspUuid]) => ({ dspUuid }));

function newestWaiting(archivers: Stack['archivers']): string | undefined {
  const waiting = ENVIRONMENTS.flatMap((e) => archivers[e].submissions()).filter((s) => s.dspUuid && !s.filesUploaded);
  return waiting.sort((a, b) => b.created.localeCompare(a.created))[0]?.dspUuid ?? undefined;
}

/** `/sandbox upload-files <dsp-uuid>`: plays the file archiver's cluster jobs finishing for a DSP submission. */
export const uploadFilesCommand = defineSandboxCommand<z.infer<typeof UploadFilesArgs>>({
  name: 'upload-files',
  usage: '[dsp-uuid]',
  summary:
    'Play the file archiver: upload a DSP submission’s data files (default: the newest still waiting), so its FileReference errors and blockers clear.',
  args: UploadFilesArgs,
  run(args, { stack }) {
    const dspUuid = args.dspUuid ?? newestWaiting(stack.archivers);
    if (!dspUuid) return 'No DSP submission is waiting for its files.';
    const env = ENVIRONMENTS.find((e) => stack.archivers[e].uploadFiles(dspUuid));
    if (!env) return `No archiver stand-in knows DSP submission \`${dspUuid}\`.`;
    stack.bot.runner.kick();
    return `The ${env} file archiver uploaded the files of DSP submission \`${dspUuid}\`; validation runs again.`;
  },
});
