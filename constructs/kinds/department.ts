/**
 * Department: an agent department, name only (Halo /api/TopLevel with agent_department: true; unverified,
 * halo-enums.md §6).
 */
import type { Construct } from 'constructs';
import { declareKind } from '../kind.js';
import { HaloObject, type ObjectProps } from '../object.js';

/** Department spec: name only (Halo /api/TopLevel item with agent_department: true). */
export type DepartmentSpec = Record<string, never>;

/** Props of a Department construct. */
export type DepartmentProps = Omit<ObjectProps<DepartmentSpec>, 'spec'> & { spec?: DepartmentSpec };

/** An agent department. */
export class Department extends HaloObject<DepartmentSpec> {
  constructor(scope: Construct, id: string, props: DepartmentProps = {}) {
    super(scope, departmentKind, id, { ...props, spec: props.spec ?? {} });
  }
}

/** The Department kind: no fields, no references. */
export const departmentKind = declareKind(Department, {
  kind: 'Department',
  dependsOn: [],
  fields: {},
});
