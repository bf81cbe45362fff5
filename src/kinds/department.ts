/**
 * Department: an agent department. Halo has no /Department endpoint; departments are /api/TopLevel
 * items (schema Tree) with `agent_department: true` (halo-enums.md §6, unverified). The list
 * paginates, so it is read with `agent_departments_only=true` and paging.
 */
import type { DepartmentSpec } from '../../constructs/kinds/department.js';
import { departmentReferences } from '../../constructs/kinds/department.js';
import type { HaloRecord } from '../halo/types.js';
import type { KindHandler } from './types.js';
import { bool, str } from './lookup.js';

/** Departments: name only. */
export const departmentHandler: KindHandler<DepartmentSpec> = {
  kind: 'Department',
  apiPath: 'TopLevel',
  dependsOn: [],
  sets: [],
  delete: true,
  liveName: (raw) => str(raw, 'name') ?? '',
  async list(reader) {
    const items = await reader.list<HaloRecord>('TopLevel', { agent_departments_only: true }, { paginate: true });
    // Customer top levels share the table; keep only agent departments even if the filter is ignored.
    return items.filter((r) => r.agent_department === undefined || bool(r, 'agent_department'));
  },
  references: departmentReferences,
  canonical: () => ({}),
  normalize: () => ({}),
  toPayload(desired, _ctx, live) {
    return live ? { id: live.id, name: desired.name } : { name: desired.name, agent_department: true };
  },
  toSpec: () => ({}),
};
