import { MockAgent } from 'undici';
import { afterEach, beforeEach } from 'vitest';

/** The error `promise` rejects with, checked to be a `type`; fails the test when it resolves or rejects otherwise. */
export async function rejectionOf<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof type)) throw new Error(`expected a rejection with ${type.name}, got ${String(error)}`);
  return error;
}

/** A fresh MockAgent for each test that refuses real connections and fails the test on an unused interceptor. */
export function useMockAgent(): () => MockAgent {
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });
  return () => agent;
}
