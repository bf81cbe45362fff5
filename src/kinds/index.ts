/**
 * The kind registry: ONE line per kind, pairing the construct that models and validates it
 * (constructs/kinds/<kind>.ts, which also owns its Spec type and reference extraction) with the
 * handler that reads and writes it (src/kinds/<kind>.ts). Its schema is found by name
 * (schemas/<kind>.schema.json); the manifest envelope is generated (scripts/gen-manifest-schema.ts).
 * The kind order is RESOURCE_KINDS (src/manifest/types.ts); `KINDS` is typed by it, so the compiler
 * demands a line here for every kind there and refuses a line for an unknown kind.
 * test/kinds/registry.test.ts checks that every kind has all its parts.
 */
import type { Construct } from 'constructs';
import { RESOURCE_KINDS, type KindName } from '../model/kinds.js';
import type { HaloObject, ObjectProps } from '../../constructs/object.js';
import { Agent } from '../../constructs/kinds/agent.js';
import { Application } from '../../constructs/kinds/application.js';
import { Department } from '../../constructs/kinds/department.js';
import { Role } from '../../constructs/kinds/role.js';
import { Settings } from '../../constructs/kinds/settings.js';
import { Team } from '../../constructs/kinds/team.js';
import { TicketType } from '../../constructs/kinds/ticket-type.js';
import type { AnyKindHandler, KindHandler } from './types.js';
import { agentHandler } from './agent.js';
import { applicationHandler } from './application.js';
import { departmentHandler } from './department.js';
import { roleHandler } from './role.js';
import { settingsHandler } from './settings.js';
import { teamHandler } from './team.js';
import { ticketTypeHandler } from './ticket-type.js';

/** Constructor of a kind construct, as the manifest loader uses it (the spec is untyped there). */
export type KindClass = new (scope: Construct, id: string, props: ObjectProps<never>) => HaloObject;

/** Everything the tool knows about one kind. */
export interface KindEntry {
  readonly construct: KindClass;
  readonly handler: AnyKindHandler;
}

/** Pairs a construct with its handler; the compiler checks that both speak the same Spec type. */
function kind<S extends object>(
  construct: new (scope: Construct, id: string, props: ObjectProps<S>) => HaloObject<S>,
  handler: KindHandler<S>,
): KindEntry {
  return { construct: construct as unknown as KindClass, handler: handler as unknown as AnyKindHandler };
}

/** THE registry: kind name -> construct + handler. */
export const KINDS: { readonly [K in KindName]: KindEntry } = {
  Department: kind(Department, departmentHandler),
  Team: kind(Team, teamHandler),
  Role: kind(Role, roleHandler),
  TicketType: kind(TicketType, ticketTypeHandler),
  Agent: kind(Agent, agentHandler),
  Application: kind(Application, applicationHandler),
  Settings: kind(Settings, settingsHandler),
};

/** Every kind's handler, by kind name (derived from KINDS). */
export const HANDLERS: Readonly<Record<KindName, AnyKindHandler>> = Object.fromEntries(
  RESOURCE_KINDS.map((k) => [k, KINDS[k].handler]),
) as Record<KindName, AnyKindHandler>;

/** The handler of a kind. */
export function handlerFor(kind: KindName): AnyKindHandler {
  return KINDS[kind].handler;
}

/** The construct class of a kind. */
export function constructFor(kind: KindName): KindClass {
  return KINDS[kind].construct;
}

/**
 * `kinds` as given, after checking that each kind comes after every kind it depends on; a kind
 * depending on a later one is a registry bug, reported naming both kinds.
 */
export function checkedKindOrder(kinds: readonly KindName[], dependsOn: (kind: KindName) => readonly KindName[]): KindName[] {
  kinds.forEach((k, i) => {
    for (const d of dependsOn(k)) {
      if (kinds.indexOf(d) < 0 || kinds.indexOf(d) >= i) throw new Error(`kind order: ${k} depends on ${d}, which does not come before it in RESOURCE_KINDS`);
    }
  });
  return [...kinds];
}

/**
 * Kinds in dependency order: RESOURCE_KINDS, the one kind order (constructs/graph.ts breaks ties
 * with it too, so validate and apply agree), checked against the handlers' `dependsOn`.
 */
export function kindOrder(): KindName[] {
  return checkedKindOrder(RESOURCE_KINDS, (k) => KINDS[k].handler.dependsOn);
}

export type { KindHandler, AnyKindHandler, KindContext, LiveObject, LiveId } from './types.js';
