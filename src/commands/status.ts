import { z } from 'zod';
import { escapeMrkdwn } from '../workflows/kit/blocks.js';
import { slackDate } from '../workflows/kit/wording.js';
import { parseRunRef, type Run } from '../store/runs.js';
import { isUuid } from './args.js';
import type { RunCommandDeps } from './run-deps.js';
import { runLine, statusWord, threadOf } from './run-lines.js';
import { defineSubcommand, type SubcommandSpec, reply } from './subcommand.js';

export const STATUS: SubcommandSpec = {
  name: 'status',
  usage: '[run-id|submission-uuid]',
  summary: 'Show where a run stands; without an argument, your active runs.',
  access: 'anyone',
};

const Target = z.string().transform((word, ctx) => {
  const runId = parseRunRef(word);
  if (runId !== undefined) return { runId, subject: undefined };
  if (isUuid(word)) return { runId: undefined, subject: word.toLowerCase() };
  ctx.addIssue({
    code: 'custom',
    message: `\`${word}\` is neither a run id (like R42) nor a submission UUID (8-4-4-4-12 hexadecimal).`,
  });
  return z.NEVER;
});

export const StatusArgs = z.tuple([Target.optional()]).transform(([target]) => ({ target }));
export type StatusArgs = z.infer<typeof StatusArgs>;

/** `/hca status [run-id|submission-uuid]`: where a run stands; without an argument, the caller's active runs. */
export function createStatusCommand(deps: RunCommandDeps) {
  const details = (run: Run) => {
    const description = deps.describe(run);
    const lines = [
      `*${run.ref}* ${escapeMrkdwn(description.title)}${run.environment ? ` · ${run.environment}` : ''} — ${statusWord(run)}`,
      ...description.detail,
      `Step \`${run.step}\` · requested by <@${run.requester}> ${slackDate(run.createdAt)} · ${threadOf(run)}`,
    ];
    if (run.wakeAt && !run.finishedAt)
      lines.push(`Next check ${slackDate(run.wakeAt, '{date_short_pretty} {time_secs}')}`);
    if (run.lastError) lines.push(`:warning: ${escapeMrkdwn(run.lastError)}`);
    return lines.join('\n');
  };

  return defineSubcommand<StatusArgs>({
    ...STATUS,
    args: StatusArgs,
    execute({ target }, { userId }) {
      if (!target) {
        const mine = deps.runs.activeFor(userId);
        if (mine.length === 0) return reply('You have no active runs. `/hca runs` lists everyone’s.', 'status: none');
        return reply(
          `Your active runs:\n${mine.map((r) => runLine(r, deps.describe(r))).join('\n')}`,
          'status: listed',
        );
      }
      const run = target.runId !== undefined ? deps.runs.get(target.runId) : deps.runs.latestForSubject(target.subject);
      if (!run) {
        const what =
          target.runId !== undefined
            ? `There is no run R${target.runId}. \`/hca runs\` lists them.`
            : `No run has worked on \`${target.subject}\`. Status by UUID takes an ingest submission UUID (from the ingest UI's submission page).`;
        return reply(what, 'status: not found');
      }
      return reply(details(run), `status: ${run.ref}`, { runId: run.id });
    },
  });
}
