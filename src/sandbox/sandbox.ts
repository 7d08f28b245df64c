import type { Timings } from '../bot.js';
import { OffsetClock } from '../clock.js';
import { renderLogLine, type Style } from './render.js';
import { SandboxSession } from './session.js';
import { ENVIRONMENTS } from '../environments.js';
import { startStack, type Stack } from './stack.js';
import { Transcript } from './transcript.js';

/** Pacing a person can follow: status edits are visible. */
export const SANDBOX_TIMINGS: Partial<Timings> = {
  runnerTickMs: 250,
  statusEditIntervalMs: 200,
  slackPostIntervalMs: 100,
};

export interface SandboxOptions {
  /** Where output goes (a terminal, a test's buffer). */
  write: (text: string) => void;
  style: Style;
  timeZone?: string;
  /** Bot log level shown in the terminal [warn]. */
  logLevel?: string;
}

export interface Sandbox {
  stack: Stack;
  clock: OffsetClock;
  transcript: Transcript;
  session: SandboxSession;
  stop(): Promise<void>;
}

/**
 * Ingest submissions the sandbox knows in every environment (the README lists them): what ingest says of each, and
 * whether an earlier archiving left it archived in DSP already.
 */
export const SANDBOX_SUBMISSIONS = [
  { uuid: '3f1c2b7a-5d4e-4c8b-9a1f-0e2d3c4b5a69', state: 'Archiving', archived: false },
  { uuid: '5b2d9c1e-7f3a-4e8b-b6d2-1c9a8e7f6d5c', state: 'Archiving', archived: false },
  { uuid: '9e8d7c6b-5a4f-4e3d-a2c1-b0a9f8e7d6c5', state: 'Archived', archived: true },
  { uuid: '2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f7a', state: 'Graph valid', archived: false },
] as const;

function seedSubmissions(stack: Stack): void {
  for (const env of ENVIRONMENTS) {
    for (const { uuid, state, archived } of SANDBOX_SUBMISSIONS) {
      stack.ingests[env].addSubmission(uuid, state);
      if (archived) stack.archivers[env].seedRecord(uuid, { ageMs: 30 * 86_400_000, completed: true });
    }
  }
}

/** The real bot against the stand-ins, with a terminal session on top; bot warnings are shown dimmed. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const clock = new OffsetClock();
  const transcript = new Transcript(options.write);
  const stack = await startStack({
    withS3: true,
    clock,
    timings: SANDBOX_TIMINGS,
    logSink: (line) => transcript.print(renderLogLine(line, options.style)),
    // A hung archiver is given up on after a few seconds.
    env: { HTTP_TIMEOUT_MS: '5000', ...(options.logLevel ? { LOG_LEVEL: options.logLevel } : {}) },
  });
  seedSubmissions(stack);
  const session = new SandboxSession({ stack, clock, transcript, style: options.style, timeZone: options.timeZone });
  session.start();
  return {
    stack,
    clock,
    transcript,
    session,
    async stop() {
      session.close();
      await stack.stop();
    },
  };
}
