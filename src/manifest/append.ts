/**
 * `target.push(...items)` passes every item as an argument and throws "Maximum call stack size
 * exceeded" past ~100,000 of them (a 750,000-document file did). Lists whose length comes from
 * user data are appended with this loop instead.
 */

/** Appends `items` to `target` in order; returns `target`. */
export function append<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item);
  return target;
}
