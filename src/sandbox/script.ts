import type { SandboxSession } from './session.js';
import type { Transcript } from './transcript.js';

/** One meaningful line of a sandbox script, with its line number. */
export type ScriptStep =
  | { line: number; kind: 'command'; text: string }
  | { line: number; kind: 'comment'; text: string }
  | { line: number; kind: 'expect' | 'expect-not'; pattern: string | RegExp };

export interface ScriptFailure {
  line: number;
  message: string;
}

export interface ScriptOptions {
  /** How long `expect` waits for its text [10 s]. */
  expectTimeoutMs?: number;
}

const DEFAULT_EXPECT_TIMEOUT_MS = 10_000;
const TAIL_LINES = 25;

/**
 * Parses a script: interactive commands, `expect TEXT`, `expect /REGEX/flags`, `expect-not TEXT|/REGEX/`,
 * `# comments` and blank lines. Throws naming the line when an expectation cannot be read.
 */
export function parseScript(source: string, file = 'script'): ScriptStep[] {
  const steps: ScriptStep[] = [];
  source.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    if (!text) return;
    if (text.startsWith('#')) {
      steps.push({ line, kind: 'comment', text });
      return;
    }
    const expectation = /^(expect-not|expect)(?:\s+(.*))?$/.exec(text);
    if (!expectation) {
      steps.push({ line, kind: 'command', text });
      return;
    }
    const [, kind, pattern] = expectation as unknown as [string, 'expect' | 'expect-not', string | undefined];
    if (!pattern) throw new Error(`${file}:${line}: \`${kind}\` needs the text (or /regex/) to look for.`);
    steps.push({ line, kind, pattern: parsePattern(pattern, `${file}:${line}`) });
  });
  return steps;
}

function parsePattern(text: string, where: string): string | RegExp {
  const regex = /^\/(.+)\/([dgimsuy]*)$/.exec(text);
  if (!regex) return text;
  try {
    return new RegExp(regex[1]!, regex[2]);
  } catch (error) {
    throw new Error(`${where}: ${text} is not a valid regular expression (${(error as Error).message}).`, {
      cause: error,
    });
  }
}

function matches(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : new RegExp(pattern.source, pattern.flags).test(text);
}

function show(pattern: string | RegExp): string {
  return typeof pattern === 'string' ? JSON.stringify(pattern) : String(pattern);
}

function tail(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  const shown = lines.slice(-TAIL_LINES).map((l) => `  | ${l}`);
  return [...(lines.length > TAIL_LINES ? ['  | …'] : []), ...shown].join('\n') || '  (nothing)';
}

/**
 * Replays a script in a session. Each expectation looks at what was printed since the previous command.
 * Returns the first failure, naming its line, or undefined when every expectation held.
 */
export async function runScript(
  steps: readonly ScriptStep[],
  session: SandboxSession,
  transcript: Transcript,
  options: ScriptOptions = {},
): Promise<ScriptFailure | undefined> {
  const timeoutMs = options.expectTimeoutMs ?? DEFAULT_EXPECT_TIMEOUT_MS;
  let mark = transcript.mark();
  let command = '(start)';
  for (const step of steps) {
    switch (step.kind) {
      case 'comment':
        transcript.echo(step.text);
        break;
      case 'command':
        transcript.echo(`${session.prompt()}${step.text}`);
        mark = transcript.mark();
        command = step.text;
        if ((await session.execute(step.text)) === 'quit') return undefined;
        break;
      case 'expect': {
        const seen = await transcript.waitFor(() => matches(transcript.since(mark), step.pattern), timeoutMs);
        if (!seen) {
          return {
            line: step.line,
            message: `expected ${show(step.pattern)} within ${timeoutMs / 1000} s of \`${command}\`, but it was not printed. Printed since that command:\n${tail(transcript.since(mark))}`,
          };
        }
        break;
      }
      case 'expect-not':
        session.flush();
        if (matches(transcript.since(mark), step.pattern)) {
          return {
            line: step.line,
            message: `${show(step.pattern)} was printed after \`${command}\`, and the script expects it not to be:\n${tail(transcript.since(mark))}`,
          };
        }
        break;
    }
  }
  return undefined;
}
