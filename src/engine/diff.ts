/**
 * The one generic differ (style.md): field changes are derived from whole canonical before/after
 * forms. Kinds only declare which paths are sets (memberships, scopes: reported as added/removed)
 * and which are sensitive. No kind writes its own "changed()".
 */
import type { Canonical, FieldChange } from '../model/plan.js';
import { isPlainObject, stableStringify } from './canonical.js';

function underAny(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => path === p || path.startsWith(`${p}.`));
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

function walk(
  before: unknown,
  after: unknown,
  path: string,
  sets: readonly string[],
  out: FieldChange[],
): void {
  if (path !== '' && sets.includes(path)) {
    const b = asArray(before);
    const a = asArray(after);
    const bKeys = new Set(b.map(stableStringify));
    const aKeys = new Set(a.map(stableStringify));
    const added = a.filter((x) => !bKeys.has(stableStringify(x)));
    const removed = b.filter((x) => !aKeys.has(stableStringify(x)));
    // `all` vs a list (ticket type access) is a value change, not a set change.
    const shapeChanged = Array.isArray(before) !== Array.isArray(after) && before !== undefined && before !== null;
    if (added.length > 0 || removed.length > 0 || shapeChanged) {
      out.push({ path, before: before ?? null, after: after ?? null, added, removed });
    }
    return;
  }
  if (isPlainObject(before) || isPlainObject(after)) {
    const b = isPlainObject(before) ? before : {};
    const a = isPlainObject(after) ? after : {};
    // An object on one side and a scalar on the other (e.g. live claims shown raw against a
    // friendly value) is one change of the whole value, not a change per key of the object.
    const scalarBefore = !isPlainObject(before) && before !== undefined && before !== null;
    const scalarAfter = !isPlainObject(after) && after !== undefined && after !== null;
    if (scalarBefore || scalarAfter) {
      out.push({ path, before: before ?? null, after: after ?? null });
      return;
    }
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    for (const k of keys) walk(b[k], a[k], path === '' ? k : `${path}.${k}`, sets, out);
    return;
  }
  if (stableStringify(before ?? null) !== stableStringify(after ?? null)) {
    out.push({ path, before: before ?? null, after: after ?? null });
  }
}

/**
 * Field changes between two canonical forms (null = the object does not exist on that side).
 * Set paths carry `added`/`removed`; paths under a sensitive prefix are flagged `sensitive`.
 */
export function diffCanonical(
  before: Canonical | null,
  after: Canonical | null,
  sets: readonly string[] = [],
  sensitive: readonly string[] = [],
): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before ?? {}, after ?? {}, '', sets, out);
  for (const c of out) if (underAny(c.path, sensitive)) c.sensitive = true;
  return out;
}
