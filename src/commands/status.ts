import { z } from 'zod';
import { parseRunRef, type Run } from '../store/runs.js';
import { requestedBy } from '../workflows/engine/workflow.js';
import { escapeMrkdwn, fallbackText, lineSections, message, quote } from '../workflows/kit/blocks.js';
import { slackDate } from '../workflows/kit/wording.js';
import { gatherStory, storyLines, type StoryPorts } from '../workflows/story/story.js';
import { oneUuid } from './args.js';
import type { CommandDeps } from './command-deps.js';
import { runLine, statusWord, threadOf } from './run-lines.js';
import { defineSubcommand, reply, type SubcommandSpec } from './subcommand.js';

export const STATUS: SubcommandSpec = {
  name: 'status',
  usage: '[run-id|uuid]',
  summary:
    'Show where a run stands; with an ingest submission, project or DSP submission UUID, its whole story across ingest, the archive runs, the export, the portal, reminders and who did what; without an argument, your active runs.',
  access: 'anyone',
};

const Target = z.string().transform((word, ctx) => {
  const runId = parseRunRef(word);
  if (runId !== undefined) return { runId, subject: undefined };
  const found = oneUuid(
    word,
    'submission',
    `${quote(word)} is neither a run id (like R42) nor a submission UUID (8-4-4-4-12 hexadecimal).`,
  );
  if ('uuid' in found) return { runId: undefined, subject: found.uuid };
  ctx.addIssue({ code: 'custom', message: found.problem });
  return z.NEVER;
});

export const StatusArgs = z.tuple([Target.optional()]).transform(([target]) => ({ target }));
export type StatusArgs = z.infer<typeof StatusArgs>;

/** `/hca status [run-id|uuid]`: where a run stands, the story of a UUID, or the caller's active runs. */
export function createStatusCommand(deps: CommandDeps) {
  const storyPorts = (): StoryPorts => ({
    runs: deps.runs,
    describe: deps.describe,
    reminders: deps.reminders,
    audit: deps.audit,
    watch: deps.stores.watch,
    projects: deps.stores.projects,
    ingest: deps.integrations.ingest,
    azul: deps.integrations.azul,
    defaultEnvironment: deps.defaultEnvironment,
    settings: {
      portalUrl: deps.config.reminders.portalUrl,
      stuckAfterMs: deps.config.exportStuckAfterMs,
      cadenceDays: deps.config.reminders.releaseCadenceDays,
      timeZone: deps.config.reminders.timeZone,
    },
  });

  /** Answers on the command's response_url, in place of the "looking" note; said in the log if Slack refuses. */
  const tellStory = (uuid: string, responseUrl: string) => async () => {
    const now = deps.clock.now();
    const ports = storyPorts();
    const lines = storyLines(await gatherStory(ports, uuid, now), deps.describe, now, ports.settings);
    const story = message(fallbackText(lines[0]!), lineSections(lines));
    await deps.integrations.slack.respond(responseUrl, { ...story, replace_original: true });
  };

  const details = (run: Run) => {
    const description = deps.describe(run);
    const lines = [
      `*${run.ref}* ${escapeMrkdwn(description.title)}${run.environment ? ` · ${run.environment}` : ''} — ${statusWord(run)}`,
      ...description.detail,
      `Step \`${run.step}\` · ${requestedBy(run)} ${slackDate(run.createdAt)} · ${threadOf(run)}`,
    ];
    if (run.wakeAt && !run.finishedAt)
      lines.push(`Next check ${slackDate(run.wakeAt, '{date_short_pretty} {time_secs}')}`);
    if (run.lastError) lines.push(`:warning: ${escapeMrkdwn(run.lastError)}`);
    return lines.join('\n');
  };

  return defineSubcommand<StatusArgs>({
    ...STATUS,
    args: StatusArgs,
    execute({ target }, invocation) {
      const { userId } = invocation;
      if (!target) {
        const mine = deps.runs.activeFor(userId);
        if (mine.length === 0) return reply('You have no active runs. `/hca runs` lists everyone’s.', 'status: none');
        return reply(
          `Your active runs:\n${mine.map((r) => runLine(r, deps.describe(r))).join('\n')}`,
          'status: listed',
        );
      }
      if (target.subject !== undefined) {
        if (!invocation.responseUrl)
          return reply('Slack sent no place to answer in; try again.', 'status: no response_url');
        return reply(
          `Looking up \`${target.subject}\` in ingest, the bot's runs, Azul and its reminders…`,
          'status: story',
          {
            afterAck: tellStory(target.subject, invocation.responseUrl),
          },
        );
      }
      const run = deps.runs.get(target.runId);
      if (!run) return reply(`There is no run R${target.runId}. \`/hca runs\` lists them.`, 'status: not found');
      return reply(details(run), `status: ${run.ref}`, { runId: run.id });
    },
  });
}
