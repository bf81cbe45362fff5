/**
 * The KindContext handlers use to resolve references: declared objects first (their names win,
 * including through `previously`), then live objects. In plan mode, ids of declared objects not
 * yet live are KNOWN_AFTER_APPLY; in apply mode, ids created earlier in the run are real.
 */
import type { Catalog } from '../model/catalog.js';
import type { DesiredObject } from '../model/desired.js';
import type { KindName } from '../model/kinds.js';
import { naturalKey } from '../model/kinds.js';
import { customerLookup } from '../kinds/lookup.js';
import { KNOWN_AFTER_APPLY, SENSITIVE_VALUE, type KindContext, type LiveId, type LiveObject } from '../kinds/types.js';
import { parseSecretSource, readSecretSource } from '../../constructs/secret/source.js';
import type { LiveSnapshot } from './live.js';
import { LiveIndex, type LiveMatch } from './match.js';

/** A KindContext plus the lookups the engine itself needs. */
export interface EngineContext extends KindContext {
  index(kind: KindName): LiveIndex;
  /** The declared object a name (or previous name) refers to. */
  declared(kind: KindName, name: string): DesiredObject | undefined;
  /** The live match of a declared object (cached). */
  matchOf(obj: DesiredObject): LiveMatch | undefined;
  /**
   * The `secretFrom` sources a payload asked for that hold nothing, since the caller last cleared
   * it: the request would go without its secret (plan warns, apply refuses: secret/unset-sources.ts).
   */
  readonly unsetSources: Set<string>;
}

/**
 * Builds the context. `created` maps addresses to ids created during apply (mutable, shared);
 * `sourced` collects the secret values apply read from their sources (secretFrom), so apply can
 * scrub them from its messages; `env` is where those sources are read (the command's environment).
 */
export function buildContext(
  objects: readonly DesiredObject[],
  catalog: Catalog,
  live: LiveSnapshot,
  mode: 'plan' | 'apply',
  created: Map<string, LiveId> = new Map(),
  sourced: Set<string> = new Set(),
  env: NodeJS.ProcessEnv = process.env,
): EngineContext {
  const indexes = new Map<KindName, LiveIndex>();
  const index = (kind: KindName): LiveIndex => {
    let i = indexes.get(kind);
    if (!i) indexes.set(kind, (i = new LiveIndex(kind, live.objects[kind] ?? [])));
    return i;
  };
  const declaredByKey = new Map<string, DesiredObject>();
  const k = (kind: KindName, name: string): string => `${kind}/${naturalKey(name)}`;
  for (const o of objects) declaredByKey.set(k(o.kind, o.name), o);
  for (const o of objects) for (const p of o.previously) if (!declaredByKey.has(k(o.kind, p))) declaredByKey.set(k(o.kind, p), o);
  const declared = (kind: KindName, name: string): DesiredObject | undefined => declaredByKey.get(k(kind, name));

  const unsetSources = new Set<string>();
  const matches = new Map<string, LiveMatch | undefined>();
  const matchOf = (obj: DesiredObject): LiveMatch | undefined => {
    if (!matches.has(obj.address)) matches.set(obj.address, index(obj.kind).match(obj));
    return matches.get(obj.address);
  };
  // live id -> the declared object standing for it (names of renamed objects show the new name).
  const declaredByLiveId = new Map<string, DesiredObject>();
  for (const o of objects) {
    const m = matchOf(o);
    if (m) declaredByLiveId.set(`${o.kind}/${String(m.live.id)}`, o);
  }
  // `${kind}/${id}` -> name of the objects apply created, indexed as `created` grows (apply adds to
  // it while this context is in use, each object once, so its size tells when to index again): a
  // scan of every created id per lookup made apply O(n²).
  const byAddress = new Map(objects.map((o) => [o.address, o]));
  const createdById = new Map<string, string>();
  let indexedCreated = 0;
  const createdName = (kind: KindName, id: LiveId): string | undefined => {
    if (created.size !== indexedCreated) {
      createdById.clear();
      for (const [address, cid] of created) {
        const o = byAddress.get(address);
        if (o && !createdById.has(`${o.kind}/${String(cid)}`)) createdById.set(`${o.kind}/${String(cid)}`, o.name);
      }
      indexedCreated = created.size;
    }
    return createdById.get(`${kind}/${String(id)}`);
  };
  // Every name of a kind is the same for the whole run (declared objects and the live read do not
  // change), so `members: all` on many agents builds it once per kind, not once per agent.
  const allNamesByKind = new Map<KindName, readonly string[]>();

  return {
    catalog,
    ...(live.customers ? { customers: customerLookup(live.customers) } : {}),
    index,
    declared,
    matchOf,
    idOf(kind, name) {
      const d = declared(kind, name);
      if (d) {
        const made = created.get(d.address);
        if (made !== undefined) return made;
        const m = matchOf(d);
        if (m) return m.live.id;
        return mode === 'plan' ? KNOWN_AFTER_APPLY : undefined;
      }
      return index(kind).byName(name)?.id;
    },
    nameOf(kind, id) {
      const d = declaredByLiveId.get(`${kind}/${String(id)}`);
      if (d) return d.name;
      const l: LiveObject | undefined = index(kind).get(id);
      return l?.name ?? createdName(kind, id);
    },
    displayName(kind, name) {
      return declared(kind, name)?.name ?? index(kind).byName(name)?.name ?? name;
    },
    undeclaredLive(kind, name) {
      return declared(kind, name) ? undefined : index(kind).byName(name)?.raw;
    },
    unsetSources,
    secretFrom(text) {
      const source = parseSecretSource(text);
      const value = source ? readSecretSource(source, env) : undefined;
      if (value === undefined) {
        unsetSources.add(text);
        return undefined;
      }
      if (mode === 'plan') return SENSITIVE_VALUE;
      sourced.add(value);
      return value;
    },
    allNames(kind) {
      let names = allNamesByKind.get(kind);
      if (!names) {
        const list = objects.filter((o) => o.kind === kind && !o.absent).map((o) => o.name);
        for (const l of index(kind).objects) {
          const d = declaredByLiveId.get(`${kind}/${String(l.id)}`);
          if (!d) list.push(l.name);
        }
        allNamesByKind.set(kind, (names = list));
      }
      return [...names];
    },
  };
}
