/**
 * Agent (/api/Agent, schema Uname). The list excludes API-only and disabled agents unless asked
 * (`includeapiagents`, `includedisabled`), and lacks claims/roles, so managed agents get one detail
 * read each (`includedetails=true`). `team` (default team) is a team NAME. Memberships: see
 * agent-memberships.ts; access (ticket types, customers, asset types and fields, can create ticket
 * types): agent-access.ts. Each access list is an "allow all" claim (Ft, Fc, Fa, Ff: catalog data,
 * halo-claims.md §2.5) plus, when it is no, restriction rows (`tickettypes`, `clients`, ...).
 * Customers are not managed objects: names in `access.customers` resolve (case-insensitively)
 * against the live customer list, which the read fetches once only when some agent names customers.
 */
import type { AgentSpec } from '../../constructs/kinds/agent.js';
import { agentReferences } from '../../constructs/kinds/agent.js';
import type { HaloRecord } from '../halo/types.js';
import type { Canonical, Risk } from '../model/plan.js';
import type { KindContext, KindHandler } from './types.js';
import { bool, nameSet, records, str } from './lookup.js';
import {
  canonicalPermissions, escalatedPermissions, exportPermissions, normalizePermissions, permissionsPayload, rawClaimConflicts,
  unmappedValueWarnings,
} from './permissions.js';
import {
  departmentsPayload, desiredDepartments, desiredTeams, exportMemberships, liveDepartments, liveTeams, teamsPayload,
} from './agent-memberships.js';
import {
  ACCESS_LISTS, accessPayload, accessPermissionConflicts, CAN_CREATE_TICKET_TYPES, desiredAccess, exportAccess, liveAccess, unsupportedAccess,
  writtenPermissions,
} from './agent-access.js';

function liveRoles(raw: HaloRecord, ctx: KindContext): string[] {
  return nameSet(records(raw, 'roles').map((r) => ctx.nameOf('Role', r.id as string) ?? str(r, 'name') ?? ''));
}

