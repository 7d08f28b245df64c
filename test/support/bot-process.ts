import { spawn, type ChildProcess } from 'node:child_process';

/** The real bot (`src/main.ts`) in a child process, to be killed like a crashed server; `port` once it listens. */
export function startBotProcess(env: Record<string, string>): { child: ChildProcess; port: Promise<number> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return { child, port: listeningPort(child) };
}

const START_DEADLINE_MS = 30_000;

/** The port a bot child process listens on, read from its "bot started" log line (its stdout must be piped). */
export function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let out = '';
    const deadline = setTimeout(
      () => reject(new Error(`the bot process did not start within ${START_DEADLINE_MS / 1000} s:\n${out}`)),
      START_DEADLINE_MS,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"msg":"bot started".*?"port":(\d+)/.exec(out);
      if (!match) return;
      clearTimeout(deadline);
      resolve(Number(match[1]));
    });
    child.once('exit', (code) => {
      clearTimeout(deadline);
      reject(new Error(`bot process exited early (${code})`));
    });
  });
}

/** Kills the bot process without warning (SIGKILL) and waits until it is gone. */
export async function crash(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
