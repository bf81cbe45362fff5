/**
 * Friendly permissions (catalog/permissions) on Agents and Roles. A permission lands either on a
 * top-level field (e.g. `is_admin`) or on a claim `{type, value}` (halo-enums.md §1.3: claim
 * types are unverified, so they come from the catalog, never from code). Posting `claims`
 * REPLACES the list, so payloads send live claims with only the managed types changed.
 * A third kind of target, a restriction array ("allow all" = no row), is written only through
 * the agent's `access` (agent.ts): under `permissions` it is refused (restrictionPermissionErrors).
 */
import type { Catalog, PermissionDef, RestrictionTarget } from '../manifest/catalog-types.js';
import type { PermissionsSpec } from '../manifest/specs.js';
import type { HaloRecord } from '../halo/types.js';
import type { Canonical } from '../engine/plan-types.js';
import { fromHalo, records, str } from './lookup.js';

interface Claim {
  type: string;
  value: string;
}

function liveClaims(raw: HaloRecord): Claim[] {
  return records(raw, 'claims')
    .map((c) => ({ type: str(c, 'type') ?? '', value: str(c, 'value') ?? '' }))
    .filter((c) => c.type !== '');
}

/** The restriction-array encoding of a permission, when the catalog gives it one. */
export function restrictionOf(def: PermissionDef | undefined): RestrictionTarget | undefined {
  return def !== undefined && 'restriction' in def.target ? def.target : undefined;
}

/** Plan errors for permissions that are encoded by restriction arrays: only `access` sets those. */
export function restrictionPermissionErrors(spec: PermissionsSpec | undefined, catalog: Catalog): { path: string; message: string }[] {
  return Object.keys(spec ?? {})
    .filter((key) => restrictionOf(catalog.permissions[key]) !== undefined)
    .map((key) => ({
      path: `permissions.${key}`,
      message: `permissions.${key} is encoded by the agent's ${restrictionOf(catalog.permissions[key])?.restriction ?? ''} restriction rows (catalog): set it through the agent's access (ticketTypes / customers: all) instead`,
    }));
}

/** Friendly value -> the Halo value the catalog maps it to (booleans map to true/false or yes/no). */
function haloValue(def: PermissionDef, value: unknown): unknown {
  if (def.type === 'boolean') {
    const key = value === true ? 'yes' : 'no';
    const mapped = def.values?.[key]?.halo;
    if (mapped !== undefined) return mapped;
    return 'claim' in def.target ? String(value === true) : value === true;
  }
  const mapped = def.values?.[String(value)]?.halo;
  return mapped ?? value;
}

/** Halo value -> friendly value (the inverse of haloValue). */
function friendlyValue(def: PermissionDef, halo: unknown): unknown {
  if (def.type === 'boolean') {
    if (def.values?.yes !== undefined) return String(def.values.yes.halo) === String(halo);
    return halo === true || halo === 'true' || halo === 1 || halo === '1';
  }
  return fromHalo(def.values, halo);
}

/** The desired permissions in canonical form: friendly keys as given, raw claims under `raw`. */
export function canonicalPermissions(spec: PermissionsSpec): Canonical {
  const out: Canonical = {};
  for (const [k, v] of Object.entries(spec)) if (k !== 'raw' && v !== undefined) out[k] = v;
  if (spec.raw) out.raw = { ...spec.raw };
  return out;
}

/** The live permissions, reduced to the keys `spec` sets. */
export function normalizePermissions(raw: HaloRecord, spec: PermissionsSpec, catalog: Catalog): Canonical {
  const claims = liveClaims(raw);
  const out: Canonical = {};
  for (const key of Object.keys(spec)) {
    if (key === 'raw') continue;
    const def = catalog.permissions[key];
    if (!def || restrictionOf(def)) {
      out[key] = null;
      continue;
    }
    const t = def.target;
    const halo = 'field' in t ? raw[t.field] : 'claim' in t ? claims.find((c) => c.type === t.claim)?.value : undefined;
    // A missing boolean (field absent, claim never set) is "not granted"; a missing level stays null.
    out[key] = halo === undefined || halo === null ? (def.type === 'boolean' ? false : null) : friendlyValue(def, halo);
  }
  if (spec.raw) {
    const rawOut: Record<string, string | null> = {};
    for (const type of Object.keys(spec.raw)) rawOut[type] = claims.find((c) => c.type === type)?.value ?? null;
    out.raw = rawOut;
  }
  return out;
}

/**
 * Payload parts for the permissions: top-level fields, and the full claims list to send (live
 * claims with managed types replaced), or undefined when no claim is managed.
 */
export function permissionsPayload(
  spec: PermissionsSpec,
  catalog: Catalog,
  live: HaloRecord | undefined,
  extraClaims: Claim[] = [],
): { fields: HaloRecord; claims?: Claim[] } {
  const fields: HaloRecord = {};
  const managed = new Map<string, string>();
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'raw' || value === undefined) continue;
    const def = catalog.permissions[key];
    if (!def) continue;
    const halo = haloValue(def, value);
    if ('field' in def.target) fields[def.target.field] = halo;
    else if ('claim' in def.target) managed.set(def.target.claim, String(halo));
  }
  for (const [type, value] of Object.entries(spec.raw ?? {})) managed.set(type, value);
  for (const c of extraClaims) managed.set(c.type, c.value);
  if (managed.size === 0) return { fields };
  const kept = (live ? liveClaims(live) : []).filter((c) => !managed.has(c.type));
  const claims = [...kept, ...[...managed].map(([type, value]) => ({ type, value }))];
  return { fields, claims };
}

/** Live permissions as a friendly spec for export: every catalog permission the live object carries. */
export function exportPermissions(raw: HaloRecord, catalog: Catalog): PermissionsSpec | undefined {
  const claims = liveClaims(raw);
  const out: PermissionsSpec = {};
  for (const [key, def] of Object.entries(catalog.permissions)) {
    if (!('claim' in def.target)) continue;
    const claimType = def.target.claim;
    const c = claims.find((x) => x.type === claimType);
    if (c) out[key] = friendlyValue(def, c.value) as string | boolean;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** True when a friendly permission value grants the privileged right. */
export function isPrivilegedValue(def: PermissionDef | undefined, value: unknown): boolean {
  if (!def?.privileged) return false;
  return value !== false && value !== null && value !== undefined && value !== 'none' && value !== 'no';
}

/** Permission keys in `after` that newly grant a privileged right. */
export function escalatedPermissions(before: unknown, after: unknown, catalog: Catalog): string[] {
  const a = (after ?? {}) as Record<string, unknown>;
  const b = (before ?? {}) as Record<string, unknown>;
  return Object.keys(a).filter(
    (k) => isPrivilegedValue(catalog.permissions[k], a[k]) && a[k] !== b[k],
  );
}
