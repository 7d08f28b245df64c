import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { startFakeS3 } from '../../src/sandbox/fake-s3.js';
import { waitFor } from '../support/wait.js';

async function answers(endpoint: string): Promise<boolean> {
  return fetch(`${endpoint}/`).then(
    () => true,
    () => false,
  );
}

describe('startFakeS3', () => {
  it('answers on a loopback endpoint until stop()', async () => {
    const s3 = await startFakeS3();
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await answers(s3.endpoint)).toBe(true);

    await s3.stop();

    expect(await answers(s3.endpoint)).toBe(false);
  });

  it('does not outlive a parent killed without stop()', async () => {
    const parent = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "const { startFakeS3 } = await import('./src/sandbox/fake-s3.ts'); console.log((await startFakeS3()).endpoint);",
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [endpoint] = (await once(createInterface({ input: parent.stdout }), 'line')) as [string];
    expect(await answers(endpoint)).toBe(true);

    parent.kill('SIGKILL');

    await waitFor('the fake S3 to stop listening', async () => !(await answers(endpoint)));
  });
});
