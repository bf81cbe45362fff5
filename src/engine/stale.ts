/**
 * Saved-plan staleness: recompute each change's live fingerprint from a fresh snapshot (read for
 * the same desired state) and report the addresses whose live object changed or disappeared.
 */
import type { Plan } from '../model/plan.js';
import { buildContext } from './context.js';
import type { LiveSnapshot } from './live.js';
import { liveFingerprint } from './request.js';

/** Addresses whose live_fingerprint no longer matches `live` (the snapshot must come from readLive). */
export function findStale(plan: Plan, live: LiveSnapshot): string[] {
  const desired = live.desired ?? [];
  const stale: string[] = [];
  if (!live.catalog) throw new Error('internal: findStale needs a snapshot from readLive');
  const ctx = buildContext(desired, live.catalog, live, 'plan');
  for (const c of plan.resource_changes) {
    const obj = desired.find((o) => o.address === c.address);
    if (c.live_fingerprint === undefined) {
      // A planned create whose object now exists live was made by someone else meanwhile.
      if (c.change.actions.includes('create') && obj && ctx.matchOf(obj)) stale.push(c.address);
      continue;
    }
    const liveObj = ctx.index(c.kind).get(c.live_id);
    if (!obj || !liveObj) {
      stale.push(c.address);
      continue;
    }
    try {
      if (liveFingerprint(obj, liveObj, ctx) !== c.live_fingerprint) stale.push(c.address);
    } catch {
      stale.push(c.address);
    }
  }
  return stale;
}
