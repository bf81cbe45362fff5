/**
 * The handler side of the kind registry: every kind of RESOURCE_KINDS (src/model/kinds.ts, THE
 * registry) has its handler in src/kinds/<kebab-kind>.ts, found by that name like its schema and
 * its construct (constructs/registry.ts). A handler is built on the kind's declaration (its field
 * table) plus its endpoint and hand-written parts (handler.ts). The kind order is RESOURCE_KINDS,
 * checked against each kind's `dependsOn`. test/kinds/registry.test.ts checks that every kind has
 * all its parts.
 */
import { constructFor, DECLARATIONS } from '../../constructs/registry.js';
import type { KindClass } from '../../constructs/kind.js';
import { kebabKind, RESOURCE_KINDS, type KindName } from '../model/kinds.js';
import type { AnyKindHandler } from './types.js';

/** Everything the tool knows about one kind. */
export interface KindEntry {
  readonly construct: KindClass;
  readonly handler: AnyKindHandler;
}

function isHandler(x: unknown): x is AnyKindHandler {
  return typeof x === 'object' && x !== null && typeof (x as AnyKindHandler).kind === 'string' && typeof (x as AnyKindHandler).toPayload === 'function';
}

/** The one handler a handler file exports; a file with none or several is a registry bug, named. */
function handlerIn(kind: KindName, file: string, mod: Record<string, unknown>): AnyKindHandler {
  const found = Object.values(mod).filter(isHandler);
  if (found.length !== 1 || found[0]?.kind !== kind) {
    throw new Error(`kind registry: ${file} must export exactly one handler of kind ${kind}; it exports ${found.map((h) => h.kind).join(', ') || 'none'}`);
  }
  return found[0];
}

// Loaded once, when the registry is first imported (ESM waits for it), by the kind's file name. A
// handler file must not import this module: the registry waits for the handler file.
const loaded = await Promise.all(
  RESOURCE_KINDS.map(async (kind) => {
    const file = kebabKind(kind);
    const mod = (await import(/* @vite-ignore */ `./${file}.js`)) as Record<string, unknown>;
    return [kind, { construct: DECLARATIONS[kind].construct, handler: handlerIn(kind, `src/kinds/${file}.ts`, mod) }] as const;
  }),
);

/** THE registry as the engine sees it: kind name -> construct + handler, in RESOURCE_KINDS order. */
export const KINDS: { readonly [K in KindName]: KindEntry } = Object.fromEntries(loaded) as { [K in KindName]: KindEntry };

/** Every kind's handler, by kind name (derived from KINDS). */
export const HANDLERS: Readonly<Record<KindName, AnyKindHandler>> = Object.fromEntries(
  RESOURCE_KINDS.map((k) => [k, KINDS[k].handler]),
) as Record<KindName, AnyKindHandler>;

/** The handler of a kind. */
export function handlerFor(kind: KindName): AnyKindHandler {
  return KINDS[kind].handler;
}

/** The handler of the kind halo-iac logs in as (`login: 'me'`) that says where that login's rights come from. */
export const LOGIN_HANDLER: AnyKindHandler | undefined = Object.values(HANDLERS).find((h) => h.login === 'me' && h.loginRights);

export { constructFor };

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
