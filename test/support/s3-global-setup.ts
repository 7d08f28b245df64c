import type { TestProject } from 'vitest/node';
import { startFakeS3 } from '../../src/sandbox/fake-s3.js';

declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
  }
}

/** Starts one fake S3 for the whole run; test files read its endpoint with `inject('s3Endpoint')`. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const s3 = await startFakeS3();
  project.provide('s3Endpoint', s3.endpoint);
  return () => s3.stop();
}
