/**
 * Agent: a Halo agent (/api/Agent, Uname) with its roles, team and department memberships, permissions and
 * access restrictions. Memberships grow through addTeam / addDepartment / addRole (scalars are fixed).
 */
import type { Construct } from 'constructs';
import { accessFlag } from '../../src/model/catalog-claims.js';
import type { Reference } from '../../src/model/desired.js';
import { nameCharacterProblems } from '../../src/model/name-characters.js';
import type { Checker } from '../checker.js';
import { custom, flag, ref, refList, text } from '../fields.js';
import { declareKind } from '../kind.js';
import { HaloObject, type ObjectProps } from '../object.js';
import { ACCESS_LISTS, accessPermissionConflicts, unsupportedAccess } from './agent-access.js';
import { checkPermissions, rawClaimConflicts, type PermissionsSpec } from './permissions.js';

/** `exact`: the list is the whole truth (extra memberships are removed); `include`: only adds. */
export type MembershipMode = 'exact' | 'include';

/** An agent's team memberships. */
export interface TeamMembership {
  mode: MembershipMode;
  /** Team names, or `all` for every team (declared and live). */
  members: string[] | 'all';
}

/** An agent's department memberships. */
export interface DepartmentMembership {
  mode: MembershipMode;
  /** `level` is a catalog membershipLevels name, e.g. `member`, `modifyAll`. */
  members: { name: string; level: string }[];
}

/**
 * What an agent may see and use. Each list is `all` (its catalog "allow all" flag set to yes) or the
 * names (asset lists: Halo ids) it is restricted to (the flag set to no plus one restriction row
 * each); `[]` allows none.
 */
export interface AgentAccess {
  /** `all`, or ticket type names the agent may use. */
  ticketTypes?: 'all' | string[];
  /** `all`, or customer names (not managed objects: resolved live). */
  customers?: 'all' | string[];
  /** `all`, or the Halo ids of the asset types the agent may use (halo-iac reads no asset types, so no names). */
  assetTypes?: 'all' | number[];
  /** `all`, or the Halo ids of the asset fields the agent may use (halo-iac reads no asset fields, so no names). */
  assetFields?: 'all' | number[];
  /** "Allow creation of new Ticket Types and linked objects". */
  canCreateTicketTypes?: boolean;
}

/** Agent spec. */
export interface AgentSpec {
  email?: string;
  apiOnly?: boolean;
  disabled?: boolean;
  admin?: boolean;
  /** Role names (references). */
  roles?: string[];
  /** Team name (reference): the agent's default team. */
  defaultTeam?: string;
  teams?: TeamMembership;
  departments?: DepartmentMembership;
  permissions?: PermissionsSpec;
  access?: AgentAccess;
}

/** Props of an Agent construct. */
export type AgentProps = Omit<ObjectProps<AgentSpec>, 'spec'> & { spec?: AgentSpec };

/** An agent; API-only agents need no licence. */
export class Agent extends HaloObject<AgentSpec> {
  constructor(scope: Construct, id: string, props: AgentProps = {}) {
    super(scope, agentKind, id, { ...props, spec: props.spec ?? {} });
  }

  /** Adds a team membership (mode `include` unless teams were declared). */
  addTeam(team: string): this {
    const t = (this.spec.teams ??= { mode: 'include', members: [] });
    if (t.members !== 'all' && !t.members.includes(team)) t.members.push(team);
    this.changed();
    return this;
  }

  /** Adds a department membership at a catalog membership level. */
  addDepartment(department: string, level: string): this {
    const d = (this.spec.departments ??= { mode: 'include', members: [] });
    if (!d.members.some((m) => m.name === department)) d.members.push({ name: department, level });
    this.changed();
    return this;
  }

  /** Adds a role. */
  addRole(role: string): this {
    return this.addOnce((this.spec.roles ??= []), role);
  }
}

