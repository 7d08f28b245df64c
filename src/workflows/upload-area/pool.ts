import pLimit from 'p-limit';

/**
 * Runs `work` over `items` with at most `size` at once, starting an item only if `mayStart(item)` holds when its turn
 * comes; resolves when every started item is done. `work` handles its own errors.
 */
export async function inPool<T>(
  items: readonly T[],
  size: number,
  mayStart: (item: T) => boolean,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const limit = pLimit(size);
  await Promise.all(items.map((item) => limit(async () => (mayStart(item) ? work(item) : undefined))));
}
