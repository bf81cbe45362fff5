/**
 * A saved plan is applied exactly as reviewed. Apply builds its request bodies from the manifests
 * (one algorithm for plan and apply), so before applying a saved plan the CLI re-plans from the
 * current manifests and the fresh read, and refuses unless every object in the saved plan would
 * get the same action, the same desired fields and the same request. Together with findStale
 * (the tenant side) this proves that what runs is what was reviewed.
 */
import type { Plan, ResourceChange } from './plan-types.js';
import { stableStringify } from './canonical.js';

/** What must not change between the reviewed plan and the run. */
function reviewed(c: ResourceChange): string {
  return stableStringify({ actions: c.change.actions, after: c.change.after, request: c.request ?? null, live_id: c.live_id ?? null });
}

/**
 * Addresses of the saved plan whose change would differ if planned now (manifests edited, an
 * object removed from them, or a different request body). Empty: the saved plan is still what
 * the manifests say.
 */
export function divergedFromManifests(saved: Plan, fresh: Plan): string[] {
  const now = new Map(fresh.resource_changes.map((c) => [c.address, c]));
  const out: string[] = [];
  for (const c of saved.resource_changes) {
    const f = now.get(c.address);
    if (!f || reviewed(f) !== reviewed(c)) out.push(c.address);
  }
  return out;
}
