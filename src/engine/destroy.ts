/**
 * What a destroy shows (issue 10 §2), as Terraform does: the whole live object, not only the
 * fields its manifest names, and what depends on it. A deleted object whose kind's list lacks
 * exported fields (agents, roles, ticket types, webhooks) gets one detail read (live.ts), so its
 * `before` holds every field the kind exports; its dependents come from the lists already read:
 * the live objects whose exported references name it
 * (agents that are members of a team, applications logging in as an agent, ticket types
 * defaulting to a team, teams in a department). The kinds that may refer to a deleted kind are
 * listed too when the plan would not read them otherwise (`dependentKinds`, one list call each).
 */
import type { DesiredObject } from '../model/desired.js';
import { addressOf, naturalKey, type KindName } from '../model/kinds.js';
import type { Canonical, Dependent } from '../model/plan.js';
import { handlerFor, kindOrder } from '../kinds/index.js';
import type { KindContext, LiveObject } from '../kinds/types.js';
import type { LiveSnapshot } from './live.js';

/**
 * The live object as a destroy shows it: its name and every exported field, from its detail when
 * the read made one (readLive reads a destroyed object whose kind's list lacks exported fields),
 * else from what its list form has.
 */
export function destroyedObject(obj: DesiredObject, live: LiveObject, ctx: KindContext): Canonical {
  const h = handlerFor(obj.kind);
  const spec = h.toSpec(live, ctx, { listOnly: live.detailed !== true }) as Record<string, unknown>;
  const c = h.normalize(live, spec, ctx);
  return h.singleton ? c : { name: live.name, ...c };
}

/** Kinds whose objects may refer to objects of `kind` (their handler depends on it). */
function referringKinds(kind: KindName): KindName[] {
  return kindOrder().filter((k) => handlerFor(k).dependsOn.includes(kind));
}

/** Kinds a desired state's deletes need listed to find their dependents. */
export function dependentKinds(objects: readonly DesiredObject[]): KindName[] {
  const kinds = new Set<KindName>();
  for (const o of objects) if (o.absent) for (const k of referringKinds(o.kind)) kinds.add(k);
  return [...kinds];
}

/**
 * For each deleted object (by address), the live objects that refer to it, sorted by address;
 * objects this plan deletes too are left out (nothing of theirs survives to break).
 */
export function dependentsOf(deleted: readonly { obj: DesiredObject; live: LiveObject }[], live: LiveSnapshot, ctx: KindContext): Map<string, Dependent[]> {
  const out = new Map<string, Dependent[]>();
  if (deleted.length === 0) return out;
  // By the declared name and the live one (references by name read the live spelling).
  const targets = new Map(deleted.flatMap((d) => [d.obj.name, d.live.name].map((n) => [`${d.obj.kind}/${naturalKey(n)}`, d.obj] as const)));
  const gone = new Set(deleted.map((d) => `${d.obj.kind}/${String(d.live.id)}`));
  const wanted = new Set(deleted.flatMap((d) => referringKinds(d.obj.kind)));
  for (const kind of kindOrder()) {
    if (!wanted.has(kind)) continue;
    const h = handlerFor(kind);
    for (const o of live.objects[kind] ?? []) {
      if (gone.has(`${kind}/${String(o.id)}`)) continue;
      const spec = h.toSpec(o, ctx, { listOnly: true }) as Record<string, unknown>;
      const address = addressOf(kind, ctx.nameOf(kind, o.id) ?? o.name);
      for (const ref of h.references(spec)) {
        const target = targets.get(`${ref.kind}/${naturalKey(ref.name)}`);
        if (!target) continue;
        const list = out.get(target.address) ?? [];
        const reason = `${ref.relation ?? 'refers to'} ${target.address}`;
        if (!list.some((d) => d.address === address && d.reason === reason)) list.push({ address, reason });
        out.set(target.address, list);
      }
    }
  }
  for (const list of out.values()) list.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : a.reason < b.reason ? -1 : 1));
  return out;
}