/** Agents: identity flags, roles, default team, memberships, permissions, ticket type access. */
export const agentHandler: KindHandler<AgentSpec> = {
  kind: 'Agent',
  apiPath: 'Agent',
  dependsOn: ['Department', 'Team', 'Role', 'TicketType'],
  sets: ['roles', 'teams', 'departments', ...ACCESS_LISTS.map((l) => `access.${l}`)],
  delete: true,
  liveName: (raw) => str(raw, 'name') ?? '',
  list: (reader) => reader.list<HaloRecord>('Agent', { includeapiagents: true, includedisabled: 'true' }),
  detail: (reader, listed) => reader.get<HaloRecord>('Agent', listed.id as number, { includedetails: true }),
  // The list form (Uname_List) has teams, departments, email and flags, but not is_admin, roles or claims.
  needsDetail: (spec) =>
    spec.admin !== undefined || spec.roles !== undefined || spec.permissions !== undefined || spec.access !== undefined,
  references: agentReferences,
  // `members: all` names no team, yet sends the id of every declared one: those must exist first.
  dependsOnAll: (spec) => (spec.teams?.members === 'all' ? ['Team'] : []),
  needsCustomers: (spec) => Array.isArray(spec.access?.customers),
  unresolved(spec, ctx) {
    const names = spec.access?.customers;
    if (!Array.isArray(names)) return [];
    const out: { path: string; message: string }[] = [];
    names.forEach((n, i) => {
      const count = ctx.customers?.byName(n).length ?? 0;
      if (count === 1) return;
      const message = count === 0
        ? `access.customers.${i} refers to customer "${n}", which does not exist live (customers are not managed by halo-iac: create it in Halo first)`
        : `access.customers.${i} refers to customer "${n}", which matches ${count} live customers: rename one in Halo so the name is unique`;
      out.push({ path: `access.customers.${i}`, message });
    });
    return out;
  },
  unsupported: (spec, catalog) => [
    ...unsupportedAccess(spec, catalog),
    ...rawClaimConflicts(spec.permissions, catalog),
    ...accessPermissionConflicts(spec, catalog),
  ],
  liveWarnings: (live, spec, ctx, env) => unmappedValueWarnings(live.raw, writtenPermissions(spec, ctx.catalog), ctx.catalog, env.catalogFile),
  canonical(spec, ctx) {
    const out: Canonical = {};
    if (spec.email !== undefined) out.email = spec.email;
    if (spec.apiOnly !== undefined) out.apiOnly = spec.apiOnly;
    if (spec.disabled !== undefined) out.disabled = spec.disabled;
    if (spec.admin !== undefined) out.admin = spec.admin;
    if (spec.roles !== undefined) out.roles = nameSet(spec.roles.map((r) => ctx.displayName('Role', r)));
    if (spec.defaultTeam !== undefined) out.defaultTeam = ctx.displayName('Team', spec.defaultTeam);
    if (spec.teams !== undefined) out.teams = desiredTeams(spec.teams, ctx);
    if (spec.departments !== undefined) out.departments = desiredDepartments(spec.departments, ctx);
    if (spec.permissions !== undefined) out.permissions = canonicalPermissions(spec.permissions);
    if (spec.access !== undefined) {
      const access: Canonical = {};
      for (const list of ACCESS_LISTS) {
        const value = spec.access[list];
        if (value !== undefined) access[list] = desiredAccess(list, value, ctx);
      }
      if (spec.access.canCreateTicketTypes !== undefined) access.canCreateTicketTypes = spec.access.canCreateTicketTypes;
      if (Object.keys(access).length > 0) out.access = access;
    }
    return out;
  },
  normalize(live, spec, ctx) {
    const raw = live.raw;
    const out: Canonical = {};
    if (spec.email !== undefined) out.email = str(raw, 'email') ?? '';
    if (spec.apiOnly !== undefined) out.apiOnly = bool(raw, 'isapiagent');
    if (spec.disabled !== undefined) out.disabled = bool(raw, 'isdisabled');
    if (spec.admin !== undefined) out.admin = bool(raw, 'is_admin');
    if (spec.roles !== undefined) out.roles = liveRoles(raw, ctx);
    if (spec.defaultTeam !== undefined) out.defaultTeam = str(raw, 'team') ?? null;
    if (spec.teams !== undefined) out.teams = liveTeams(raw, spec.teams, ctx);
    if (spec.departments !== undefined) out.departments = liveDepartments(raw, spec.departments, ctx);
    if (spec.permissions !== undefined) out.permissions = normalizePermissions(raw, spec.permissions, ctx.catalog);
    if (spec.access !== undefined) {
      const access: Canonical = {};
      for (const list of ACCESS_LISTS) if (spec.access[list] !== undefined) access[list] = liveAccess(raw, list, ctx);
      if (spec.access.canCreateTicketTypes !== undefined)
        access.canCreateTicketTypes = normalizePermissions(raw, { [CAN_CREATE_TICKET_TYPES]: true }, ctx.catalog)[CAN_CREATE_TICKET_TYPES];
      if (Object.keys(access).length > 0) out.access = access;
    }
    return out;
  },
  toPayload(desired, ctx, live) {
    const spec = desired.spec;
    const p: HaloRecord = live ? { id: live.id, name: desired.name } : { name: desired.name };
    if (spec.email !== undefined) p.email = spec.email;
    // isapiagent has no DB default (halo-enums.md §1.3): always send it explicitly on create.
    if (spec.apiOnly !== undefined || !live) p.isapiagent = spec.apiOnly ?? false;
    if (spec.disabled !== undefined) p.isdisabled = spec.disabled;
    if (spec.admin !== undefined) p.is_admin = spec.admin;
    if (spec.roles !== undefined) p.roles = spec.roles.map((r) => ({ id: ctx.idOf('Role', r), name: ctx.displayName('Role', r) }));
    if (spec.defaultTeam !== undefined) p.team = ctx.displayName('Team', spec.defaultTeam);
    if (spec.teams !== undefined) p.teams = teamsPayload(spec.teams, ctx, live?.raw);
    if (spec.departments !== undefined) p.departments = departmentsPayload(spec.departments, ctx, live?.raw);
    const permissions = writtenPermissions(spec, ctx.catalog);
    if (permissions !== undefined) {
      const { fields, claims } = permissionsPayload(permissions, ctx.catalog, live?.raw);
      Object.assign(p, fields);
      if (claims) p.claims = claims;
    }
    Object.assign(p, accessPayload(spec, ctx));
    return p;
  },
  toSpec(live, ctx) {
    const raw = live.raw;
    const spec: AgentSpec = {
      apiOnly: bool(raw, 'isapiagent'),
      disabled: bool(raw, 'isdisabled'),
      admin: bool(raw, 'is_admin'),
    };
    const email = str(raw, 'email');
    if (email) spec.email = email;
    const roles = liveRoles(raw, ctx);
    if (roles.length > 0) spec.roles = roles;
    const team = str(raw, 'team');
    if (team) spec.defaultTeam = team;
    Object.assign(spec, exportMemberships(raw, ctx));
    // The "allow all" flags come back as `access`, not as permissions.
    const perms = exportPermissions(raw, ctx.catalog, (def) => def.restriction !== undefined);
    if (perms) spec.permissions = perms;
    const access = exportAccess(raw, ctx);
    if (access) spec.access = access;
    return spec;
  },
  risks({ action, before, after, catalog }): Risk[] {
    const risks: Risk[] = [];
    const escalates = (after?.admin === true && before?.admin !== true) ||
      escalatedPermissions(before?.permissions, after?.permissions, catalog).length > 0;
    if (escalates) risks.push('privilege-escalation');
    // A licence is used by a created non-API agent, or by turning an API-only agent into a real one.
    if ((action === 'create' && after?.apiOnly !== true) || (action === 'update' && before?.apiOnly === true && after?.apiOnly === false)) {
      risks.push('licence');
    }
    return risks;
  },
};
