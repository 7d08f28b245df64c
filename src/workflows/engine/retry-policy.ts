/** Capped exponential backoff: the first delay is `baseMs`, then it doubles up to `maxMs`. */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

/** The design's policy: waits double from the poll interval up to ten times it. */
export function pollingRetryPolicy(pollIntervalMs: number, maxAttempts = 20): RetryPolicy {
  return { baseMs: pollIntervalMs, maxMs: pollIntervalMs * 10, maxAttempts };
}

/** Delay before attempt `attempt + 1`, where `attempt` counts the failures so far (1 = first failure). */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(exponent, 30));
}
