/**
 * The kind registry: one line per kind. Adding a kind = one handler file + one line here (plus its
 * schema and construct; test/kinds/registry.test.ts checks all three exist).
 */
import type { KindName } from '../manifest/types.js';
import type { AnyKindHandler, KindHandler } from './types.js';
import { departmentHandler } from './department.js';
import { teamHandler } from './team.js';
import { roleHandler } from './role.js';
import { agentHandler } from './agent.js';
import { applicationHandler } from './application.js';
import { ticketTypeHandler } from './ticket-type.js';
import { settingsHandler } from './settings.js';

function erase<S extends object>(h: KindHandler<S>): AnyKindHandler {
  return h as unknown as AnyKindHandler;
}

/** Every kind's handler, by kind name. */
export const HANDLERS: Readonly<Record<KindName, AnyKindHandler>> = {
  Department: erase(departmentHandler),
  Team: erase(teamHandler),
  Role: erase(roleHandler),
  Agent: erase(agentHandler),
  Application: erase(applicationHandler),
  TicketType: erase(ticketTypeHandler),
  Settings: erase(settingsHandler),
};

/** The handler of a kind. */
export function handlerFor(kind: KindName): AnyKindHandler {
  return HANDLERS[kind];
}

/**
 * Kinds in dependency order (topological over `dependsOn`, ties in RESOURCE_KINDS order).
 * Throws, naming the loop, if handlers ever declare a cycle.
 */
export function kindOrder(): KindName[] {
  const kinds = Object.keys(HANDLERS) as KindName[];
  const done: KindName[] = [];
  const visiting: KindName[] = [];
  const visit = (k: KindName): void => {
    if (done.includes(k)) return;
    if (visiting.includes(k)) throw new Error(`kind dependency cycle: ${[...visiting, k].join(' -> ')}`);
    visiting.push(k);
    for (const d of HANDLERS[k].dependsOn) visit(d);
    visiting.pop();
    done.push(k);
  };
  kinds.forEach(visit);
  return done;
}

export type { KindHandler, AnyKindHandler, KindContext, LiveObject, LiveId } from './types.js';
