/**
 * The `spec` of each resource kind, in the manifest's friendly words (design.md §2).
 * Schemas (schemas/*.schema.json), constructs (constructs/kinds) and handlers (src/kinds) all
 * follow these shapes. Friendly values (levels, ITIL types, scopes...) are looked up in catalog/.
 */

export type MembershipMode = 'exact' | 'include';

/** Friendly permission name (catalog/permissions.yaml) -> friendly value, plus raw claims. */
export interface PermissionsSpec {
  /** Raw Halo claims for anything the catalog does not map: claim type -> value. */
  raw?: Record<string, string>;
  [permission: string]: string | boolean | Record<string, string> | undefined;
}

/** Department: an agent department (Halo /api/TopLevel item with agent_department: true). */
export type DepartmentSpec = Record<string, never>;

export type TeamUse = 'tickets' | 'opportunities' | 'projects';

export interface TeamSpec {
  /** Department name (reference). */
  department?: string;
  use?: TeamUse[];
  inactive?: boolean;
  addToAllAgents?: boolean;
}

export interface RoleSpec {
  description?: string;
  permissions?: PermissionsSpec;
  /** Raw claims appended as-is. */
  claims?: { type: string; value: string }[];
}

export interface TeamMembership {
  mode: MembershipMode;
  /** Team names, or `all` for every team (declared and live). */
  members: string[] | 'all';
}

export interface DepartmentMembership {
  mode: MembershipMode;
  /** `level` is a catalog membershipLevels name, e.g. `member`, `modifyAll`. */
  members: { name: string; level: string }[];
}

export interface AgentAccess {
  /** `all`, or ticket type names the agent may use. */
  ticketTypes?: 'all' | string[];
  /** `all`, or customer names (not managed objects: resolved live). */
  customers?: 'all' | string[];
  /** "Allow creation of new Ticket Types and linked objects". */
  canCreateTicketTypes?: boolean;
}

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

export interface SecretSpec {
  /** `file:PATH` (written 0600) or `env-file:PATH`; relative to the environment file. */
  sink: string;
  /** Bump to rotate: a new secret is generated and sent. */
  rotate?: number;
}

export interface ApplicationSpec {
  /** catalog authMethods name; default clientCredentials. */
  authMethod?: string;
  /** catalog loginTypes name; default agent. */
  loginType?: string;
  /** Agent name (reference) the application logs in as. */
  loginAs?: string;
  scopes: string[];
  active?: boolean;
  secret?: SecretSpec;
}

export interface TicketTypeSpec {
  /** catalog itilTypes name, e.g. `projects`, `tasks`, `incident`. */
  itilType?: string;
  /** catalog ticketUse name: tickets | opportunities | projects. */
  use?: string;
  /** catalog projectHierarchy name: projects | projectTasks. */
  projectHierarchy?: string;
  visibleToAgents?: boolean;
  agentsCanLog?: boolean;
  /** Team name (reference). */
  defaultTeam?: string;
  /** catalog ticketFields names, e.g. startDateTime, targetDateTime. */
  fields?: string[];
  /** Raw RequestType fields for anything not mapped. */
  raw?: Record<string, unknown>;
}

/** Settings: the Control singleton. Friendly keys from catalog/settings, plus raw Control fields. */
export interface SettingsSpec {
  raw?: Record<string, unknown>;
  [setting: string]: string | number | boolean | Record<string, unknown> | undefined;
}

export type BlueprintName = 'moovila' | 'perimeters' | 'rewst' | 'postman';

export interface BlueprintSpec {
  use: BlueprintName;
  with?: Record<string, unknown>;
}

export interface SpecByKind {
  Department: DepartmentSpec;
  Team: TeamSpec;
  Role: RoleSpec;
  Agent: AgentSpec;
  Application: ApplicationSpec;
  TicketType: TicketTypeSpec;
  Settings: SettingsSpec;
}
