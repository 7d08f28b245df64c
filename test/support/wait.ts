/**
 * Waits until `check` returns (or resolves to) a truthy value, polling; fails with `what` after `timeoutMs`. The
 * default leaves room for a loaded CI machine and stays under the test timeout, so a stall names what it waited for.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
