/**
 * Friendly permissions (catalog/permissions.yaml) on Agents and Roles. A permission lands on a
 * top-level field (`admin` -> `is_admin`) or on a claim `{type, value}` whose type is a short code
 * (`Tx`, `l6`, halo-claims.md §2.1); codes, older long names and value tables are catalog data,
 * read through src/model/catalog-claims.ts. Reading never guesses: a value outside the table, a
 * legacy-named or otherwise spelled claim (`TD` for `Td`) or a doubled row is shown as the claims
 * themselves (LiveClaimsValue), so the plan rewrites it. Writes use the short code and the entry's
 * spelling, drop the alias rows of a managed permission, and keep every other live claim
 * (posting `claims` REPLACES the list).
 */
import type { Catalog, PermissionDef } from '../model/catalog.js';
import type { PermissionsSpec } from '../../constructs/kinds/permissions.js';
import { aliasKindOf, claimOwners, claimTypesOf, haloValueOf, readValue, valueTable, type AliasKind, type Claim } from '../model/catalog-claims.js';
import { overrideLine, unknownValueOverride } from '../model/catalog-overrides.js';
import type { HaloRecord } from '../halo/types.js';
import type { Canonical, LiveClaimsValue } from '../model/plan.js';
import { bool, records, str } from './lookup.js';
import type { SharedWarning } from './types.js';

/** The claims of a live agent or role, as Halo returned them. */
export function liveClaims(raw: HaloRecord): Claim[] {
  return records(raw, 'claims')
    .map((c) => ({ type: str(c, 'type') ?? '', value: str(c, 'value') ?? '' }))
    .filter((c) => c.type !== '');
}

/** One live claim row of a permission, marked when its type is an alias (a legacy name or another spelling). */
interface Row extends Claim {
  alias?: AliasKind;
}

/**
 * The live rows of a permission: its code's and its aliases' (legacy names, other spellings),
 * except claim types the spec manages verbatim under `raw` (export writes alias rows there, and
 * they must stay put).
 */
function rowsOf(def: PermissionDef, claims: readonly Claim[], rawTypes: ReadonlySet<string>): Row[] {
  const types = claimTypesOf(def);
  return claims
    .filter((c) => !rawTypes.has(c.type) && types.includes(c.type))
    .map((c) => {
      const alias = aliasKindOf(def, c.type);
      return alias ? { ...c, alias } : { ...c };
    });
}

/** The rows shown as they are (alias rows first read, then the code's row). */
function asLiveClaims(rows: readonly Row[], readAs: string | boolean | undefined): LiveClaimsValue {
  return {
    live_claims: rows.map((r) => ({ type: r.type, value: r.value, ...(r.alias === 'legacy' ? { legacy: true as const } : r.alias === 'spelling' ? { spelling: true as const } : {}) })),
    ...(readAs !== undefined ? { read_as: readAs } : {}),
  };
}

/**
 * The canonical live value of one permission: its friendly value when exactly one row with the
 * short code holds a value of the table; false / null when no row exists (a missing yes/no claim
 * is "no"); otherwise the claims themselves, with their reading when they have one.
 */
function livePermission(def: PermissionDef, raw: HaloRecord, claims: readonly Claim[], rawTypes: ReadonlySet<string>, catalog: Catalog): unknown {
  const t = def.target;
  if ('field' in t) return def.type === 'boolean' ? bool(raw, t.field) : (raw[t.field] ?? null);
  const rows = rowsOf(def, claims, rawTypes);
  if (rows.length === 0) return def.type === 'boolean' ? false : null;
  const main = rows.find((r) => !r.alias) ?? rows[0];
  const reading = main === undefined ? undefined : readValue(def, main.value, catalog);
  if (rows.length === 1 && main && !main.alias && reading !== undefined) return reading;
  return asLiveClaims(rows, reading);
}

/** The desired permissions in canonical form: friendly keys as given, raw claims under `raw`. */
export function canonicalPermissions(spec: PermissionsSpec): Canonical {
  const out: Canonical = {};
  for (const [k, v] of Object.entries(spec)) if (k !== 'raw' && v !== undefined) out[k] = v;
  if (spec.raw) out.raw = { ...spec.raw };
  return out;
}

/**
 * The live permissions, reduced to the keys `spec` sets. `verbatim` names further claim types
 * managed as they are (a role's `claims` list), which are never read as a permission's rows.
 */
