/**
 * Runs `work` over `items` with at most `size` at once, starting another item only while `mayStart()` holds;
 * resolves when every started item is done. `work` handles its own errors.
 */
export async function inPool<T>(
  items: readonly T[],
  size: number,
  mayStart: () => boolean,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && mayStart()) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
