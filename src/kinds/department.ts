/**
 * Department: an agent department. Halo has no /Department endpoint; departments are /api/TopLevel
 * items (schema Tree) with `agent_department: true` (halo-enums.md §6, unverified). The list
 * paginates, so it is read with `agent_departments_only=true` and paging, pages as large as the
 * catalog's listShapes pageCap allows.
 */
import { departmentKind } from '../../constructs/kinds/department.js';
import type { HaloRecord } from '../halo/types.js';
import { kindHandler } from './handler.js';
import { bool, pageSizeOf } from './lookup.js';

/** Departments: name only. */
export const departmentHandler = kindHandler(departmentKind, {
  apiPath: 'TopLevel',
  schema: 'Tree',
  delete: true,
  createWith: { agent_department: true },
  async list(reader, catalog) {
    const items = await reader.list<HaloRecord>('TopLevel', { agent_departments_only: true }, { pageSize: pageSizeOf(catalog, 'TopLevel') });
    // Customer top levels share the table; keep only agent departments even if the filter is ignored.
    return items.filter((r) => r.agent_department === undefined || bool(r, 'agent_department'));
  },
});
