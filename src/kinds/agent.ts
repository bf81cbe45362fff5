/**
 * Agent (/api/Agent, schema Uname). The list excludes API-only and disabled agents unless asked
 * (`includeapiagents`, `includedisabled`), and lacks claims/roles, so managed agents get one detail
 * read each (`includedetails=true`). `team` (default team) is a team NAME. Memberships: see
 * agent-memberships.ts. `access.ticketTypes` maps to the `tickettypes` restriction rows, where no
 * row means "all" (halo-enums.md §1.3, unverified).
 */
import type { AgentSpec, PermissionsSpec } from '../manifest/specs.js';
import type { Reference } from '../manifest/types.js';
import type { HaloRecord } from '../halo/types.js';
import type { Canonical, Risk } from '../engine/plan-types.js';
import type { KindContext, KindHandler } from './types.js';
import { bool, nameSet, records, str } from './lookup.js';
import { canonicalPermissions, escalatedPermissions, exportPermissions, normalizePermissions, permissionsPayload } from './permissions.js';
import {
  departmentsPayload, desiredDepartments, desiredTeams, exportMemberships, liveDepartments, liveTeams, teamsPayload,
} from './agent-memberships.js';

function liveRoles(raw: HaloRecord, ctx: KindContext): string[] {
  return nameSet(records(raw, 'roles').map((r) => ctx.nameOf('Role', r.id as string) ?? str(r, 'name') ?? ''));
}

function liveTicketTypes(raw: HaloRecord, ctx: KindContext): 'all' | string[] {
  const rows = records(raw, 'tickettypes').filter((r) => r.role_id === undefined || r.role_id === null || r.role_id === '');
  if (rows.length === 0) return 'all';
  return nameSet(rows.map((r) => ctx.nameOf('TicketType', r.tickettype_id as number) ?? String(r.tickettype_id)));
}

/**
 * `access.canCreateTicketTypes` is the catalog permission `canCreateTicketTypes` (its Halo encoding
 * is unverified, so it lives in catalog/permissions.yaml like every other permission); this merges
 * it into the permissions that are read and written as claims.
 */
const CAN_CREATE_TICKET_TYPES = 'canCreateTicketTypes';

function writtenPermissions(spec: AgentSpec): PermissionsSpec | undefined {
  const flag = spec.access?.canCreateTicketTypes;
  if (flag === undefined) return spec.permissions;
  return { ...spec.permissions, [CAN_CREATE_TICKET_TYPES]: flag };
}

function agentReferences(spec: AgentSpec): Reference[] {
  const refs: Reference[] = [];
  spec.roles?.forEach((name, i) => refs.push({ kind: 'Role', name, path: `roles.${i}` }));
  if (spec.defaultTeam) refs.push({ kind: 'Team', name: spec.defaultTeam, path: 'defaultTeam' });
  if (spec.teams && spec.teams.members !== 'all') {
    spec.teams.members.forEach((name, i) => refs.push({ kind: 'Team', name, path: `teams.members.${i}` }));
  }
  spec.departments?.members.forEach((m, i) => refs.push({ kind: 'Department', name: m.name, path: `departments.members.${i}.name` }));
  const tt = spec.access?.ticketTypes;
  if (Array.isArray(tt)) tt.forEach((name, i) => refs.push({ kind: 'TicketType', name, path: `access.ticketTypes.${i}` }));
  return refs;
}

/** Agents: identity flags, roles, default team, memberships, permissions, ticket type access. */
export const agentHandler: KindHandler<AgentSpec> = {
  kind: 'Agent',
  apiPath: 'Agent',
  dependsOn: ['Department', 'Team', 'Role', 'TicketType'],
  sets: ['roles', 'teams', 'departments', 'access.ticketTypes'],
  delete: true,
  liveName: (raw) => str(raw, 'name') ?? '',
  list: (reader) => reader.list<HaloRecord>('Agent', { includeapiagents: true, includedisabled: 'true' }),
  detail: (reader, listed) => reader.get<HaloRecord>('Agent', listed.id as number, { includedetails: true }),
  // The list form (Uname_List) has teams, departments, email and flags, but not is_admin, roles or claims.
  needsDetail: (spec) =>
    spec.admin !== undefined || spec.roles !== undefined || spec.permissions !== undefined || spec.access !== undefined,
  references: agentReferences,
  unsupported(spec) {
    const out: { path: string; message: string }[] = [];
    if (Array.isArray(spec.access?.customers)) {
      out.push({ path: 'access.customers', message: 'access.customers by name is not supported yet (only `all`)' });
    }
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
    if (spec.access?.customers === 'all') out.access = { ...(out.access as object), customers: 'all' };
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
    // No customer restriction rows means "all customers" (halo-enums.md §1.3, guide 883).
    if (spec.access?.customers === 'all') out.access = { ...(out.access as object), customers: records(raw, 'clients').length === 0 ? 'all' : 'restricted' };
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
    const permissions = writtenPermissions(spec);
    if (permissions !== undefined) {
      const { fields, claims } = permissionsPayload(permissions, ctx.catalog, live?.raw);
      Object.assign(p, fields);
      if (claims) p.claims = claims;
    }
    const tt = spec.access?.ticketTypes;
    if (tt !== undefined) {
      p.tickettypes = tt === 'all' ? [] : tt.map((n) => ({ tickettype_id: ctx.idOf('TicketType', n), canview: true, cancreate: true, canedit: true }));
    }
    if (spec.access?.customers === 'all') p.clients = [];
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
