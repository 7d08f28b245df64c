import { readFileSync } from 'node:fs';
import { createInterface, type Interface } from 'node:readline';
import { parseArgs } from 'node:util';
import { errorMessage } from '../errors.js';
import { ANSI_STYLE, PLAIN_STYLE } from './render.js';
import { startSandbox, type Sandbox } from './sandbox.js';
import { parseScript, runScript, type ScriptFailure } from './script.js';

const USAGE = 'Usage: npm run sandbox [-- --script FILE]';

/** `npm run sandbox`: the real bot against loopback stand-ins, driven from the terminal or a script. */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { script: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const style = process.stdout.isTTY ? ANSI_STYLE : PLAIN_STYLE;
  const steps = values.script ? parseScript(readFileSync(values.script, 'utf8'), values.script) : undefined;
  const terminal = steps ? undefined : new PromptAwareWriter();
  const sandbox = await startSandbox({
    write: (text) => (terminal ? terminal.write(text) : process.stdout.write(text)),
    style,
    logLevel: process.env.LOG_LEVEL,
  });
  let failure: ScriptFailure | undefined;
  try {
    if (steps) failure = await runScript(steps, sandbox.session, sandbox.transcript);
    else await interact(sandbox, terminal!);
  } finally {
    process.stdout.write('\nStopping the bot and the stand-ins…\n');
    await sandbox.stop();
  }
  if (failure) process.stderr.write(`${values.script}:${failure.line}: ${failure.message}\n`);
  else if (steps) process.stdout.write(`${values.script}: every expectation held.\n`);
  return failure ? 1 : 0;
}

/** Writes output above the prompt, keeping what the user is typing. */
class PromptAwareWriter {
  readline: Interface | undefined;
  atPrompt = false;

  write(text: string): void {
    if (!this.readline || !this.atPrompt) {
      process.stdout.write(text);
      return;
    }
    process.stdout.write('\r\x1b[2K');
    process.stdout.write(text);
    this.readline.prompt(true);
  }
}

async function interact(sandbox: Sandbox, terminal: PromptAwareWriter): Promise<void> {
  const { session, stack, transcript } = sandbox;
  session.say(
    `*hca-ops-bot sandbox* — the real bot (HTTP on port ${stack.bot.port}) against stand-ins of Slack, three archivers and Secrets Manager.\n${session.help()}`,
  );
  const tty = process.stdin.isTTY === true;
  const readline = createInterface({ input: process.stdin, output: process.stdout, terminal: tty });
  terminal.readline = readline;
  readline.on('SIGINT', () => readline.close());
  process.once('SIGTERM', () => readline.close());
  const prompt = () => {
    if (!tty) return;
    readline.setPrompt(session.prompt());
    readline.prompt();
    terminal.atPrompt = true;
  };
  prompt();
  for await (const line of readline) {
    terminal.atPrompt = false;
    if (!tty) transcript.echo(`${session.prompt()}${line}`);
    if ((await session.execute(line)) === 'quit') break;
    prompt();
  }
  readline.close();
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`sandbox: ${errorMessage(error)}\n${USAGE}\n`);
    process.exit(2);
  },
);
