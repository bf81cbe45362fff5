/** Role: a bundle of permissions (/api/Roles, string ids; permissions stored as claims, halo-enums.md §2). */
import type { Construct } from 'constructs';
import type { Reference } from '../../src/model/desired.js';
import type { Checker } from '../checker.js';
import { HaloObject, type ObjectProps } from '../object.js';
import { checkPermissions, type PermissionsSpec } from './permissions.js';

/** Role spec: friendly permissions plus raw claims. */
export interface RoleSpec {
  description?: string;
  permissions?: PermissionsSpec;
  /** Raw claims appended as-is. */
  claims?: { type: string; value: string }[];
}

/** A role refers to nothing. */
export function roleReferences(): Reference[] {
  return [];
}

/** Props of a Role construct. */
export type RoleProps = Omit<ObjectProps<RoleSpec>, 'spec'> & { spec?: RoleSpec };

/** A role with friendly permissions and raw claims. */
export class Role extends HaloObject<RoleSpec> {
  constructor(scope: Construct, id: string, props: RoleProps = {}) {
    super(scope, 'Role', id, { ...props, spec: props.spec ?? {} });
  }

  protected checkSpec(c: Checker): void {
    const s = this.spec;
    if (s.description !== undefined && typeof s.description !== 'string') c.error('description', 'description must be a string');
    checkPermissions(c, s.permissions, 'permissions');
    (s.claims ?? []).forEach((cl, i) => {
      if (typeof cl?.type !== 'string' || typeof cl?.value !== 'string') c.error(`claims.${i}`, 'a claim needs string type and value');
    });
  }

  references(): Reference[] {
    return roleReferences();
  }
}
