/** Registry of the kinds the simulator serves, by lower-cased route name (routes are case-insensitive). */
import type { KindDef } from './types.js';
import { agentKind } from './agent.js';
import { teamKind } from './team.js';
import { rolesKind } from './roles.js';
import { ticketTypeKind } from './ticket-type.js';
import { applicationKind } from './application.js';
import { controlKind } from './control.js';
import { topLevelKind } from './top-level.js';
import { organisationKind } from './organisation.js';
import { webhookKind } from './webhook.js';
import { featuresKind } from './features.js';
import { clientKind } from './client.js';
import { fieldInfoKind } from './field-info.js';

/** Every served kind. */
export const kinds: readonly KindDef[] = [
  agentKind,
  teamKind,
  rolesKind,
  ticketTypeKind,
  applicationKind,
  controlKind,
  topLevelKind,
  organisationKind,
  webhookKind,
  featuresKind,
  clientKind,
  fieldInfoKind,
];

const byRoute = new Map(kinds.map((k) => [k.route.toLowerCase(), k]));

/** The kind served at /api/<route>, matched case-insensitively. */
export function kindForRoute(route: string): KindDef | undefined {
  return byRoute.get(route.toLowerCase());
}
