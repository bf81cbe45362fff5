/**
 * How field values print in plans: JSON-like and on one line, with sensitive paths masked.
 * Masking is decided from the Plan's own markers (`sensitive`, `before_sensitive`,
 * `after_sensitive`), so a renderer can never print a value the engine flagged.
 */
import { isLiveClaimsValue, type FieldChange, type LiveClaimsValue, type ResourceChange } from '../engine/plan-types.js';

/** What a sensitive value prints as (Terraform's wording). */
export const SENSITIVE = '(sensitive value)';

/** Longest single value printed before it is shortened (keeps plans readable). */
const MAX_VALUE_CHARS = 200;

/**
 * Live permission claims the catalog cannot read as one value, in words: each row as Halo holds it,
 * then its reading, e.g. `(Halo value "7", not in the catalog)` or
 * `(legacy claim Ticket_Level = "2", read as "readModify")`.
 */
export function formatLiveClaims(v: LiveClaimsValue): string {
  const rows = v.live_claims.map((c) => (c.legacy ? `legacy claim ${c.type} = ${JSON.stringify(c.value)}` : `Halo value ${JSON.stringify(c.value)}`));
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

/** True when this field's values must not be printed. */
export function isSensitiveField(rc: ResourceChange, fc: FieldChange): boolean {
  if (fc.sensitive) return true;
  return isUnderSensitive(fc.path, rc.change.before_sensitive) || isUnderSensitive(fc.path, rc.change.after_sensitive);
}

/**
 * The field changes to show for a change. The engine normally lists them; when it does not
 * (a create or destroy whose fields are only in `after`/`before`), they are derived from the
 * whole object so the reader still sees what is created or destroyed.
 */
export function fieldsToShow(rc: ResourceChange): FieldChange[] {
  if (rc.field_changes.length > 0) return rc.field_changes;
  const after = rc.change.after;
  const before = rc.change.before;
  if (after && !before) return flatten(after).map(([path, value]) => ({ path, before: undefined, after: value }));
  if (before && !after) return flatten(before).map(([path, value]) => ({ path, before: value, after: undefined }));
  return [];
}

/** Top-level-and-one-down flattening: `{a: {b: 1}}` -> `a.b: 1`; arrays stay whole. */
function flatten(obj: Record<string, unknown>, prefix = '', depth = 0): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const key of Object.keys(obj).sort()) {
    const value = obj[key];
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value) && depth < 1) {
      out.push(...flatten(value as Record<string, unknown>, path, depth + 1));
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
