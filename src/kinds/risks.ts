/**
 * Risk labels from the catalog (issue 10 §2): what is privileged is data (catalog `privileged` on
 * permissions and their values, scopes and membership levels), never a list in code. Each label
 * comes with its reason, naming the change as a reviewer reads it:
 * `permissions.canDeleteTickets false -> true`. Helpers for the handlers' `risks` capability;
 * reasons never quote a sensitive value (no risk is about a secret).
 */
import type { Field } from '../../constructs/fields.js';
import type { Catalog, PermissionDef } from '../model/catalog.js';
import { isLiveClaimsValue, type RiskReason } from '../model/plan.js';
import { naturalKey } from '../model/kinds.js';
import { isPrivilegedValue } from './permissions.js';
import type { RiskInput } from './types.js';

/**
 * A value as a reason shows it, written as the change's field lines write it (render/values.ts):
 * JSON (`null` included), `(unset)` when absent, the reading (or `raw claims`) of live claims.
 */
export function shownValue(v: unknown): string {
  if (v === undefined) return '(unset)';
  if (v === null) return 'null';
  if (isLiveClaimsValue(v)) return v.read_as !== undefined ? `${JSON.stringify(v.read_as)} (raw claims)` : '(raw claims)';
  return JSON.stringify(v);
}

/** `path before -> after` for an update, `path = after` for a create. */
export function changeReason(path: string, before: unknown, after: unknown, action: RiskInput['action']): string {
  return action === 'create' ? `${path} = ${shownValue(after)}` : `${path} ${shownValue(before)} -> ${shownValue(after)}`;
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function differs(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

/**
 * Permissions (`before[key]` / `after[key]`, friendly names of catalog/permissions.yaml) that newly
 * grant a privileged value, one `privilege-escalation` reason each, at `path.<permission>`.
 */
export function permissionRisks(input: RiskInput, key = 'permissions'): RiskReason[] {
  const before = asRecord(input.before?.[key]);
  const after = asRecord(input.after?.[key]);
  return Object.keys(after)
    .filter((k) => isPrivilegedValue(input.catalog.permissions[k], after[k]) && differs(after[k], before[k]))
    .map((k): RiskReason => ({ risk: 'privilege-escalation', reason: changeReason(`${key}.${k}`, before[k], after[k], input.action) }));
}

/**
 * Flag fields of a table that are a catalog permission themselves (the catalog's `target.field`,
 * e.g. an agent's `admin` is permission `admin`, field is_admin): privileged when the catalog says so.
 */
export function fieldPermissionRisks(table: Readonly<Record<string, Field<never>>>, input: RiskInput): RiskReason[] {
  const byField = new Map<string, PermissionDef>();
  for (const def of Object.values(input.catalog.permissions)) if ('field' in def.target) byField.set(def.target.field, def);
  const out: RiskReason[] = [];
  for (const [key, f] of Object.entries(table)) {
    if (f.type !== 'flag') continue;
    const def = byField.get(f.halo);
    const after = input.after?.[key];
    if (def && isPrivilegedValue(def, after) && differs(after, input.before?.[key]))
      out.push({ risk: 'privilege-escalation', reason: changeReason(key, input.before?.[key], after, input.action) });
  }
  return out;
}

function listAt(c: RiskInput['before'], key: string): unknown[] {
  return Array.isArray(c?.[key]) ? (c[key] as unknown[]) : [];
}

/** Items of the list at `key` in `after` that `before` lacks (compared as natural keys). */
export function addedItems(input: RiskInput, key: string): unknown[] {
  const was = new Set(listAt(input.before, key).map(itemKey));
  return listAt(input.after, key).filter((x) => !was.has(itemKey(x)));
}

/**
 * `key - item` reasons (risk `privilege-removal`) for items an update takes out of the list at
 * `key` (a role removed from an agent takes the rights it carried away). Only when `after` sets
 * the list: an omitted list is not managed, so nothing is removed from it.
 */
export function removedRisks(input: RiskInput, key: string): RiskReason[] {
  if (input.action !== 'update' || !Array.isArray(input.after?.[key])) return [];
  const kept = new Set(listAt(input.after, key).map(itemKey));
  return listAt(input.before, key)
    .filter((x) => !kept.has(itemKey(x)))
    .map((x): RiskReason => ({ risk: 'privilege-removal', reason: `${key} - ${typeof x === 'string' ? x : JSON.stringify(x)}` }));
}

function itemKey(x: unknown): string {
  return typeof x === 'string' ? naturalKey(x) : JSON.stringify(x);
}

/** `key + item` reasons for added items that `privileged` says grant rights; `label` words an item (default: itself). */
export function addedRisks(
  input: RiskInput,
  key: string,
  privileged: (item: unknown, catalog: Catalog) => boolean,
  label: (item: unknown) => string = (x) => (typeof x === 'string' ? x : JSON.stringify(x)),
): RiskReason[] {
  return addedItems(input, key)
    .filter((x) => privileged(x, input.catalog))
    .map((x): RiskReason => ({ risk: 'privilege-escalation', reason: `${key} + ${label(x)}` }));
}
