/**
 * Department: an agent department, name only (Halo /api/TopLevel with agent_department: true; unverified,
 * halo-enums.md §6).
 */
import type { Construct } from 'constructs';
import type { Reference } from '../../src/model/desired.js';
import type { Checker } from '../checker.js';
import { HaloObject, type ObjectProps } from '../object.js';

/** Department spec: name only (Halo /api/TopLevel item with agent_department: true). */
export type DepartmentSpec = Record<string, never>;

/** A department refers to nothing. */
export function departmentReferences(): Reference[] {
  return [];
}

/** Props of a Department construct. */
export type DepartmentProps = Omit<ObjectProps<DepartmentSpec>, 'spec'> & { spec?: DepartmentSpec };

/** An agent department. */
export class Department extends HaloObject<DepartmentSpec> {
  constructor(scope: Construct, id: string, props: DepartmentProps = {}) {
    super(scope, 'Department', id, { ...props, spec: props.spec ?? {} });
  }

  protected checkSpec(c: Checker): void {
    for (const key of Object.keys(this.spec)) c.error(key, `a Department has no spec fields (got '${key}')`);
  }

  references(): Reference[] {
    return departmentReferences();
  }
}
