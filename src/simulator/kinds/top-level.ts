/**
 * TopLevel: /api/TopLevel, schema Tree (list items Tree_List), int ids, required `name`.
 * Departments are TopLevel rows with `agent_department: true` (halo-enums.md §6, inferred; no
 * client was found using it). The seed also has a customer top level, so the filter matters.
 *
 * List shape decision: /TopLevel is a paginating endpoint in SPEC24, and Halo's paginating
 * endpoints answer `{record_count, <plural>}`. We ALWAYS answer with that wrapper, key `tree`
 * (the entity name; the real key is unverified), and return every row when `pageinate` is not
 * sent (halo-api.md §4.2: "return everything"), so clients see one shape for both cases. With
 * `pageinate=true`, `page_size` (default 50, capped silently at 100) and 1-based `page_no` apply.
 * `count=N` without pageinate limits the rows; record_count stays the full total.
 *
 * List items are Tree_List, which lacks `agent_department`: filter with
 * `agent_departments_only=true`, or GET /{id} (Tree) to read the flag.
 * Filters: agent_departments_only, org_id, type, search. include_teams / include_agents add
 * `teams` (SectionDetail_List[]) and `agent_members` (Uname_List[]).
 */
import type { JsonObject } from '../schema/bind.js';
import type { KindContext, KindDef } from './types.js';
import type { QueryParams } from '../query.js';
import { nameOf, renderDepartmentRows, storedArray } from './references.js';
import { teamListItem } from './team.js';

function members(dep: JsonObject, ctx: KindContext): JsonObject[] {
  return ctx.store.all('Agent').filter((a) => storedArray(a, 'departments').some((d) => d['department_id'] === dep['id']));
}

/** A department row as lists and Organisation.departments show it (Tree_List fields). */
export function departmentListItem(dep: JsonObject, ctx: KindContext, withTeams: boolean): JsonObject {
  const org = ctx.store.get('Organisation', dep['organisation_id']);
  const orgName = (org?.['name'] as string | undefined) ?? null;
  const out: JsonObject = {
    ...dep,
    organisation_name: orgName,
    organisation_guid: (org?.['guid'] as string | undefined) ?? null,
    org_department_name: `${orgName ?? ''}/${String(dep['name'] ?? '')}`,
    long_name: dep['name'],
    user_count: 0,
  };
  if (withTeams) {
    out['teams'] = ctx.store
      .all('Team')
      .filter((t) => t['department_id'] === dep['id'])
      .map((t) => teamListItem(t, ctx));
  }
  return out;
}

function listItem(dep: JsonObject, q: QueryParams, ctx: KindContext): JsonObject {
  const out = departmentListItem(dep, ctx, q.bool('include_teams'));
  if (q.bool('include_agents')) {
    out['agent_members'] = members(dep, ctx).map((a) => ({ id: a['id'], name: a['name'], email: a['email'] ?? null }));
  }
  return out;
}

/** The TopLevel quirk declaration. */
export const topLevelKind: KindDef = {
  route: 'TopLevel',
  entity: 'Tree',
  idType: 'int',
  detailSchema: 'Tree',
  listSchema: 'Tree_List',
  list: { kind: 'wrapper', key: 'tree' },
  requiredField: 'name',
  serverOwned: ['guid', 'organisation_name', 'organisation_guid', 'org_department_name', 'long_name', 'user_count', 'teams', 'agent_members', 'agents'],
  defaults: () => ({ agent_department: false, organisation_id: 1, type: 0, parentid: 0 }),
  check(item, at, ctx, errors) {
    const org = item['organisation_id'];
    if (typeof org === 'number' && !ctx.store.get('Organisation', org)) {
      errors.push({ key: `${at}.organisation_id`, message: `Organisation ${org} does not exist.` });
    }
  },
  write(dep, _item, ctx, created) {
    if (created) dep['guid'] = ctx.newGuid();
  },
  filter(dep, q) {
    if (q.bool('agent_departments_only') && dep['agent_department'] !== true) return false;
    const org = q.int('org_id');
    if (org !== undefined && dep['organisation_id'] !== org) return false;
    const type = q.int('type');
    if (type !== undefined && dep['type'] !== type) return false;
    const search = q.str('search')?.toLowerCase();
    return !search || String(dep['name'] ?? '').toLowerCase().includes(search);
  },
  renderList: listItem,
  renderDetail(dep, q, ctx) {
    const out = listItem(dep, q, ctx);
    if (q.bool('includedetails') || q.bool('include_teams')) out['teams'] = departmentListItem(dep, ctx, true)['teams'];
    if (q.bool('includedetails') || q.bool('include_agents')) {
      out['agents'] = members(dep, ctx).flatMap((a) =>
        renderDepartmentRows(
          storedArray(a, 'departments').filter((d) => d['department_id'] === dep['id']),
          { agent_id: a['id'] as number, agent_name: nameOf(ctx, 'Agent', a['id']) },
          ctx,
        ),
      );
    }
    return out;
  },
};
