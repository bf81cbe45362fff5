/**
 * Small data helpers every layer needs for lists and mappings built from user data.
 */

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

/**
 * Sets `key` on a mapping built from user data (YAML, a spec copy). A key named `__proto__` becomes an ordinary own key
 * (plain assignment would replace the object's prototype, hiding the key from the schema and
 * lending its values to every lookup on the object).
 */
export function plainKeyed(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
