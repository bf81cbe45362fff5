/**
 * Moovila blueprint (seed 002, "Setting up HaloPSA's API Pre-Integration"): an API-only agent with the
 * guide's whole permission table, team and department memberships at "Modify All", the "Client ID and
 * Secret (Services)" application with exactly the guide's scopes, the Project / Project Task ticket types
 * and the "Auto-incrementing key" ticket id method.
 */
import type { Construct } from 'constructs';
import { Agent, type AgentSpec } from '../kinds/agent.js';
import type { PermissionsSpec } from '../kinds/permissions.js';
import { Settings } from '../kinds/settings.js';
import { TicketType } from '../kinds/ticket-type.js';
import { Blueprint, type BlueprintProps } from './blueprint.js';
import { SECRET_SINK, type BlueprintOptions } from './options.js';

/**
 * The guide's Permissions tab (Feature Access, Tickets, Calendars and Appointments), in friendly
 * values of each permission's own scale (catalog/permissions.yaml): e.g. "Read and Modify (All)"
 * timesheets is `readModifyAll` (Hx 4), "Read Only" customers is `readOnly` (Ux 2).
 */
const PERMISSIONS: PermissionsSpec = {
  tickets: 'readModify',
  customers: 'readOnly',
  calendars: 'readModify',
  products: 'readOnly',
  sales: 'readOnly',
  timesheets: 'readModifyAll',
  canAddTickets: true,
  canEditClosedTickets: true,
  canViewUnassignedTickets: true,
  canViewOtherAgentsTickets: true,
  canChangeTicketType: true,
  canReassignTickets: true,
  canEditAdvancedTicketDetails: true,
  actionEditing: 'all',
  canDeleteTickets: true,
  canAssignOutsideOwnTeams: true,
  canEditTicketsNotAssignedToThem: true,
  canUpdateStatusOutsideActions: true,
  canRemoveTodos: true,
  appointmentEditing: 'all',
  appointmentAdding: 'all',
  appointmentVisibility: 'all',
  appointmentDeleting: 'all',
  // "Configuration: Allow creation of new Ticket Types and linked objects" (claim At).
  canCreateTicketTypes: true,
};

/** The guide's application Permissions tab. */
const SCOPES = [
  'all:teams',
  'admin:webhooks',
  'read:tickets',
  'edit:tickets',
  'read:customers',
  'read:projects',
  'edit:projects',
  'read:reporting',
  'edit:reporting',
  'read:timesheets',
  'edit:timesheets',
  'read:calendar',
  'edit:calendar',
];

/** The `with:` options (options.ts). */
const OPTIONS: BlueprintOptions = {
  team: { type: 'string', required: true, description: 'The team both project ticket types default to; the guide asks for a team the integration syncs' },
  agentName: { type: 'string', default: 'Moovila API', description: 'Name of the API-only agent the integration logs in as' },
  email: { type: 'string', description: "The agent's e-mail address" },
  applicationName: { type: 'string', default: 'Moovila', description: 'Name of the API application ("Client ID and Secret (Services)")' },
  teams: { type: 'namesOrAll', defaultText: '`[<team>]`', description: "Teams the agent is a member of (include mode: the agent's other memberships stay), or `all`" },
  departments: { type: 'names', default: [], description: 'Departments the agent is a member of, at `departmentLevel`' },
  departmentLevel: { type: 'string', default: 'modifyAll', description: 'Membership level in those departments (catalog membershipLevels; the highest is labelled privilege-escalation)' },
  projectTicketType: { type: 'string', default: 'Project', description: 'Name of the "Projects" ticket type' },
  taskTicketType: { type: 'string', default: 'Project Task', description: 'Name of the "Project Tasks" ticket type' },
  secretSink: SECRET_SINK,
  settings: { type: 'boolean', default: true, description: 'Also set the ticket id method to "Auto-incrementing key" (Settings is one per tenant: turn this off when the environment manages Settings itself)' },
};

/** Expands into the agent, application, two ticket types and settings of the Moovila guide. */
export class MoovilaBlueprint extends Blueprint {
  static readonly options = OPTIONS;
  static readonly summary = 'Moovila (seed 002): an API-only agent with the guide\'s permissions, team and department memberships, its application with the guide\'s scopes, the Project / Project Task ticket types and the ticket id method';

  constructor(scope: Construct, id: string, props: BlueprintProps = {}) {
    super(scope, id, props, OPTIONS);
    const agentName = this.text('agentName');
    const team = this.required('team');
    const teams = this.names('teams', team ? [team] : [], true);
    const departments = this.names('departments');
    const level = this.text('departmentLevel');
    const email = this.string('email');
    const applicationName = this.text('applicationName');
    const projectType = this.text('projectTicketType');
    const taskType = this.text('taskTicketType');
    const sink = this.secretSink();
    const withSettings = this.boolean('settings');
    // Bad options: report them, expand nothing (avoids follow-on errors in half-built objects).
    if (this.diagnostics.length > 0) return;
    const spec: AgentSpec = {
      ...(email ? { email } : {}),
      apiOnly: true,
      admin: false,
      teams: { mode: 'include', members: teams },
      ...(departments.length > 0 ? { departments: { mode: 'include', members: departments.map((name) => ({ name, level })) } } : {}),
      permissions: { ...PERMISSIONS },
      access: { ticketTypes: 'all', customers: 'all' },
    };
    const positions = {
      ...(Array.isArray(teams) && this.options.teams !== undefined ? this.listPositions('teams.members', 'teams', teams.length) : { 'teams.members.0': 'team' }),
      ...this.listPositions('departments.members', 'departments', departments.length, '.name'),
      'departments.members': 'departmentLevel',
      email: 'email',
    };
    new Agent(this, agentName, { spec, ...this.provenance(positions) });

    this.integrationApplication(applicationName, agentName, SCOPES, sink, { loginAs: 'agentName' });

    const ticketType = (name: string, hierarchy: string): void => {
      new TicketType(this, name, {
        spec: {
          itilType: 'projects',
          use: 'projects',
          projectHierarchy: hierarchy,
          visibleToAgents: true,
          agentsCanLog: true,
          defaultTeam: team,
          fields: ['startDateTime', 'targetDateTime'],
        },
        ...this.provenance({ defaultTeam: 'team' }),
      });
    };
    ticketType(projectType, 'projects');
    ticketType(taskType, 'projectTasks');

    // Settings is a singleton: an environment that manages its own Settings turns this off.
    if (withSettings) new Settings(this, 'settings', { spec: { nextTicketIdMethod: 'autoIncrementingKey' }, ...this.provenance() });
  }
}
