/**
 * Agent: a Halo agent (/api/Agent, Uname) with its roles, team and department memberships, permissions and
 * access restrictions. Memberships grow through addTeam / addDepartment / addRole (scalars are fixed).
 */
import type { Construct } from 'constructs';
import type { Reference } from '../../src/model/desired.js';
import type { Checker } from '../checker.js';
import { HaloObject, type ObjectProps } from '../object.js';
import { accessFlag } from '../../src/model/catalog-claims.js';
import { checkPermissions, type PermissionsSpec } from './permissions.js';

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
 * names it is restricted to (the flag set to no plus one restriction row each); `[]` allows none.
 */
export interface AgentAccess {
  /** `all`, or ticket type names the agent may use. */
  ticketTypes?: 'all' | string[];
  /** `all`, or customer names (not managed objects: resolved live). */
  customers?: 'all' | string[];
  /** `all`, or `[]` (naming asset types is not supported yet). */
  assetTypes?: 'all' | string[];
  /** `all`, or `[]` (naming asset fields is not supported yet). */
  assetFields?: 'all' | string[];
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

/**
 * An agent refers to its roles, default team, team and department memberships and the ticket types it
 * may use. `teams.members: all` means every team (declared and live), so it is not a reference.
 */
export function agentReferences(spec: AgentSpec): Reference[] {
  const refs: Reference[] = [];
  if (Array.isArray(spec.roles)) spec.roles.forEach((r, i) => refs.push({ kind: 'Role', name: r, path: `roles.${i}` }));
  if (spec.defaultTeam !== undefined) refs.push({ kind: 'Team', name: spec.defaultTeam, path: 'defaultTeam' });
  if (Array.isArray(spec.teams?.members)) spec.teams.members.forEach((t, i) => refs.push({ kind: 'Team', name: t, path: `teams.members.${i}` }));
  if (Array.isArray(spec.departments?.members))
    spec.departments.members.forEach((d, i) => refs.push({ kind: 'Department', name: d?.name, path: `departments.members.${i}.name` }));
  if (Array.isArray(spec.access?.ticketTypes))
    spec.access.ticketTypes.forEach((t, i) => refs.push({ kind: 'TicketType', name: t, path: `access.ticketTypes.${i}` }));
  // Malformed names are reported by check(); they are not references.
  return refs.filter((r) => typeof r.name === 'string' && r.name !== '');
}

/** Props of an Agent construct. */
export type AgentProps = Omit<ObjectProps<AgentSpec>, 'spec'> & { spec?: AgentSpec };

const MODES = ['exact', 'include'];

/** An agent; API-only agents need no licence. */
export class Agent extends HaloObject<AgentSpec> {
  constructor(scope: Construct, id: string, props: AgentProps = {}) {
    super(scope, 'Agent', id, { ...props, spec: props.spec ?? {} });
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
    const roles = (this.spec.roles ??= []);
    if (!roles.includes(role)) roles.push(role);
    this.changed();
    return this;
  }

  protected checkSpec(c: Checker): void {
    const s = this.spec;
    if (s.email !== undefined && (typeof s.email !== 'string' || !s.email.includes('@'))) c.error('email', 'email must be an e-mail address');
    for (const f of ['apiOnly', 'disabled', 'admin'] as const) c.boolean(s[f], f);
    if (s.admin !== undefined) c.lookup('permissions', 'admin', 'admin', 'permission');
    const pAdmin = s.permissions?.admin;
    if (s.admin !== undefined && pAdmin !== undefined && pAdmin !== s.admin)
      c.error('permissions.admin', `admin: ${String(s.admin)} contradicts permissions.admin: ${String(pAdmin)}`);
    c.stringList(s.roles, 'roles');
    if (s.defaultTeam !== undefined && typeof s.defaultTeam !== 'string') c.error('defaultTeam', 'defaultTeam must be a team name');
    this.checkTeams(c);
    this.checkDepartments(c);
    checkPermissions(c, s.permissions, 'permissions');
    this.checkAccess(c);
  }

  private checkTeams(c: Checker): void {
    const t = this.spec.teams;
    if (t === undefined) return;
    if (!MODES.includes(t.mode)) c.error('teams.mode', `teams.mode must be one of: ${MODES.join(', ')}`);
    if (t.members !== 'all') c.stringList(t.members, 'teams.members');
    const d = this.spec.defaultTeam;
    if (t.mode === 'exact' && Array.isArray(t.members) && d !== undefined && !t.members.includes(d))
      c.warn('defaultTeam', `default team '${d}' is not in teams.members (exact mode removes other memberships)`);
  }

  private checkDepartments(c: Checker): void {
    const d = this.spec.departments;
    if (d === undefined) return;
    if (!MODES.includes(d.mode)) c.error('departments.mode', `departments.mode must be one of: ${MODES.join(', ')}`);
    if (!Array.isArray(d.members)) return c.error('departments.members', 'departments.members must be a list of {name, level}');
    d.members.forEach((m, i) => {
      if (typeof m?.name !== 'string' || m.name.trim() === '') c.error(`departments.members.${i}`, 'a department membership needs a name');
      c.lookup('membershipLevels', m?.level, `departments.members.${i}.level`, 'membership level');
    });
  }

  private checkAccess(c: Checker): void {
    const a = this.spec.access;
    if (a === undefined) return;
    // Each list is written through its catalog "allow all" flag: recording it lists its unverified code.
    for (const list of ['ticketTypes', 'customers', 'assetTypes', 'assetFields'] as const) {
      const value = a[list];
      if (value === undefined) continue;
      if (value !== 'all') c.stringList(value, `access.${list}`);
      const flag = accessFlag(c.catalog, list);
      if (flag) c.use(`permissions.${flag.key}.values.${value === 'all' ? 'yes' : 'no'}`);
    }
    c.boolean(a.canCreateTicketTypes, 'access.canCreateTicketTypes');
    if (a.canCreateTicketTypes !== undefined) c.use(`permissions.canCreateTicketTypes.values.${a.canCreateTicketTypes ? 'yes' : 'no'}`);
  }

  references(): Reference[] {
    return agentReferences(this.spec);
  }
}
