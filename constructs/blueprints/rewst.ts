/**
 * Rewst blueprint (seed 004, "Halo Integration Setup"): an API agent in every team ("Select all of the
 * Teams"), allowed all customers (needed for customer mapping), and an application with scope `all`.
 * The guide leaves the agent's other permissions to the reader: `with.permissions` passes them through.
 */
import type { Construct } from 'constructs';
import { Agent, type AgentSpec } from '../kinds/agent.js';
import type { PermissionsSpec } from '../kinds/permissions.js';
import { Blueprint, type BlueprintProps } from './blueprint.js';
import { SECRET_SINK, type BlueprintOptions } from './options.js';

/** The `with:` options (options.ts). */
const OPTIONS: BlueprintOptions = {
  agentName: { type: 'string', default: 'Rewst API', description: 'Name of the API-only agent (a member of every team) the integration logs in as' },
  email: { type: 'string', description: "The agent's e-mail address" },
  applicationName: { type: 'string', default: 'Rewst', description: 'Name of the API application (scope `all`)' },
  allowAllCustomers: { type: 'boolean', default: true, description: 'Allow the agent all customers (Rewst maps customers)' },
  permissions: { type: 'permissions', description: "The agent's permissions (the guide leaves them to you), as an agent's `permissions`" },
  secretSink: SECRET_SINK,
};

/** Expands into the Rewst agent and application. */
export class RewstBlueprint extends Blueprint {
  static readonly options = OPTIONS;
  static readonly summary = 'Rewst (seed 004): an API-only agent in every team, allowed all customers, and its application with scope `all`';

  constructor(scope: Construct, id: string, props: BlueprintProps = {}) {
    super(scope, id, props, OPTIONS);
    const agentName = this.text('agentName');
    const email = this.string('email');
    const permissions = this.options.permissions;
    if (permissions !== undefined && (typeof permissions !== 'object' || permissions === null || Array.isArray(permissions)))
      this.fail('permissions', 'must be a mapping of permission names to values');
    const applicationName = this.text('applicationName');
    const sink = this.secretSink();
    // Bad options: report them, expand nothing (avoids follow-on errors in half-built objects).
    if (this.diagnostics.length > 0) return;
    const spec: AgentSpec = {
      ...(email ? { email } : {}),
      apiOnly: true,
      teams: { mode: 'include', members: 'all' },
      ...(this.boolean('allowAllCustomers') ? { access: { customers: 'all' as const } } : {}),
      ...(permissions && typeof permissions === 'object' && !Array.isArray(permissions) ? { permissions: permissions as PermissionsSpec } : {}),
    };
    // Option positions let permission errors point at with.permissions.<name>.
    const positions: Record<string, string> = { email: 'email', access: 'allowAllCustomers' };
    for (const k of Object.keys(spec.permissions ?? {})) positions[`permissions.${k}`] = `permissions.${k}`;
    new Agent(this, agentName, { spec, ...this.provenance(positions) });
    this.integrationApplication(applicationName, agentName, ['all'], sink, { loginAs: 'agentName' });
  }
}
