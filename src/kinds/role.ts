/**
 * Role (/api/Roles, schema NHD_Roles; string GUID ids). Its description is its table
 * (constructs/kinds/role.ts); here: the endpoint and the claims. Permissions go through the
 * catalog to claims (short codes, each permission's own values: permissions.ts); `claims` adds
 * raw claims. Only the claim types the manifest names are compared, and the payload keeps every
 * other live claim (posting `claims` replaces the list), except legacy-named rows of managed permissions.
 */
import { roleKind, type RoleSpec } from '../../constructs/kinds/role.js';
import type { HaloRecord } from '../halo/types.js';
import type { FieldCodec } from './fields.js';
import { kindHandler } from './handler.js';
import { records, str } from './lookup.js';
import { permissionRisks } from './risks.js';
import { canonicalPermissions, exportPermissions, normalizePermissions, permissionsPayload, showsAdminRights, unmappedValueWarnings } from './permissions.js';

function claimKey(c: { type: string; value: string }): string {
  return `${c.type}=${c.value}`;
}

/** Claim types the role's `claims` list manages as they are (never read as a permission's legacy rows). */
function rawClaimTypes(spec: RoleSpec): string[] {
  return (spec.claims ?? []).map((c) => c.type);
}

/** `permissions`, written together with `claims`: one claims list holds both. */
const permissions: FieldCodec<RoleSpec> = {
  canonical: (spec) => canonicalPermissions(spec.permissions ?? {}),
  normalize: (live, spec, ctx) => normalizePermissions(live.raw, spec.permissions ?? {}, ctx.catalog, rawClaimTypes(spec)),
  payload(p, spec, ctx, live) {
    if (spec.permissions === undefined && spec.claims === undefined) return;
    const { fields, claims } = permissionsPayload(spec.permissions ?? {}, ctx.catalog, live?.raw, spec.claims ?? []);
    Object.assign(p, fields);
    if (claims) p.claims = claims;
  },
  export: (live, ctx) => exportPermissions(live.raw, ctx.catalog),
};

/** `claims`: raw claims, compared by the types the list names (written by `permissions`' payload). */
const claims: FieldCodec<RoleSpec> = {
  set: true,
  canonical: (spec) => (spec.claims ?? []).map(claimKey).sort(),
  normalize(live, spec) {
    const types = new Set(rawClaimTypes(spec));
    return records(live.raw, 'claims')
      .map((c) => ({ type: str(c, 'type') ?? '', value: str(c, 'value') ?? '' }))
      .filter((c) => types.has(c.type))
      .map(claimKey)
      .sort();
  },
  payload: () => undefined,
};

/** Roles: description (notes), permissions, raw claims. */
export const roleHandler = kindHandler(roleKind, {
  apiPath: 'Roles',
  schema: 'NHD_Roles',
  delete: true,
  list: (reader) => reader.list<HaloRecord>('Roles'),
  async detail(reader, listed) {
    // Claims may be detail-only; read them for managed roles only.
    return listed.claims === undefined ? reader.get<HaloRecord>('Roles', listed.id as string, { includedetails: true }) : listed;
  },
  codecs: { permissions, claims },
  liveWarnings: (live, spec, ctx, env) => unmappedValueWarnings(live.raw, spec.permissions, ctx.catalog, env.catalogFile, rawClaimTypes(spec)),
  risks: (input) => permissionRisks(input),
  // Halo's role list carries no claims: role-administrator shows once the detail is read.
  unmanagedRisks: (raw, { catalog }) => (showsAdminRights(raw, catalog) ? ['role-administrator'] : []),
  unmanagedUnread: { what: 'administrator rights', why: "Halo's role list does not carry their claims", lacks: (raw) => !Array.isArray(raw.claims) },
});
