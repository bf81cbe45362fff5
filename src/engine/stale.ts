/**
 * Saved-plan staleness: recompute each change's live fingerprint from a fresh snapshot (read for
 * the same desired state) and say, per address, what changed in Halo: the compared fields whose
 * live values moved, or that the object was deleted or created there meanwhile.
 */
import type { Plan, ResourceChange } from '../model/plan.js';
import { addressOf } from '../model/kinds.js';
import type { DesiredObject } from '../model/desired.js';
import { buildContext, type EngineContext } from './context.js';
import { diffCanonical } from './diff.js';
import { handlerFor } from '../kinds/index.js';
import type { LiveSnapshot } from './live.js';
import { liveCanonical, liveFingerprint } from './request.js';
import { stableStringify } from './canonical.js';
import type { LiveIndex } from './match.js';

const SINCE = 'in Halo since the plan was made';

/**
 * Why each stale entry of `plan` is stale, by address (the snapshot must come from readLive), e.g.
 * `email changed in Halo since the plan was made`. Entries the manifests no longer declare are
 * not here: that is an edit, not staleness. An entry whose live_fingerprint matches neither the
 * live object nor the `before` the file shows, while that `before` is exactly the live object now,
 * had its fingerprint edited: it goes to `forged` (when given), not to the stale list.
 */
export function findStale(plan: Plan, live: LiveSnapshot, forged?: Map<string, string>): Map<string, string> {
  const desired = live.desired ?? [];
  const stale = new Map<string, string>();
  if (!live.catalog) throw new Error('internal: findStale needs a snapshot from readLive');
  const ctx = buildContext(desired, live.catalog, live, 'plan');
  for (const c of plan.resource_changes) {
    const obj = desired.find((o) => o.address === c.address);
    if (!obj) continue;
    if (c.live_fingerprint === undefined) {
      // A planned create whose object now exists live was made by someone else meanwhile.
      if (c.change.actions.includes('create') && ctx.matchOf(obj)) stale.set(c.address, `created ${SINCE}`);
      continue;
    }
    const liveObj = ctx.index(c.kind).get(c.live_id);
    if (!liveObj) {
      stale.set(c.address, `deleted ${SINCE}`);
      continue;
    }
    // The entry names a live object the manifests do not match: not a change in Halo, a file that
    // says something else than a fresh plan (compareSavedPlan reports it).
    if (ctx.matchOf(obj)?.live !== liveObj) continue;
    let now;
    try {
      if (liveFingerprint(obj, liveObj, ctx) === c.live_fingerprint) continue;
      now = liveCanonical(obj, liveObj, ctx);
    } catch {
      stale.set(c.address, `changed ${SINCE}`);
      continue;
    }
    if (stableStringify(c.change.before) === stableStringify(now)) {
      forged?.set(c.address, 'its live_fingerprint differs from the live object, which is what the file shows');
      continue;
    }
    const paths = diffCanonical(c.change.before, now, handlerFor(c.kind).sets).map((d) => d.path);
    stale.set(c.address, `${paths.length > 0 ? paths.join(', ') : 'it'} changed ${SINCE}`);
  }
  return stale;
}

/** Leaf values of a JSON value by path (`0.teams.1.team_id`). */
function leaves(v: unknown, path: string, out: Map<string, string>): Map<string, string> {
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, `${path}.${i}`, out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, `${path}.${k}`, out);
  else out.set(path, JSON.stringify(v ?? null));
  return out;
}

/**
 * When a saved entry's request differs from a fresh one only where the fresh request holds the id
 * of an object it refers to (a team deleted and re-created in Halo has a new id, while the agent's
 * own fields are unchanged), Halo moved: the references concerned, as a stale reason. Undefined
 * when anything else differs (then the file was changed). Returns the check for one snapshot.
 */
export function staleReferences(live: LiveSnapshot): (saved: ResourceChange, fresh: ResourceChange) => string | undefined {
  const { desired, catalog } = live;
  if (!desired || !catalog) return () => undefined;
  // Built once for all the entries of one saved plan, on the first that needs it.
  let built: { byAddress: Map<string, DesiredObject>; ctx: EngineContext } | undefined;
  return (saved, fresh) => {
    built ??= { byAddress: new Map(desired.map((o) => [o.address, o])), ctx: buildContext(desired, catalog, live, 'plan') };
    const obj = built.byAddress.get(saved.address);
    return obj ? movedReferences(saved, fresh, obj, built.ctx) : undefined;
  };
}

/** The body of staleReferences for one entry. */
function movedReferences(saved: ResourceChange, fresh: ResourceChange, obj: DesiredObject, ctx: EngineContext): string | undefined {
  const before = leaves(saved.request?.body, '', new Map());
  const after = leaves(fresh.request?.body, '', new Map());
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
  if (changed.length === 0) return undefined;
  const refs = handlerFor(obj.kind).references(obj.spec).map((r) => ({ kind: r.kind, address: addressOf(r.kind, r.name), id: JSON.stringify(ctx.idOf(r.kind, r.name) ?? null) }));
  const moved = new Set<string>();
  for (const k of changed) {
    // The saved id must be one the object could have had: gone from Halo now (ids are not reused),
    // and older than the new one. An id another live object holds is an edit of the file.
    const then = parsed(before.get(k));
    const ref = refs.filter((r) => r.id === after.get(k) && recreated(then, parsed(r.id), ctx.index(r.kind)));
    if (ref.length === 0) return undefined;
    for (const r of ref) moved.add(r.address);
  }
  return `${[...moved].join(', ')}, which it refers to, changed ${SINCE}`;
}

function parsed(json: string | undefined): unknown {
  return json === undefined ? undefined : JSON.parse(json);
}

/** Whether `then` can be the id of an object deleted from Halo and re-created there as `now`. */
function recreated(then: unknown, now: unknown, live: LiveIndex): boolean {
  if (typeof then !== 'number' && typeof then !== 'string') return false;
  if (live.get(then)) return false;
  return typeof then === 'number' && typeof now === 'number' ? then < now : true;
}
