/**
 * The friendly `spec` shapes, re-exported for existing importers. Each kind's Spec type lives next to
 * its construct (constructs/kinds/<kind>.ts), so a new kind never edits this file: its handler imports
 * the Spec from the construct file. Only the Blueprint spec (not a Halo kind) is defined here.
 */
export type { AgentAccess, AgentSpec, DepartmentMembership, MembershipMode, TeamMembership } from '../../constructs/kinds/agent.js';
export type { ApplicationSpec, SecretSpec } from '../../constructs/kinds/application.js';
export type { DepartmentSpec } from '../../constructs/kinds/department.js';
export type { PermissionsSpec } from '../../constructs/kinds/permissions.js';
export type { RoleSpec } from '../../constructs/kinds/role.js';
export type { SettingsSpec } from '../../constructs/kinds/settings.js';
export type { TeamSpec, TeamUse } from '../../constructs/kinds/team.js';
export type { TicketTypeSpec } from '../../constructs/kinds/ticket-type.js';

/** The vendor blueprints a `Blueprint` document may `use`. */
export type BlueprintName = 'moovila' | 'perimeters' | 'rewst' | 'postman';

/** A Blueprint document's spec: which vendor preset, with which options. */
export interface BlueprintSpec {
  use: BlueprintName;
  with?: Record<string, unknown>;
}
