/**
 * Role (/api/Roles, schema NHD_Roles; string GUID ids). Permissions go through the catalog to
 * claims (short codes, each permission's own values: permissions.ts); `claims` adds raw claims.
 * Only the claim types the manifest names are compared, and the payload keeps every other live
 * claim (posting `claims` replaces the list), except legacy-named rows of managed permissions.
 */
import type { Catalog } from '../model/catalog.js';
import type { RoleSpec } from '../../constructs/kinds/role.js';
import { roleReferences } from '../../constructs/kinds/role.js';
import type { HaloRecord } from '../halo/types.js';
import type { Canonical, Risk } from '../model/plan.js';
import type { KindHandler } from './types.js';
import { records, str } from './lookup.js';
import {
  canonicalPermissions, escalatedPermissions, exportPermissions, normalizePermissions, permissionsPayload, rawClaimConflicts, unmappedValueWarnings,
} from './permissions.js';
import { claimCode } from '../model/catalog-claims.js';

function claimKey(c: { type: string; value: string }): string {
  return `${c.type}=${c.value}`;
}

/**
 * Permissions the catalog maps to a top-level field (e.g. `admin` -> `is_admin`) are agent (Uname)
 * fields: NHD_Roles has none of them, so Halo drops them and the role could never converge.
 */
function fieldPermissionErrors(spec: RoleSpec['permissions'], catalog: Catalog): { path: string; message: string }[] {
  return Object.keys(spec ?? {}).flatMap((key) => {
    const target = catalog.permissions[key]?.target;
    if (!target || !('field' in target)) return [];
    return [{
      path: `permissions.${key}`,
      message: `permissions.${key} is the agent field ${target.field} (catalog), which Halo roles do not have: set it on the agents instead`,
    }];
  });
}

/**
 * The payload keeps one value per claim type (managed types replace the live ones), so a claim type
 * given twice, or given in `claims` and also set through `permissions`, could never converge.
 */
function claimConflicts(spec: RoleSpec, catalog: Catalog): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const fromPermissions = new Map<string, string>();
  for (const key of Object.keys(spec.permissions ?? {})) {
    const code = key === 'raw' ? undefined : claimCode(catalog.permissions[key]);
    if (code !== undefined) fromPermissions.set(code, `permissions.${key}`);
  }
  for (const type of Object.keys(spec.permissions?.raw ?? {})) fromPermissions.set(type, `permissions.raw.${type}`);
  const seen = new Set<string>();
  (spec.claims ?? []).forEach((c, i) => {
    if (seen.has(c.type)) out.push({ path: `claims.${i}`, message: `claim type '${c.type}' is given more than once; a role holds one value per claim type` });
    else if (fromPermissions.has(c.type)) out.push({ path: `claims.${i}`, message: `claim type '${c.type}' is also set by ${fromPermissions.get(c.type)}; give it in one place` });
    seen.add(c.type);
  });
  return out;
}

/** Claim types the role's `claims` list manages as they are (never read as a permission's legacy rows). */
function rawClaimTypes(spec: RoleSpec): string[] {
  return (spec.claims ?? []).map((c) => c.type);
}

/** Roles: description (notes), permissions, raw claims. */
export const roleHandler: KindHandler<RoleSpec> = {
  kind: 'Role',
  apiPath: 'Roles',
  dependsOn: [],
  sets: ['claims'],
  delete: true,
  liveName: (raw) => str(raw, 'name') ?? '',
  list: (reader) => reader.list<HaloRecord>('Roles'),
  async detail(reader, listed) {
    // Claims may be detail-only; read them for managed roles only.
    return listed.claims === undefined ? reader.get<HaloRecord>('Roles', listed.id as string, { includedetails: true }) : listed;
  },
  references: roleReferences,
  unsupported: (spec, catalog) => [
    ...fieldPermissionErrors(spec.permissions, catalog),
    ...rawClaimConflicts(spec.permissions, catalog),
    ...claimConflicts(spec, catalog),
  ],
  liveWarnings: (live, spec, ctx, env) => unmappedValueWarnings(live.raw, spec.permissions, ctx.catalog, env.catalogFile, rawClaimTypes(spec)),
  canonical(spec) {
    const out: Canonical = {};
    if (spec.description !== undefined) out.description = spec.description;
    if (spec.permissions !== undefined) out.permissions = canonicalPermissions(spec.permissions);
    if (spec.claims !== undefined) out.claims = spec.claims.map(claimKey).sort();
    return out;
  },
  normalize(live, spec, ctx) {
    const out: Canonical = {};
    if (spec.description !== undefined) out.description = str(live.raw, 'notes') ?? '';
    if (spec.permissions !== undefined) out.permissions = normalizePermissions(live.raw, spec.permissions, ctx.catalog, rawClaimTypes(spec));
    if (spec.claims !== undefined) {
      const types = new Set(spec.claims.map((c) => c.type));
      out.claims = records(live.raw, 'claims')
        .map((c) => ({ type: str(c, 'type') ?? '', value: str(c, 'value') ?? '' }))
        .filter((c) => types.has(c.type))
        .map(claimKey)
        .sort();
    }
    return out;
  },
  toPayload(desired, ctx, live) {
    const spec = desired.spec;
    const p: HaloRecord = live ? { id: live.id, name: desired.name } : { name: desired.name };
    if (spec.description !== undefined) p.notes = spec.description;
    if (spec.permissions !== undefined || spec.claims !== undefined) {
      const { fields, claims } = permissionsPayload(spec.permissions ?? {}, ctx.catalog, live?.raw, spec.claims ?? []);
      Object.assign(p, fields);
      if (claims) p.claims = claims;
    }
    return p;
  },
  toSpec(live, ctx) {
    const spec: RoleSpec = {};
    const notes = str(live.raw, 'notes');
    if (notes) spec.description = notes;
    const perms = exportPermissions(live.raw, ctx.catalog);
    if (perms) spec.permissions = perms;
    return spec;
  },
  risks({ before, after, catalog }): Risk[] {
    return escalatedPermissions(before?.permissions, after?.permissions, catalog).length > 0 ? ['privilege-escalation'] : [];
  },
};
