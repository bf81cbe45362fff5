/**
 * Small data helpers every layer needs for lists and mappings built from user data, and for the
 * generated sections of committed files.
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

/**
 * A copy of a JSON-like value (plan data, a live record, a spec) with every string, at any
 * depth, passed through `fn`; keys are kept, a `__proto__` key as an own key (plainKeyed).
 */
export function mapStrings<T>(value: T, fn: (s: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, fn)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) plainKeyed(out, k, mapStrings(v, fn));
    return out as T;
  }
  return value;
}

/**
 * `text` with what lies between the markers `start` and `end` replaced by `body` (a generated
 * section of README.md); throws, naming the markers, when they are missing.
 */
export function replaceBetween(text: string, start: string, end: string, body: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`the file lacks the markers ${start} ... ${end}`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}
