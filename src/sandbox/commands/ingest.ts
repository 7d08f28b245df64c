import { z } from 'zod';
import { environmentArg, uuidArg } from '../../commands/args.js';
import { defineSandboxCommand } from './sandbox-command.js';

const STATES = ['Draft', 'Graph valid', 'Submitted', 'Processing', 'Archiving', 'Archived', 'Exporting', 'Exported'];

const IngestArgs = z
  .tuple(
    [
      environmentArg,
      uuidArg('ingest submission', 'any UUID will do in the sandbox'),
      z.string().transform((s, ctx) => {
        const state = STATES.find((known) => known.replace(' ', '-').toLowerCase() === s.toLowerCase());
        if (state) return state;
        ctx.addIssue({
          code: 'custom',
          message: `\`${s}\` is not an ingest state: use ${STATES.map((x) => x.replace(' ', '-')).join(', ')}.`,
        });
        return z.NEVER;
      }),
      uuidArg('project', 'any UUID will do in the sandbox').optional(),
    ],
    z.string(),
  )
  .transform(([env, submissionUuid, state, projectUuid, ...name]) => ({
    env,
    submissionUuid,
    state,
    projectUuid,
    shortName: name.join(' '),
  }));

/** `/sandbox ingest <env> <submission-uuid> <state> [project-uuid short-name]`: moves a submission in ingest. */
export const ingestCommand = defineSandboxCommand<z.infer<typeof IngestArgs>>({
  name: 'ingest',
  usage: '<env> <submission-uuid> <state> [project-uuid short-name]',
  summary: 'Put a submission in an ingest state (Archiving, Exporting, …), optionally naming its project.',
  args: IngestArgs,
  run({ env, submissionUuid, state, projectUuid, shortName }, { stack }) {
    const ingest = stack.ingests[env];
    ingest.addSubmission(submissionUuid, state);
    if (projectUuid) {
      const name = shortName || 'SandboxAtlas';
      ingest.setProject(submissionUuid, { uuid: projectUuid, title: `The ${name} project`, shortName: name });
    }
    stack.bot.runner.kick();
    return `Ingest (${env}) has submission \`${submissionUuid}\` in ${state}.`;
  },
});
