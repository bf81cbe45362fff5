/**
 * Agent: /api/Agent, schema Uname (list items Uname_List), int ids, required `name`.
 *
 * Quirks (halo-api.md §2.1, halo-enums.md §7):
 * - List: bare array; with `pageinate=true` the wrapper `{page_no, page_size, record_count, results}`.
 * - API-only agents (isapiagent) are left out unless `includeapiagents=true`; disabled agents unless
 *   `includedisabled=true`. GET /api/Agent/{id} returns them regardless.
 * - The list form is Uname_List: it has teams, departments, role_list, isapiagent, isdisabled and
 *   email, but no is_admin, roles or claims (Uname_List lacks them). Those need GET /{id}.
 * - GET /{id} always has teams and departments; roles, claims, clients and tickettypes only with
 *   `includedetails=true` (our decision: "Include extra objects in the response"). POST responses
 *   are the full detail form.
 * - Posting `teams`, `departments`, `roles` or `claims` REPLACES that collection. Rows carrying a
 *   `role_id` are inherited from a role: ignored on write, added on read from the agent's roles.
 *   Unknown team/department/role ids: 400. `clients` (customer restriction rows, UnameAreaRestriction)
 *   replace too: `client_id` must be a customer (400 otherwise), `client_name` is filled on read,
 *   role-inherited rows come from the agent's roles' `clients`. `team` (default team) is a name string, stored as sent.
 * - Permissions are claims `{type, value}` with Halo's short codes (halo-claims.md §2.1), stored and
 *   returned as posted; "allow use of all ticket types / clients / asset types / asset fields" are the
 *   claims Ft / Fc / Fa / Ff, never inferred from the restriction rows. `tickettypes`, `assettypes`
 *   and `assetfields` rows are stored as posted (replace), and, like `clients`, come with includedetails.
 * - `password` is stored, never echoed. `colour`, `initials`, `datecreated` are server-filled.
 */
import type { FieldError, JsonObject } from '../schema/bind.js';
import type { KindContext, KindDef } from './types.js';
import { problem } from '../http-error.js';
import { detailOf } from '../handlers/read.js';
import type { QueryParams } from '../query.js';
import {
  checkClientRows,
  checkDepartmentRows,
  checkTeamRows,
  colourFor,
  postedArray,
  renderClientRows,
  renderDepartmentRows,
  renderTeamRows,
  storeClientRows,
  storeDepartmentRows,
  storeTeamRows,
  storedArray,
  without,
} from './references.js';

const nestedFields = ['teams', 'departments', 'roles', 'add_roles', 'claims', 'clients', 'tickettypes', 'assettypes', 'assetfields'] as const;

function roleRecords(agent: JsonObject, ctx: KindContext): JsonObject[] {
  const out: JsonObject[] = [];
  for (const r of storedArray(agent, 'roles')) {
    const role = ctx.store.get('Roles', r['id']);
    if (role) out.push(role);
  }
  return out;
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('')
    .slice(0, 3);
}

/** Teams and departments: direct rows plus rows inherited from roles (role_id set). */
function memberships(agent: JsonObject, ctx: KindContext): { teams: JsonObject[]; departments: JsonObject[] } {
  const owner = { agent_id: agent['id'] as number, agent_name: (agent['name'] as string | undefined) ?? null };
  const teams = renderTeamRows(storedArray(agent, 'teams'), owner, ctx);
  const departments = renderDepartmentRows(storedArray(agent, 'departments'), owner, ctx);
  for (const role of roleRecords(agent, ctx)) {
    const inherited = { ...owner, role_id: role['id'] as string, role_name: (role['name'] as string | undefined) ?? null };
    const zeroIds = (rows: JsonObject[]) => rows.map((r) => ({ ...r, id: 0 }));
    teams.push(...renderTeamRows(zeroIds(storedArray(role, 'teams')), inherited, ctx));
    departments.push(...renderDepartmentRows(zeroIds(storedArray(role, 'departments')), inherited, ctx));
  }
  return { teams, departments };
}

/** Customer restriction rows: direct rows plus rows inherited from roles (role_id set). */
function clientRows(agent: JsonObject, ctx: KindContext): JsonObject[] {
  const owner = { agent_id: agent['id'] as number, agent_name: (agent['name'] as string | undefined) ?? null };
  const rows = renderClientRows(storedArray(agent, 'clients'), owner, ctx);
  for (const role of roleRecords(agent, ctx)) {
    const inherited = { ...owner, role_id: role['id'] as string, role_name: (role['name'] as string | undefined) ?? null };
    rows.push(...renderClientRows(storedArray(role, 'clients').map((r) => ({ ...r, id: 0 })), inherited, ctx));
  }
  return rows;
}

function base(agent: JsonObject, ctx: KindContext): JsonObject {
  const roles = roleRecords(agent, ctx);
  return {
    ...without(agent, ['password', ...nestedFields]),
    ...memberships(agent, ctx),
    role_list: roles.map((r) => r['name']).join(', '),
  };
}