/** `admin` against the catalog and against permissions.admin; a default team exact mode would remove. */
function checkAgent(spec: AgentSpec, c: Checker): void {
  if (spec.admin !== undefined) c.lookup('permissions', 'admin', 'admin', 'permission');
  const pAdmin = spec.permissions?.admin;
  if (spec.admin !== undefined && pAdmin !== undefined && pAdmin !== spec.admin)
    c.error('permissions.admin', `admin: ${String(spec.admin)} contradicts permissions.admin: ${String(pAdmin)}`);
  const t = spec.teams;
  const d = spec.defaultTeam;
  if (t?.mode === 'exact' && Array.isArray(t.members) && d !== undefined && !t.members.includes(d))
    c.warn('defaultTeam', `default team '${d}' is not in teams.members (exact mode removes other memberships)`);
  const members = spec.departments?.members;
  if (Array.isArray(members)) members.forEach((m, i) => c.lookup('membershipLevels', m?.level, `departments.members.${i}.level`, 'membership level'));
  checkPermissions(c, spec.permissions, 'permissions');
  // Each access list is written through its catalog "allow all" flag: recording it lists its unverified code.
  const a = spec.access;
  if (a === undefined) return;
  // Customers are matched by name against the live tenant (no Customer kind): the name checks of a reference.
  if (Array.isArray(a.customers)) {
    a.customers.forEach((name, i) => {
      if (typeof name === 'string') for (const m of nameCharacterProblems(name, 'customer')) c.error(`access.customers.${i}`, m);
    });
  }
  for (const list of ACCESS_LISTS) {
    const value = a[list];
    const flag = value === undefined ? undefined : accessFlag(c.catalog, list);
    if (flag) c.use(`permissions.${flag.key}.values.${value === 'all' ? 'yes' : 'no'}`);
  }
  if (a.canCreateTicketTypes !== undefined) c.use(`permissions.canCreateTicketTypes.values.${a.canCreateTicketTypes ? 'yes' : 'no'}`);
}

/** References by name inside a list spec value: `path.<i><suffix>` for each item `name(item)`. */
function listReferences<T>(kind: Reference['kind'], items: unknown, path: string, name: (item: T) => unknown, suffix = ''): Reference[] {
  return Array.isArray(items) ? (items as T[]).map((item, i) => ({ kind, name: name(item) as string, path: `${path}.${i}${suffix}` })) : [];
}

/**
 * The Agent kind (/api/Agent, Uname). The list form (Uname_List) has teams, departments, email and
 * flags, but not is_admin, roles or claims: an agent that sets those is read in detail. Memberships,
 * permissions and access are hand-written (src/kinds/agent*.ts). `teams.members: all` means every
 * team (declared and live), so it is not a reference.
 */
export const agentKind = declareKind(Agent, {
  kind: 'Agent',
  dependsOn: ['Department', 'Team', 'Role', 'TicketType'],
  fields: {
    email: text('email'),
    // isapiagent has no database default (halo-enums.md §1.3): always sent on create.
    apiOnly: flag('isapiagent', { createDefault: false }),
    disabled: flag('isdisabled'),
    admin: flag('is_admin', { detailOnly: true }),
    roles: refList('Role', 'roles', { detailOnly: true, relation: 'has role' }),
    defaultTeam: ref('Team', 'team', { by: 'name', relation: 'has default team' }),
    teams: custom<AgentSpec>({ relation: 'member of', references: (s) => listReferences<string>('Team', s.teams?.members, 'teams.members', (t) => t) }),
    departments: custom<AgentSpec>({
      relation: 'member of',
      references: (s) => listReferences<{ name: string }>('Department', s.departments?.members, 'departments.members', (d) => d?.name, '.name'),
    }),
    permissions: custom<AgentSpec>({ detailOnly: true }),
    access: custom<AgentSpec>({
      detailOnly: true,
      relation: 'may use',
      references: (s) => listReferences<string>('TicketType', s.access?.ticketTypes, 'access.ticketTypes', (t) => t),
    }),
  },
  check: checkAgent,
  // Customers are matched by name against the live tenant (no Customer kind).
  liveNames: (spec) => (Array.isArray(spec.access?.customers) ? spec.access.customers.map((name, i) => ({ path: `access.customers.${i}`, name })) : []),
  neverConverges: (spec, catalog) => [
    ...unsupportedAccess(spec, catalog),
    ...rawClaimConflicts(spec.permissions, catalog),
    ...accessPermissionConflicts(spec, catalog),
  ],
});
