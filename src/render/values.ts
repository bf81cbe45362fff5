/**
 * How field values print in plans: JSON-like and on one line, with sensitive paths masked.
 * Masking is decided from the Plan's own markers (`sensitive`, `before_sensitive`,
 * `after_sensitive`), so a renderer can never print a value the engine flagged.
 */
import { masker, SENSITIVE_VALUE } from '../model/mask.js';
import { isLiveClaimsValue, type FieldChange, type LiveClaimsValue, type ResourceChange } from '../model/plan.js';

/** What a sensitive value prints as (Terraform's wording). */
export const SENSITIVE = SENSITIVE_VALUE;

/** Longest single value printed before it is shortened (keeps plans readable). */
const MAX_VALUE_CHARS = 200;

/**
 * Live permission claims the catalog cannot read as one value, in words: each row as Halo holds it,
 * then its reading, e.g. `(Halo value "7", not in the catalog)` or
 * `(legacy claim Ticket_Level = "2", read as "readModify")` or `(claim spelled TD = "1", read as true)`.
 */
export function formatLiveClaims(v: LiveClaimsValue): string {
  const rows = v.live_claims.map((c) => {
    const value = JSON.stringify(c.value);
    if (c.legacy) return `legacy claim ${c.type} = ${value}`;
    if (c.spelling) return `claim spelled ${c.type} = ${value}`;
    return `Halo value ${value}`;
  });
  const reading = v.read_as === undefined ? 'not in the catalog' : `read as ${JSON.stringify(v.read_as)}`;
  return `(${rows.join(' and ')}, ${reading})`;
}

/** One value on one line: strings quoted, lists and objects as compact JSON. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '(unset)';
  if (isLiveClaimsValue(v)) return formatLiveClaims(v);
  if (v === null) return 'null';
  const text = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** True when `path` equals a sensitive path or lies under one (`secret` covers `secret.value`). */
export function isUnderSensitive(path: string, sensitive: readonly string[]): boolean {
  return sensitive.some((s) => path === s || path.startsWith(`${s}.`));
}

/** True when a sensitive path lies strictly inside `path` (its whole value would show the secret). */
function holdsSensitive(path: string, sensitive: readonly string[]): boolean {
  return sensitive.some((s) => s.startsWith(`${path}.`));
}

/** True when this field's values must not be printed (it is, lies under, or holds a sensitive path). */
export function isSensitiveField(rc: ResourceChange, fc: FieldChange): boolean {
  if (fc.sensitive) return true;
  const paths = [...rc.change.before_sensitive, ...rc.change.after_sensitive];
  return isUnderSensitive(fc.path, paths) || holdsSensitive(fc.path, paths);
}

/** Strings shorter than this are never scrubbed from free text (they would mangle words, and no secret is that short). */
const MIN_SCRUBBED = 4;

/**
 * A function replacing, in free text the engine wrote about a change (a risk reason, a dependent's
 * reason), every string value the plan marks sensitive on that change (found once, for all its
 * texts). The engine must not put them there; this makes sure a slip can still never print one.
 */
export function scrubber(rc: ResourceChange): (text: string) => string {
  return masker(sensitiveStrings(rc));
}

/** Every string (at any depth) held by a sensitive field or path of the change, longest first. */
function sensitiveStrings(rc: ResourceChange): string[] {
  const found = new Set<string>();
  const collect = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.length >= MIN_SCRUBBED) found.add(v);
    } else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  for (const fc of rc.field_changes) {
    if (isSensitiveField(rc, fc)) [fc.before, fc.after, fc.added, fc.removed].forEach(collect);
  }
  for (const path of rc.change.before_sensitive) collect(valueAt(rc.change.before, path));
  for (const path of rc.change.after_sensitive) collect(valueAt(rc.change.after, path));
  return [...found].sort((a, b) => b.length - a.length);
}

/** The value at a dotted path, or undefined. */
function valueAt(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const key of path.split('.')) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/**
 * The field changes to show for a change. A destroy shows the whole live object, as Terraform
 * does: every field of `before` at any depth, lists item by item. Otherwise the engine normally
 * lists them; when it does not (a create whose fields are only in `after`), they are derived from
 * the whole object so the reader still sees what is created.
 */
export function fieldsToShow(rc: ResourceChange): FieldChange[] {
  const after = rc.change.after;
  const before = rc.change.before;
  if (before && !after) return destroyedFields(before);
  if (rc.field_changes.length > 0) return rc.field_changes;
  if (after && !before) return flatten(after).map(([path, value]) => ({ path, before: undefined, after: value }));
  return [];
}

/** Every field of a destroyed object as a removal; non-empty lists carry their items as `removed`. */
function destroyedFields(before: Record<string, unknown>): FieldChange[] {
  return flatten(before, '', 0, Infinity).map(([path, value]) =>
    Array.isArray(value) && value.length > 0 ? { path, before: value, after: undefined, removed: value } : { path, before: value, after: undefined },
  );
}

/**
 * Objects flattened into dotted paths down to `maxDepth` levels (`{a: {b: 1}}` -> `a.b: 1`); arrays,
 * empty objects and live claims stay whole.
 */
function flatten(obj: Record<string, unknown>, prefix = '', depth = 0, maxDepth = 1): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const key of Object.keys(obj).sort()) {
    const value = obj[key];
    const path = prefix ? `${prefix}.${key}` : key;
    const nested = value && typeof value === 'object' && !Array.isArray(value) && !isLiveClaimsValue(value) && Object.keys(value).length > 0;
    if (nested && depth < maxDepth) {
      out.push(...flatten(value as Record<string, unknown>, path, depth + 1, maxDepth));
    } else {
      out.push([path, value]);
    }
  }
  return out;
}

/** One printed line per field change, without indentation or colour (shared by text and markdown). */
export interface FieldLine {
  /** `+` / `-` for set items and created/destroyed fields, `~` for changed values. */
  sign: '+' | '-' | '~';
  text: string;
}

/** The lines describing one field change: `path: old -> new`, or its added/removed set items. */
export function fieldLines(rc: ResourceChange, fc: FieldChange): FieldLine[] {
  // A create has no before and a destroy no after, whatever placeholder (null) the engine put there.
  const creating = rc.change.before === null || fc.before === undefined;
  const destroying = rc.change.after === null || fc.after === undefined;
  if (isSensitiveField(rc, fc)) {
    const sign = creating ? '+' : destroying ? '-' : '~';
    return [{ sign, text: `${fc.path}: ${SENSITIVE}` }];
  }
  if ((fc.added && fc.added.length > 0) || (fc.removed && fc.removed.length > 0)) {
    const lines: FieldLine[] = [{ sign: creating ? '+' : destroying ? '-' : '~', text: `${fc.path}:` }];
    for (const item of fc.added ?? []) lines.push({ sign: '+', text: `  + ${formatValue(item)}` });
    for (const item of fc.removed ?? []) lines.push({ sign: '-', text: `  - ${formatValue(item)}` });
    return lines;
  }
  if (creating) return [{ sign: '+', text: `${fc.path}: ${formatValue(fc.after)}` }];
  if (destroying) return [{ sign: '-', text: `${fc.path}: ${formatValue(fc.before)}` }];
  return [{ sign: '~', text: `${fc.path}: ${formatValue(fc.before)} -> ${formatValue(fc.after)}` }];
}
