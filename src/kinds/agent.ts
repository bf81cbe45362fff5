/**
 * Agent (/api/Agent, schema Uname). Its plain fields are its table (constructs/kinds/agent.ts);
 * here: the endpoint, the hand-written fields and the capabilities. The list excludes API-only and
 * disabled agents unless asked (`includeapiagents`, `includedisabled`), and lacks claims/roles,
 * so managed agents that set them get one detail read each (`includedetails=true`). Memberships:
 * agent-memberships.ts; access (ticket types, customers, asset types and fields, can create
 * ticket types): agent-access.ts. Each access list is an "allow all" claim (Ft, Fc, Fa, Ff: catalog
 * data, halo-claims.md §2.5) plus, when it is no, restriction rows (`tickettypes`, `clients`, ...).
 * Customers are not managed objects: names in `access.customers` resolve (case-insensitively)
 * against the live customer list, which the read fetches once only when some agent names customers.
 * halo-iac's own agent is the one GET /api/Agent/me returns (`login: 'me'`).
 */
import { agentKind, type AgentSpec } from '../../constructs/kinds/agent.js';
import { writtenPermissions } from '../../constructs/kinds/agent-access.js';
import type { HaloRecord } from '../halo/types.js';
import type { RiskReason, UnmanagedRisk } from '../model/plan.js';
import { specPath } from '../model/spec-path.js';
import { accessCodec } from './agent-access.js';
import { departmentsCodec, teamsCodec, type DepartmentRow } from './agent-memberships.js';
import type { SpecProblem } from '../../constructs/kind.js';
import type { FieldCodec } from './fields.js';
import { kindHandler } from './handler.js';
import type { KindContext, LiveId, LoginRight, UnmanagedRiskContext } from './types.js';
import { canonicalPermissions, exportPermissions, isPrivilegedValue, normalizePermissions, permissionsPayload, showsAdminRights, unmappedValueWarnings } from './permissions.js';
import { bool, records, str } from './lookup.js';
import { addedRisks, changeReason, fieldPermissionRisks, permissionRisks, removedRisks } from './risks.js';
import { accessFlag } from '../model/catalog-claims.js';
import { ACCESS_LISTS, CAN_CREATE_TICKET_TYPES } from '../../constructs/kinds/agent-access.js';
import type { RiskInput } from './types.js';

/** `permissions`, written together with what `access` sets (its flags are claims too). */
const permissions: FieldCodec<AgentSpec> = {
  canonical: (spec) => canonicalPermissions(spec.permissions ?? {}),
  normalize: (live, spec, ctx) => normalizePermissions(live.raw, spec.permissions ?? {}, ctx.catalog),
  payload(p, spec, ctx, live) {
    const written = writtenPermissions(spec, ctx.catalog);
    if (written === undefined) return;
    const { fields, claims } = permissionsPayload(written, ctx.catalog, live?.raw);
    Object.assign(p, fields);
    if (claims) p.claims = claims;
  },
  // The "allow all" flags come back as `access`, not as permissions.
  export: (live, ctx) => exportPermissions(live.raw, ctx.catalog, (def) => def.restriction !== undefined),
};

/** `access.customers.<i>` names that match no live customer, or several. */
function unresolvedCustomers(spec: AgentSpec, ctx: KindContext): SpecProblem[] {
  const names = spec.access?.customers;
  if (!Array.isArray(names)) return [];
  const out: SpecProblem[] = [];
  names.forEach((n, i) => {
    const count = ctx.customers?.byName(n).length ?? 0;
    if (count === 1) return;
    const message = count === 0
      ? `${specPath(`access.customers.${i}`)} refers to customer "${n}", which does not exist live (customers are not managed by halo-iac: create it in Halo first)`
      : `${specPath(`access.customers.${i}`)} refers to customer "${n}", which matches ${count} live customers: rename one in Halo so the name is unique`;
    out.push({ path: `access.customers.${i}`, message });
  });
  return out;
}

/**
 * `access` changes that grant a privileged catalog permission: each list through its "allow all"
 * flag (`all` is its yes), `canCreateTicketTypes` through the permission of that name.
 */
function accessRisks({ action, before, after, catalog }: RiskInput): RiskReason[] {
  const b = (before?.access ?? {}) as Record<string, unknown>;
  const a = (after?.access ?? {}) as Record<string, unknown>;
  const permissionOf = (key: string) => (key === CAN_CREATE_TICKET_TYPES ? { def: catalog.permissions[key], value: a[key] } : { def: accessFlag(catalog, key as never)?.def, value: a[key] === 'all' });
  return [...ACCESS_LISTS, CAN_CREATE_TICKET_TYPES]
    .filter((key) => a[key] !== undefined && JSON.stringify(a[key]) !== JSON.stringify(b[key]))
    .filter((key) => {
      const p = permissionOf(key);
      return isPrivilegedValue(p.def, p.value);
    })
    .map((key): RiskReason => ({ risk: 'privilege-escalation', reason: changeReason(`access.${key}`, b[key], a[key], action) }));
}

/**
 * An agent's risks, all from the catalog: privileged permissions (through `permissions`, `access`
 * or the `admin` field, which is the catalog's permission `admin`), any role added (a role carries
 * rights the agent's manifest does not show) or removed (`privilege-removal`: the agent loses what
 * the role carried, which the manifest does not show either), a department membership at a privileged level; and
 * a licence for a new non-API agent or one that stops being API-only.
 */
