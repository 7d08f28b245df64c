import { z } from 'zod';
import type { RunCommandDeps } from './run-deps.js';
import { runLine } from './run-lines.js';
import { defineSubcommand, type SubcommandSpec, reply } from './subcommand.js';

export const RUNS: SubcommandSpec = {
  name: 'runs',
  usage: '',
  summary: 'List active runs, then the last 10 finished.',
  access: 'anyone',
};

export const RunsArgs = z.tuple([]).transform(() => ({}));
export type RunsArgs = z.infer<typeof RunsArgs>;

const FINISHED_SHOWN = 10;
const ACTIVE_SHOWN = 30;

/** `/hca runs`: active runs, then the last ten finished. */
export function createRunsCommand(deps: RunCommandDeps) {
  return defineSubcommand<RunsArgs>({
    ...RUNS,
    args: RunsArgs,
    execute() {
      const active = deps.runs.active();
      const finished = deps.runs.recentlyFinished(FINISHED_SHOWN);
      const line = (run: Parameters<typeof runLine>[0]) => runLine(run, deps.describe(run));
      const activeText =
        active.length === 0
          ? '_none_'
          : active.slice(0, ACTIVE_SHOWN).map(line).join('\n') +
            (active.length > ACTIVE_SHOWN ? `\n…and ${active.length - ACTIVE_SHOWN} more` : '');
      const finishedText = finished.length === 0 ? '_none yet_' : finished.map(line).join('\n');
      return reply(`*Active runs*\n${activeText}\n*Recently finished*\n${finishedText}`, 'runs listed');
    },
  });
}