function checkRoles(rows: JsonObject[] | undefined, field: string, at: string, ctx: KindContext, errors: FieldError[]): void {
  rows?.forEach((row, j) => {
    if (!ctx.store.get('Roles', row['id'])) {
      errors.push({ key: `${at}.${field}[${j}].id`, message: `Role ${String(row['id'])} does not exist.` });
    }
  });
}

/** The Agent quirk declaration. */
/** GET /api/Agent/me: the agent the token's application logs in as (detail form). */
function me(query: QueryParams, ctx: KindContext, applicationId: string): unknown {
  const app = ctx.store.get('Application', applicationId);
  const agent = ctx.store.get('Agent', app?.['loginas_agent_id']);
  if (!agent) throw problem(404, 'Not Found');
  return detailOf(agentKind, agent, query, ctx);
}

export const agentKind: KindDef = {
  subRoutes: { me },
  route: 'Agent',
  entity: 'Uname',
  idType: 'int',
  detailSchema: 'Uname',
  listSchema: 'Uname_List',
  nestedSchemas: ['UnameSection', 'UnameDepartment', 'NHD_Claim', 'UnameAreaRestriction', 'UnameRequestType', 'KeyPair2'],
  list: { kind: 'array-or-paged', key: 'results' },
  requiredField: 'name',
  neverEchoed: ['password'],
  serverOwned: ['role_list', 'datecreated', 'last_modified', 'named_licences_in_use', 'ticket_count'],
  nested: nestedFields,
  defaults: (ctx) => ({
    isdisabled: false,
    isapiagent: false,
    is_agent: true,
    is_admin: false,
    datecreated: ctx.nowIso(),
    teams: [],
    departments: [],
    roles: [],
    claims: [],
  }),
  check(item, at, ctx, errors) {
    checkTeamRows(postedArray(item, 'teams'), at, ctx, errors);
    checkDepartmentRows(postedArray(item, 'departments'), at, ctx, errors);
    checkClientRows(postedArray(item, 'clients'), at, ctx, errors);
    checkRoles(postedArray(item, 'roles'), 'roles', at, ctx, errors);
    checkRoles(postedArray(item, 'add_roles'), 'add_roles', at, ctx, errors);
  },
  write(agent, item, ctx, created) {
    const teams = postedArray(item, 'teams');
    if (teams) agent['teams'] = storeTeamRows(teams, ctx);
    const departments = postedArray(item, 'departments');
    if (departments) agent['departments'] = storeDepartmentRows(departments, ctx);
    const roles = postedArray(item, 'roles');
    if (roles) agent['roles'] = roles.map((r) => ({ id: r['id'] }));
    const added = postedArray(item, 'add_roles');
    if (added) {
      const have = new Set(storedArray(agent, 'roles').map((r) => r['id']));
      agent['roles'] = [...storedArray(agent, 'roles'), ...added.filter((r) => !have.has(r['id'])).map((r) => ({ id: r['id'] }))];
    }
    const clients = postedArray(item, 'clients');
    if (clients) agent['clients'] = storeClientRows(clients, ctx);
    for (const f of ['claims', 'tickettypes', 'assettypes', 'assetfields'] as const) {
      const rows = postedArray(item, f);
      if (rows) agent[f] = rows;
    }
    if (created) {
      agent['colour'] ??= colourFor(agent['id'] as number);
      if (agent['initials'] === undefined && typeof agent['name'] === 'string') agent['initials'] = initials(agent['name']);
    }
    agent['last_modified'] = ctx.nowIso();
  },
  filter(agent, q: QueryParams) {
    if (agent['isapiagent'] === true && !q.bool('includeapiagents')) return false;
    if (agent['isdisabled'] === true && !q.bool('includedisabled')) return false;
    const search = q.str('search')?.toLowerCase();
    if (search && !`${String(agent['name'] ?? '')} ${String(agent['email'] ?? '')}`.toLowerCase().includes(search)) return false;
    const teamId = q.int('team_id');
    if (teamId !== undefined && !storedArray(agent, 'teams').some((t) => t['team_id'] === teamId)) return false;
    const depId = q.int('department_id');
    if (depId !== undefined && !storedArray(agent, 'departments').some((d) => d['department_id'] === depId)) return false;
    const role = q.str('role');
    if (role && !storedArray(agent, 'roles').some((r) => r['id'] === role)) return false;
    return true;
  },
  renderList: (agent, _q, ctx) => base(agent, ctx),
  renderDetail(agent, q, ctx) {
    const out = base(agent, ctx);
    if (!q.bool('includedetails')) return out;
    return {
      ...out,
      roles: roleRecords(agent, ctx).map((r) => ({ id: r['id'], id_int: r['id_int'], name: r['name'] })),
      claims: storedArray(agent, 'claims'),
      clients: clientRows(agent, ctx),
      tickettypes: storedArray(agent, 'tickettypes'),
      assettypes: storedArray(agent, 'assettypes'),
      assetfields: storedArray(agent, 'assetfields'),
    };
  },
};
