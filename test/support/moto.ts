import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { waitFor } from './wait.js';

/** Whether `moto_server` (moto 5, a real S3 emulator with tagging) is on PATH; tests that need it skip without it. */
export const MOTO_AVAILABLE = spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;
export const MOTO_MISSING = 'skipped, moto_server is not installed on this machine';

export interface Moto {
  endpoint: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts moto_server on a free loopback port and waits (bounded) until it answers. */
export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  await waitFor(
    'moto_server to answer',
    () =>
      fetch(`${endpoint}/moto-api/`).then(
        (r) => r.ok,
        () => false,
      ),
    15_000,
  );
  return {
    endpoint,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
