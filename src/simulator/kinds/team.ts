/**
 * Team: /api/Team, schema SectionDetail (list items SectionDetail_List), int ids, required `name`.
 *
 * Quirks (halo-api.md §2.2): bare-array list, no pagination. `department_id` sets
 * department_name / department_guid on read (unknown department: 400). The list form has no
 * `agents`: SectionDetail_List.agents (Uname_List[]) and SectionDetail.agents (UnameSection[])
 * differ, so agents appear only on GET /{id}?includeagents=true, as UnameSection rows.
 * Membership is written from the agent side only; a posted `agents` array is ignored.
 * Inactive teams are listed too (Halo's includedisabled default is undocumented).
 */
import type { JsonObject } from '../schema/bind.js';
import type { KindContext, KindDef } from './types.js';
import type { QueryParams } from '../query.js';
import { project } from '../schema/bind.js';
import { departmentListItem } from './top-level.js';
import { isAgentDepartment, nameOf, renderTeamRows, storedArray } from './references.js';

/** A team as it appears in lists and department trees (SectionDetail_List fields). */
export function teamListItem(team: JsonObject, ctx: KindContext): JsonObject {
  const dep = ctx.store.get('TopLevel', team['department_id']);
  return {
    ...team,
    ticket_count: 0,
    department_name: (dep?.['name'] as string | undefined) ?? null,
    department_guid: (dep?.['guid'] as string | undefined) ?? null,
    org_team_name: `${(dep?.['name'] as string | undefined) ?? ''}/${String(team['name'] ?? '')}`,
  };
}

/** UnameSection rows of every agent in the team (direct and role-inherited). */
function teamAgents(team: JsonObject, ctx: KindContext): JsonObject[] {
  const rows: JsonObject[] = [];
  for (const agent of ctx.store.all('Agent')) {
    const owner = { agent_id: agent['id'] as number, agent_name: (agent['name'] as string | undefined) ?? null };
    const direct = storedArray(agent, 'teams').filter((t) => t['team_id'] === team['id']);
    rows.push(...renderTeamRows(direct, owner, ctx));
    for (const r of storedArray(agent, 'roles')) {
      const role = ctx.store.get('Roles', r['id']);
      if (!role) continue;
      const inherited = storedArray(role, 'teams').filter((t) => t['team_id'] === team['id']).map((t) => ({ ...t, id: 0 }));
      rows.push(...renderTeamRows(inherited, { ...owner, role_id: role['id'] as string, role_name: nameOf(ctx, 'Roles', role['id']) }, ctx));
    }
  }
  return rows;
}

/** The Team quirk declaration. */
/** GET /api/Team/Tree: agent departments with their teams (shape inferred: Tree_List[]). */
function tree(_query: QueryParams, ctx: KindContext): unknown {
  return ctx.store
    .all('TopLevel')
    .filter((d) => d['agent_department'] === true)
    .map((d) => project('Tree_List', departmentListItem(d, ctx, true)));
}

export const teamKind: KindDef = {
  subRoutes: { tree },
  route: 'Team',
  entity: 'SectionDetail',
  idType: 'int',
  detailSchema: 'SectionDetail',
  listSchema: 'SectionDetail_List',
  nestedSchemas: ['Manager'],
  list: { kind: 'array' },
  requiredField: 'name',
  serverOwned: ['guid', 'department_name', 'department_guid', 'org_team_name', 'ticket_count', 'agents', 'last_modified'],
  defaults: () => ({ forrequests: true, foropps: false, forprojects: false, inactive: false, sequence: 0, department_id: null }),
  check(item, at, ctx, errors) {
    const dep = item['department_id'];
    if (dep !== undefined && dep !== null && dep !== 0 && !isAgentDepartment(ctx, dep)) {
      errors.push({ key: `${at}.department_id`, message: `Department ${String(dep)} does not exist.` });
    }
  },
  write(team, _item, ctx, created) {
    if (created) team['guid'] = ctx.newGuid();
    if (team['department_id'] === 0) team['department_id'] = null;
    team['last_modified'] = ctx.nowIso();
  },
  filter(team, q) {
    const dep = q.int('department_id');
    return dep === undefined || team['department_id'] === dep;
  },
  renderList: (team, _q, ctx) => teamListItem(team, ctx),
  renderDetail(team, q, ctx) {
    const out = teamListItem(team, ctx);
    return q.bool('includeagents') || q.bool('includedetails') ? { ...out, agents: teamAgents(team, ctx) } : out;
  },
};
