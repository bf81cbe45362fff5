/**
 * Agent (/api/Agent, schema Uname). The list excludes API-only and disabled agents unless asked
 * (`includeapiagents`, `includedisabled`), and lacks claims/roles, so managed agents get one detail
 * read each (`includedetails=true`). `team` (default team) is a team NAME. Memberships: see
 * agent-memberships.ts; access (ticket types, customers, can create ticket types): agent-access.ts.
 * `access.ticketTypes` / `access.customers` map to the `tickettypes` /
 * `clients` restriction rows; how "all" is encoded (by default: no row means all, halo-enums.md
 * §1.3, unverified) and the flags of written rows are catalog data (permissions
 * allowAllTicketTypes / allowAllCustomers), so an environment can override them. Customers are
 * not managed objects: names in `access.customers` resolve (case-insensitively) against the live
 * customer list, which the read fetches once only when some agent names customers.
 */
import type { AgentSpec } from '../manifest/specs.js';
import { agentReferences } from '../../constructs/kinds/agent.js';
import type { HaloRecord } from '../halo/types.js';
import type { Canonical, Risk } from '../engine/plan-types.js';
import type { KindContext, KindHandler } from './types.js';
import { bool, nameSet, records, str } from './lookup.js';
import {
  canonicalPermissions, escalatedPermissions, exportPermissions, normalizePermissions, permissionsPayload,
  restrictionOf, restrictionPermissionErrors,
} from './permissions.js';
import {
  departmentsPayload, desiredDepartments, desiredTeams, exportMemberships, liveDepartments, liveTeams, teamsPayload,
} from './agent-memberships.js';
import {
  accessPayload, accessPermissionConflicts, ALL_CUSTOMERS, ALL_TICKET_TYPES, CAN_CREATE_TICKET_TYPES, customerNames, exportAccess, liveCustomers, liveTicketTypes,
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
  sets: ['roles', 'teams', 'departments', 'access.ticketTypes', 'access.customers'],
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
  unsupported(spec, catalog) {
    const out: { path: string; message: string }[] = [];
    for (const [path, key] of [['access.ticketTypes', ALL_TICKET_TYPES], ['access.customers', ALL_CUSTOMERS]] as const) {
      const set = path === 'access.ticketTypes' ? spec.access?.ticketTypes : spec.access?.customers;
      if (set !== undefined && !catalog.permissions[key]) {
        out.push({ path, message: `${path} needs the catalog permission ${key} (how "all" is encoded), which the catalog does not have` });
      }
      // With "no row = all", an empty list is written as no rows and read back as `all`: it could never converge.
      if (Array.isArray(set) && set.length === 0 && restrictionOf(catalog.permissions[key])?.allWhenEmpty === true) {
        out.push({ path, message: `${path} is an empty list, but Halo reads an agent with no ${path.split('.')[1] ?? ''} restriction rows as "all" (catalog ${key}): name at least one, or use all` });
      }
    }
    out.push(...restrictionPermissionErrors(spec.permissions, catalog), ...accessPermissionConflicts(spec, catalog));
    return out;
  },
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
    if (spec.access?.ticketTypes !== undefined) {
      const tt = spec.access.ticketTypes;
      out.access = { ticketTypes: tt === 'all' ? 'all' : nameSet(tt.map((n) => ctx.displayName('TicketType', n))) };
    }
    if (spec.access?.customers !== undefined) out.access = { ...(out.access as object), customers: spec.access.customers === 'all' ? 'all' : customerNames(spec.access.customers, ctx) };
    const canCreate = spec.access?.canCreateTicketTypes;
    if (canCreate !== undefined) out.access = { ...(out.access as object), canCreateTicketTypes: canCreate };
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
    if (spec.access?.ticketTypes !== undefined) out.access = { ticketTypes: liveTicketTypes(raw, ctx) };
    if (spec.access?.customers !== undefined) out.access = { ...(out.access as object), customers: liveCustomers(raw, ctx) };
    if (spec.access?.canCreateTicketTypes !== undefined) {
      const live = normalizePermissions(raw, { [CAN_CREATE_TICKET_TYPES]: true }, ctx.catalog)[CAN_CREATE_TICKET_TYPES];
      out.access = { ...(out.access as object), canCreateTicketTypes: live };
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
    const perms = exportPermissions(raw, ctx.catalog);
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
