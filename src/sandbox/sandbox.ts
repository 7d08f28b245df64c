import type { Timings } from '../bot.js';
import { OffsetClock } from '../clock.js';
import { renderLogLine, type Style } from './render.js';
import { SandboxSession } from './session.js';
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
