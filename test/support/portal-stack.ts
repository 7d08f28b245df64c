import { OffsetClock } from '../../src/clock.js';
import type { Environment } from '../../src/environments.js';
import { SANDBOX_CHANNEL, startStack, type Stack, type StackOptions } from '../../src/sandbox/stack.js';
import type { StoredMessage } from '../../src/sandbox/slack-stand-in.js';
import type { Run } from '../../src/store/runs.js';
import { textOf } from './block-kit.js';
import { waitFor } from './wait.js';

export const WATCH_INTERVAL_MS = 60_000;

/** A distinct submission UUID per number. */
export function submission(n: number): string {
  return `5b7c9d1e-2f3a-4b4c-8d5e-${String(n).padStart(12, '0')}`;
}

/** A distinct project UUID per number (lower-case RFC 4122, as Azul wants it). */
export function projectOf(n: number): string {
  return `0a1b2c3d-4e5f-4a6b-8c7d-${String(n).padStart(12, '0')}`;
}

/** A stack whose bot has an ingest token and, unless told otherwise, watches prod into the sandbox channel. */
export async function startWatchStack(
  options: StackOptions & { watch?: boolean } = {},
): Promise<{ stack: Stack; clock: OffsetClock }> {
  const clock = new OffsetClock();
  const stack = await startStack({
    withIngestToken: true,
    clock,
    ...options,
    env: {
      ...(options.watch === false
        ? {}
        : { INGEST_WATCH_CHANNEL: SANDBOX_CHANNEL, INGEST_WATCH_INTERVAL_MS: String(WATCH_INTERVAL_MS) }),
      ...options.env,
    },
  });
  return { stack, clock };
}

/** Puts a submission in a state on one environment's ingest, with its project. */
export function seed(stack: Stack, n: number, state = 'Archiving', env: Environment = 'prod'): void {
  stack.ingests[env].addSubmission(submission(n), state);
  stack.ingests[env].setProject(submission(n), {
    uuid: projectOf(n),
    title: `Atlas number ${n}`,
    shortName: `Atlas${n}`,
  });
}

export function watcherRun(stack: Stack): Run | undefined {
  return stack.bot.runs.active().find((r) => r.kind === 'ingest-watch');
}

/** Waits until the watcher has finished a check that began after `after` (bot time). */
export function checked(stack: Stack, after: number): Promise<Run> {
  return waitFor('the watcher to finish a check', () => {
    const run = watcherRun(stack);
    return run && run.status === 'waiting' && run.updatedAt >= after && (run.wakeAt ?? 0) > after ? run : undefined;
  });
}

/** Moves the bot's clock one watch interval on and waits for the watcher's check. */
export async function nextInterval(stack: Stack, clock: OffsetClock): Promise<Run> {
  clock.advance(WATCH_INTERVAL_MS);
  const after = clock.now();
  stack.bot.runner.kick();
  return checked(stack, after);
}

export function notices(stack: Stack, pattern: RegExp): StoredMessage[] {
  return stack.slack.rootMessages(SANDBOX_CHANNEL).filter((m) => pattern.test(textOf(m)));
}

export const READY = /Ready for archiving/;
