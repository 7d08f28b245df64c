import { z } from 'zod';
import { runIdArg } from './args.js';
import type { RunCommandDeps } from './run-deps.js';
import { seeThread, statusWord } from './run-lines.js';
import { defineSubcommand, reply, type CommandOutcome, type SubcommandSpec } from './subcommand.js';

/** Cancels an active run: the bot stops working on it; nothing already done remotely is undone. */
export function cancelRun(deps: RunCommandDeps, runId: number, userId: string, now: number): CommandOutcome {
  const existing = deps.runs.get(runId);
  if (!existing) return reply(`There is no run R${runId}. See \`/hca runs\`.`, 'refused: no such run');
  const run = deps.runs.cancel(runId, userId, now);
  if (run) deps.runner.cancel(runId);
  if (!run) {
    return reply(
      `*${existing.ref}* is ${statusWord(existing)}, so there is nothing to cancel.`,
      'refused: not active',
      {
        runId,
      },
    );
  }
  const left =
    deps.describe(run).leftBehind ??
    `Nothing it already did on the remote services was undone; \`/hca retry ${run.ref}\` resumes it.`;
  return reply(`Cancelled *${run.ref}*${seeThread(run)}. ${left}`, `cancelled ${run.ref}`, {
    runId,
    afterAck: async () => {
      deps.presenter.refresh(run);
      if (run.threadTs) {
        await deps.presenter.reply(run, {
          text: `:no_entry_sign: Cancelled by <@${userId}> at step \`${run.step}\`: the bot stopped working on ${run.ref}. ${left}`,
        });
      }
    },
  });
}

/** Puts a failed, timed-out or cancelled run back to work where it stopped. */
export function retryRun(deps: RunCommandDeps, runId: number, userId: string, now: number): CommandOutcome {
  const result = deps.runs.retry(runId, userId, now);
  if (!result.ok) {
    const existing = deps.runs.get(runId);
    if (!existing) return reply(`There is no run R${runId}. See \`/hca runs\`.`, 'refused: no such run');
    if (result.reason === 'key_busy' && result.other) {
      return reply(
        `*${result.other.ref}* is already doing the same work${seeThread(result.other)}.`,
        'refused: key busy',
        { runId },
      );
    }
    return reply(
      `*${existing.ref}* is ${statusWord(existing)}; only failed, timed-out or cancelled runs can be retried.`,
      'refused: not failed',
      {
        runId,
      },
    );
  }
  const run = result.run;
  return reply(`Retrying *${run.ref}* from step \`${run.step}\`${seeThread(run)}.`, `retried ${run.ref}`, {
    runId,
    afterAck: async () => {
      deps.presenter.refresh(run);
      if (run.threadTs) {
        await deps.presenter.reply(run, {
          text: `:repeat: <@${userId}> retried ${run.ref} from step \`${run.step}\`.`,
        });
      }
      deps.runner.kick();
    },
  });
}

export const RunIdArgs = z.tuple([runIdArg]).transform(([runId]) => ({ runId }));
export type RunIdArgs = z.infer<typeof RunIdArgs>;

/** A subcommand that takes one run id and applies a run-control action to it. */
export function runControlCommand(spec: SubcommandSpec, deps: RunCommandDeps, act: typeof cancelRun) {
  return defineSubcommand<RunIdArgs>({
    ...spec,
    args: RunIdArgs,
    execute: ({ runId }, { userId, now }) => act(deps, runId, userId, now),
  });
}
