/**
 * Organisation: /api/Organisation, schema Organisation, int ids, required `name`. A read view
 * of departments: `departments` lists the organisation's agent departments (Tree_List, with
 * their teams) and is ignored when posted (departments are written through /api/TopLevel).
 * Bare-array list (no pagination parameters in SPEC24).
 */
import type { KindDef } from './types.js';
import { departmentListItem } from './top-level.js';

/** The Organisation quirk declaration. */
export const organisationKind: KindDef = {
  route: 'Organisation',
  entity: 'Organisation',
  idType: 'int',
  detailSchema: 'Organisation',
  listSchema: 'Organisation',
  list: { kind: 'array' },
  requiredField: 'name',
  serverOwned: ['guid', 'departments'],
  write(org, _item, ctx, created) {
    if (created) org['guid'] = ctx.newGuid();
  },
  renderList: (org, _q, ctx) => ({
    ...org,
    departments: ctx.store
      .all('TopLevel')
      .filter((d) => d['agent_department'] === true && d['organisation_id'] === org['id'])
      .map((d) => departmentListItem(d, ctx, true)),
  }),
  renderDetail: (org, q, ctx) => organisationKind.renderList(org, q, ctx),
};