function agentRisks(input: RiskInput): RiskReason[] {
  const { action, before, after } = input;
  const out: RiskReason[] = [
    ...fieldPermissionRisks(agentKind.fields as never, input),
    ...permissionRisks(input),
    ...accessRisks(input),
    ...addedRisks(input, 'roles', () => true),
    ...removedRisks(input, 'roles'),
    ...addedRisks(
      input,
      'departments',
      (row, cat) => cat.membershipLevels[String((row as DepartmentRow).level)]?.privileged === true,
      (row) => `${(row as DepartmentRow).name} at ${String((row as DepartmentRow).level)}`,
    ),
  ];
  if (action === 'create' && after?.apiOnly !== true) out.push({ risk: 'licence', reason: 'a new agent that is not API-only uses a licence' });
  if (action === 'update' && before?.apiOnly === true && after?.apiOnly === false) out.push({ risk: 'licence', reason: changeReason('apiOnly', true, false, action) });
  return out;
}

/** What is wrong with a record's `roles` for telling which roles the agent holds (undefined: nothing). */
function rolesProblem(raw: HaloRecord): string | undefined {
  const roles: unknown = raw.roles;
  if (roles === undefined || roles === null) return 'it has no roles';
  if (!Array.isArray(roles)) return `its roles are ${typeof roles === 'string' ? 'a string' : `a ${typeof roles}`}, not a list`;
  const bad = roles.findIndex((r) => typeof r !== 'object' || r === null || !['string', 'number'].includes(typeof (r as HaloRecord).id));
  return bad >= 0 ? `role ${bad + 1} of its roles is ${JSON.stringify(roles[bad]) ?? 'undefined'}, not a role with an id` : undefined;
}

/**
 * The login agent's rights come from its roles (`roles`, NHD_Roles rows) and its team and
 * department rows (`teams`, `departments`, role-inherited rows included). A record without
 * usable `roles` (a list form; a broken answer: `[null]`, a string) does not say.
 */
function loginRights(raw: HaloRecord): LoginRight[] | undefined {
  if (rolesProblem(raw) !== undefined) return undefined;
  const rows = (field: string, key: string, kind: LoginRight['kind'], via: LoginRight['via']): LoginRight[] =>
    records(raw, field)
      .map((r) => r[key])
      .filter((id): id is LiveId => typeof id === 'string' || typeof id === 'number')
      .map((id) => ({ kind, id, via }));
  return [...rows('roles', 'id', 'Role', 'role'), ...rows('teams', 'team_id', 'Team', 'membership'), ...rows('departments', 'department_id', 'Department', 'membership')];
}

/**
 * The names of the roles an agent holds: its `roles` rows (a detail read) and its `role_list`, the
 * list form's display string ("Administrator, Agent").
 */
function roleNames(raw: HaloRecord): string[] {
  const listed = typeof raw.role_list === 'string' ? raw.role_list.split(',').map((n) => n.trim()) : [];
  return [...records(raw, 'roles').map((r) => str(r, 'name') ?? ''), ...listed].filter((n) => n !== '');
}

/**
 * Why an agent nobody manages matters: an administrator by its own record (is_admin or the
 * administrator claim, detail only) or by a role known to have administrator rights (role_list is
 * in the list form); API-only (isapiagent, in the list form).
 */
function agentUnmanagedRisks(raw: HaloRecord, ctx: UnmanagedRiskContext): UnmanagedRisk[] {
  const admin = showsAdminRights(raw, ctx.catalog) || roleNames(raw).some((n) => ctx.privileged('Role', n) === true);
  return [...(admin ? ['admin-agent' as const] : []), ...(bool(raw, 'isapiagent') ? ['api-only-agent' as const] : [])];
}

/** Agents: identity flags, roles, default team, memberships, permissions, ticket type access. */
export const agentHandler = kindHandler(agentKind, {
  apiPath: 'Agent',
  schema: 'Uname',
  delete: true,
  login: 'me',
  loginRights: { held: ['Role'], memberOf: ['Team', 'Department'], of: loginRights, problem: (raw) => rolesProblem(raw) ?? 'nothing' },
  list: (reader) => reader.list<HaloRecord>('Agent', { includeapiagents: true, includedisabled: 'true' }),
  detail: (reader, listed) => reader.get<HaloRecord>('Agent', listed.id as number, { includedetails: true }),
  codecs: { teams: teamsCodec, departments: departmentsCodec, permissions, access: accessCodec },
  // `members: all` names no team, yet sends the id of every declared one: those must exist first.
  dependsOnAll: (spec) => (spec.teams?.members === 'all' ? ['Team'] : []),
  needsCustomers: (spec) => Array.isArray(spec.access?.customers),
  unresolved: unresolvedCustomers,
  liveWarnings: (live, spec, ctx, env) => unmappedValueWarnings(live.raw, writtenPermissions(spec, ctx.catalog), ctx.catalog, env.catalogFile),
  risks: agentRisks,
  unmanagedRisks: agentUnmanagedRisks,
  // Uname_List has isapiagent and role_list but neither is_admin nor claims (spec: Uname_List).
  unmanagedUnread: { what: 'admin flag', why: "Halo's agent list does not carry it", lacks: (raw) => raw.is_admin === undefined && !Array.isArray(raw.claims) },
});
