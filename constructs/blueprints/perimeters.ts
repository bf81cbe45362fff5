/**
 * Perimeters blueprint (seed 003, "HaloPSA Integration Guide"): an agent with the guide's required
 * privileges (tickets read/modify, clients, users and assets read-only, own actions only, all ticket
 * types, asset types and asset fields), team memberships from `with.teams`, and an application with
 * exactly the guide's six scopes. Friendly values only: their Halo codes are catalog data.
 */
import type { Construct } from 'constructs';
import { Agent, type AgentSpec } from '../kinds/agent.js';
import type { PermissionsSpec } from '../kinds/permissions.js';
import { Blueprint, type BlueprintProps } from './blueprint.js';
import { SECRET_SINK, type BlueprintOptions } from './options.js';

/** "Required Privileges for Agent Account". */
const PERMISSIONS: PermissionsSpec = {
  tickets: 'readModify',
  customers: 'readOnly',
  users: 'readOnly',
  assets: 'readOnly',
  canAddTickets: true,
  canEditClosedTickets: true,
  canViewUnassignedTickets: true,
  canViewOtherAgentsTickets: true,
  canChangeTicketType: true,
  canReassignTickets: true,
  canEditAdvancedTicketDetails: true,
  actionEditing: 'ownOnly',
  canAssignOutsideOwnTeams: true,
  canEditTicketsNotAssignedToThem: true,
  canUpdateStatusOutsideActions: true,
};

/** "Required Permissions for API Credentials (Application)". */
const SCOPES = ['read:tickets', 'edit:tickets', 'read:customers', 'read:assets', 'read:projects', 'all:teams'];

/** The `with:` options (options.ts). */
const OPTIONS: BlueprintOptions = {
  agentName: { type: 'string', default: 'Perimeters', description: 'Name of the agent the integration logs in as' },
  email: { type: 'string', description: "The agent's e-mail address" },
  apiOnly: { type: 'boolean', default: true, description: 'Make the agent API-only (the guide does not ask for it, but an API-only agent needs no licence and cannot log in interactively)' },
  applicationName: { type: 'string', default: 'Perimeters', description: 'Name of the API application' },
  teams: { type: 'names', default: [], description: "Teams the agent is a member of (include mode: the agent's other memberships stay)" },
  secretSink: SECRET_SINK,
};

/** Expands into the Perimeters agent and application. */
export class PerimetersBlueprint extends Blueprint {
  static readonly options = OPTIONS;
  static readonly summary = "Perimeters (seed 003): an agent with the guide's required privileges and teams, and its application with the guide's six scopes";

  constructor(scope: Construct, id: string, props: BlueprintProps = {}) {
    super(scope, id, props, OPTIONS);
    const agentName = this.text('agentName');
    const teams = this.names('teams');
    const email = this.string('email');
    const applicationName = this.text('applicationName');
    const sink = this.secretSink();
    // Bad options: report them, expand nothing (avoids follow-on errors in half-built objects).
    if (this.diagnostics.length > 0) return;
    const spec: AgentSpec = {
      ...(email ? { email } : {}),
      // The guide does not ask for an API-only agent, but one needs no licence and cannot log in interactively.
      apiOnly: this.boolean('apiOnly'),
      ...(teams.length > 0 ? { teams: { mode: 'include' as const, members: teams } } : {}),
      permissions: { ...PERMISSIONS },
      // "Allow use of all Asset Types / Ticket Types / Asset Fields: Yes" (the catalog's Fa / Ft / Ff flags).
      access: { ticketTypes: 'all', assetTypes: 'all', assetFields: 'all' },
    };
    new Agent(this, agentName, { spec, ...this.provenance({ ...this.listPositions('teams.members', 'teams', teams.length), apiOnly: 'apiOnly', email: 'email' }) });
    this.integrationApplication(applicationName, agentName, SCOPES, sink, { loginAs: 'agentName' });
  }
}
