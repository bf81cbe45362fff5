/** Role: a bundle of permissions (/api/Roles, string ids; permissions stored as claims, halo-enums.md §2). */
import type { Construct } from 'constructs';
import type { Catalog } from '../../src/model/catalog.js';
import { claimCode } from '../../src/model/catalog-claims.js';
import { custom, text } from '../fields.js';
import { declareKind, type SpecProblem } from '../kind.js';
import { HaloObject, type ObjectProps } from '../object.js';
import { checkPermissions, rawClaimConflicts, type PermissionsSpec } from './permissions.js';

/** Role spec: friendly permissions plus raw claims. */
export interface RoleSpec {
  description?: string;
  permissions?: PermissionsSpec;
  /** Raw claims appended as-is. */
  claims?: { type: string; value: string }[];
}

/** Props of a Role construct. */
export type RoleProps = Omit<ObjectProps<RoleSpec>, 'spec'> & { spec?: RoleSpec };

/** A role with friendly permissions and raw claims. */
export class Role extends HaloObject<RoleSpec> {
  constructor(scope: Construct, id: string, props: RoleProps = {}) {
    super(scope, roleKind, id, { ...props, spec: props.spec ?? {} });
  }
}

/**
 * Permissions the catalog maps to a top-level field (e.g. `admin` -> `is_admin`) are agent (Uname)
 * fields: NHD_Roles has none of them, so Halo drops them and the role could never converge.
 */
function fieldPermissionErrors(spec: RoleSpec['permissions'], catalog: Catalog): SpecProblem[] {
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
function claimConflicts(spec: RoleSpec, catalog: Catalog): SpecProblem[] {
  const out: SpecProblem[] = [];
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

/**
 * The Role kind. Permissions go through the catalog to claims (src/kinds/permissions.ts); `claims`
 * adds raw claims, written in the same claims list. The list form carries scalars only (the
 * description): claims come with the detail read, so both claim fields are detail-only.
 */
export const roleKind = declareKind(Role, {
  kind: 'Role',
  dependsOn: [],
  fields: {
    description: text('notes'),
    permissions: custom<RoleSpec>({ detailOnly: true }),
    claims: custom<RoleSpec>({ detailOnly: true, export: 'never' }),
  },
  check: (spec, c) => checkPermissions(c, spec.permissions, 'permissions'),
  neverConverges: (spec, catalog) => [
    ...fieldPermissionErrors(spec.permissions, catalog),
    ...rawClaimConflicts(spec.permissions, catalog),
    ...claimConflicts(spec, catalog),
  ],
});