export function normalizePermissions(raw: HaloRecord, spec: PermissionsSpec, catalog: Catalog, verbatim: readonly string[] = []): Canonical {
  const claims = liveClaims(raw);
  const rawTypes = new Set([...Object.keys(spec.raw ?? {}), ...verbatim]);
  const out: Canonical = {};
  for (const key of Object.keys(spec)) {
    if (key === 'raw') continue;
    const def = catalog.permissions[key];
    out[key] = def ? livePermission(def, raw, claims, rawTypes, catalog) : null;
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
 * claims with managed types replaced and the legacy rows of managed permissions dropped), or
 * undefined when no claim is managed. `extraClaims` are a role's raw `claims` list.
 */
export function permissionsPayload(
  spec: PermissionsSpec,
  catalog: Catalog,
  live: HaloRecord | undefined,
  extraClaims: readonly Claim[] = [],
): { fields: HaloRecord; claims?: Claim[] } {
  const fields: HaloRecord = {};
  const managed = new Map<string, string>();
  const replaced = new Set<string>();
  const verbatim = new Set([...Object.keys(spec.raw ?? {}), ...extraClaims.map((c) => c.type)]);
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'raw' || value === undefined) continue;
    const def = catalog.permissions[key];
    if (!def) continue;
    if ('field' in def.target) {
      fields[def.target.field] = def.type === 'boolean' ? value === true : value;
      continue;
    }
    const halo = haloValueOf(def, value);
    if (halo === undefined) continue; // validate refuses values outside the table
    managed.set(def.target.claim, halo);
    for (const type of claimTypesOf(def)) if (!verbatim.has(type)) replaced.add(type);
  }
  for (const [type, value] of Object.entries(spec.raw ?? {})) managed.set(type, value);
  for (const c of extraClaims) managed.set(c.type, c.value);
  if (managed.size === 0) return { fields };
  const kept = (live ? liveClaims(live) : []).filter((c) => !managed.has(c.type) && !replaced.has(c.type));
  return { fields, claims: [...kept, ...[...managed].map(([type, value]) => ({ type, value }))] };
}

/**
 * Live permissions as a friendly spec for export: every catalog permission the live object
 * carries. Claims a friendly value cannot say (a value outside the table, a legacy-named or doubled
 * row) go verbatim under `raw`, so a plan of the export says "No changes". Unknown claim types are
 * unmanaged and not exported; `skip` leaves out permissions exported elsewhere (an agent's access flags).
 */
export function exportPermissions(raw: HaloRecord, catalog: Catalog, skip: (def: PermissionDef) => boolean = () => false): PermissionsSpec | undefined {
  const out: PermissionsSpec = {};
  const rawOut: Record<string, string> = {};
  const byKey = new Map<string, Row[]>();
  for (const c of liveClaims(raw)) {
    const owner = claimOwners(catalog).get(c.type);
    if (!owner || skip(owner.def)) continue;
    byKey.set(owner.key, [...(byKey.get(owner.key) ?? []), { ...c, ...(owner.alias ? { alias: owner.alias } : {}) }]);
  }
  for (const [key, rows] of byKey) {
    const def = catalog.permissions[key] as PermissionDef;
    const codeRows = rows.filter((r) => !r.alias);
    const reading = codeRows.length === 1 && codeRows[0] ? readValue(def, codeRows[0].value, catalog) : undefined;
    if (reading !== undefined) out[key] = reading;
    for (const r of rows) if ((r.alias || reading === undefined) && !(r.type in rawOut)) rawOut[r.type] = r.value;
  }
  if (Object.keys(rawOut).length > 0) out.raw = rawOut;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * One warning per claim type and value outside a managed permission's table, for the plan to
 * merge across objects: the value is shown raw, and the catalog override that would teach it is named.
 */
export function unmappedValueWarnings(
  raw: HaloRecord,
  spec: PermissionsSpec | undefined,
  catalog: Catalog,
  catalogFile: string | undefined,
  verbatim: readonly string[] = [],
): SharedWarning[] {
  const claims = liveClaims(raw);
  const rawTypes = new Set([...Object.keys(spec?.raw ?? {}), ...verbatim]);
  const where = catalogFile ? `to ${catalogFile} (policy.catalog)` : 'to a catalog override file (policy.catalog in the environment file)';
  const out: SharedWarning[] = [];
  for (const key of Object.keys(spec ?? {})) {
    const def = catalog.permissions[key];
    if (!def || key === 'raw') continue;
    for (const row of rowsOf(def, claims, rawTypes)) {
      if (readValue(def, row.value, catalog) !== undefined) continue;
      const known = valueTable(def).map((v) => `${v.name} = ${JSON.stringify(v.halo)}`).join(', ');
      out.push({
        key: `claim ${row.type}=${row.value}`,
        path: `permissions.${key}`,
        message:
          `permissions.${key}: Halo value ${JSON.stringify(row.value)} of claim ${row.type} is not in the catalog (${def.label}: ${known}); ` +
          `it is shown raw, never read as a neighbouring value. To teach it, add ${where} (then replace the <...> placeholders with what the Halo UI shows): ` +
          overrideLine(unknownValueOverride(key, def, [row.value], catalog, 'halo-iac plan')),
      });
    }
  }
  return out;
}

/** True when a friendly permission value grants a privileged right (catalog `privileged`, on the entry or the value). */
export function isPrivilegedValue(def: PermissionDef | undefined, value: unknown): boolean {
  if (!def) return false;
  if (def.type === 'boolean') return value === true && (def.privileged === true || def.values?.yes?.privileged === true);
  if (typeof value !== 'string') return false;
  if (def.values?.[value]?.privileged === true) return true;
  return def.privileged === true && valueTable(def)[0]?.name !== value;
}

/**
 * True when a live record shows administrator rights (catalog `adminRights`): such a field, or such a
 * claim, at yes. A list form without the field or the claims shows nothing, which is not a "no".
 */
export function showsAdminRights(raw: HaloRecord, catalog: Catalog): boolean {
  const claims = liveClaims(raw);
  return Object.values(catalog.permissions).some((def) => {
    if (def.adminRights !== true) return false;
    if ('field' in def.target) return bool(raw, def.target.field);
    return rowsOf(def, claims, new Set()).some((r) => readValue(def, r.value, catalog) === true);
  });
}
