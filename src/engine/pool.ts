/**
 * A small bounded worker pool: `--parallelism` caps how many requests halo-iac has in flight,
 * for reads (detail GETs) as for writes (POST batches), so a large tenant never means a burst
 * of hundreds of concurrent requests.
 */

/** Runs `fn` over `items` with at most `n` calls in flight; rejects with the first error. */
export async function pool<T>(items: readonly T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      try {
        await fn(items[next++] as T);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  // A bad width (0, NaN) must still run everything, one at a time.
  const width = Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1;
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, worker));
}

/** Maps `items` through `fn` with at most `n` calls in flight, keeping the input order. */
export async function mapPool<T, R>(items: readonly T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  const indexed = items.map((item, i) => ({ item, i }));
  await pool(indexed, n, async ({ item, i }) => {
    out[i] = await fn(item);
  });
  return out;
}
