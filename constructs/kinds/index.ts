/** The kind constructs by kind name (one file per kind). */
import type { Construct } from 'constructs';
import type { KindName } from '../../src/manifest/types.js';
import type { HaloObject, ObjectProps } from '../object.js';
import { Agent } from './agent.js';
import { Application } from './application.js';
import { Department } from './department.js';
import { Role } from './role.js';
import { Settings } from './settings.js';
import { Team } from './team.js';
import { TicketType } from './ticket-type.js';

export { Agent, Application, Department, Role, Settings, Team, TicketType };
export type { AgentProps } from './agent.js';
export type { ApplicationProps } from './application.js';
export type { DepartmentProps } from './department.js';
export type { RoleProps } from './role.js';
export type { SettingsProps } from './settings.js';
export type { TeamProps } from './team.js';
export type { TicketTypeProps } from './ticket-type.js';

/** Constructor of a kind construct, as used by the manifest loader (spec is an untyped record there). */
export type KindClass = new (scope: Construct, id: string, props: ObjectProps<never>) => HaloObject;

/** Every kind construct by kind name. */
export const KIND_CLASSES: Record<KindName, KindClass> = {
  Department: Department as unknown as KindClass,
  Team: Team as unknown as KindClass,
  Role: Role as unknown as KindClass,
  Agent: Agent as unknown as KindClass,
  Application: Application as unknown as KindClass,
  TicketType: TicketType as unknown as KindClass,
  Settings: Settings as unknown as KindClass,
};
