/**
 * Rewst blueprint (seed 004, "Halo Integration Setup"): an API agent in every team ("Select all of the
 * Teams"), allowed all customers (needed for customer mapping), and an application with scope `all`.
 * The guide leaves the agent's other permissions to the reader: `with.permissions` passes them through.
 */
import type { Construct } from 'constructs';
import { Agent, type AgentSpec } from '../kinds/agent.js';
import type { PermissionsSpec } from '../kinds/permissions.js';
import { Blueprint, type BlueprintProps } from './blueprint.js';

const OPTIONS = ['agentName', 'email', 'applicationName', 'allowAllCustomers', 'permissions', 'secretSink'] as const;

/** Expands into the Rewst agent and application. */
export class RewstBlueprint extends Blueprint {
  constructor(scope: Construct, id: string, props: BlueprintProps = {}) {
    super(scope, id, props, OPTIONS);
    const agentName = this.string('agentName', 'Rewst API');
    const email = this.string('email');
    const permissions = this.options.permissions;
    if (permissions !== undefined && (typeof permissions !== 'object' || permissions === null || Array.isArray(permissions)))
      this.fail('permissions', 'must be a mapping of permission names to values');
    const applicationName = this.string('applicationName', 'Rewst');
    const sink = this.secretSink();
    // Bad options: report them, expand nothing (avoids follow-on errors in half-built objects).
    if (this.diagnostics.length > 0) return;
    const spec: AgentSpec = {
      ...(email ? { email } : {}),
      apiOnly: true,
      teams: { mode: 'include', members: 'all' },
      ...(this.boolean('allowAllCustomers', true) ? { access: { customers: 'all' as const } } : {}),
      ...(permissions && typeof permissions === 'object' && !Array.isArray(permissions) ? { permissions: permissions as PermissionsSpec } : {}),
    };
    // Option positions let permission errors point at with.permissions.<name>.
    const positions: Record<string, string> = { email: 'email', access: 'allowAllCustomers' };
    for (const k of Object.keys(spec.permissions ?? {})) positions[`permissions.${k}`] = `permissions.${k}`;
    new Agent(this, agentName, { spec, ...this.provenance(positions) });
    this.integrationApplication(applicationName, agentName, ['all'], sink, { loginAs: 'agentName' });
  }
}
