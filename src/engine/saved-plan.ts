/**
 * A saved plan is applied exactly as reviewed. Apply builds its request bodies from the manifests
 * (one algorithm for plan and apply), so before applying a saved plan the CLI re-plans from the
 * current manifests and a fresh read, and compares: the desired side (`after`) tells whether the
 * manifests were edited; actions, requests and live ids tell whether Halo moved (with findStale,
 * which compares live fingerprints). Only an unchanged plan is applied.
 */
import type { Plan, ResourceChange } from '../model/plan.js';
import { stableStringify } from './canonical.js';

function index(plan: Plan): Map<string, ResourceChange> {
  return new Map(plan.resource_changes.map((c) => [c.address, c]));
}

/** Addresses of the saved plan whose desired fields differ now, or that left the manifests. */
export function editedSincePlan(saved: Plan, fresh: Plan): string[] {
  const now = index(fresh);
  return saved.resource_changes
    .filter((c) => {
      const f = now.get(c.address);
      return !f || stableStringify(f.change.after) !== stableStringify(c.change.after);
    })
    .map((c) => c.address);
}

/** Addresses of the saved plan that would now get another action, request or live object. */
export function plannedDifferently(saved: Plan, fresh: Plan): string[] {
  const now = index(fresh);
  const shape = (c: ResourceChange) => stableStringify({ actions: c.change.actions, request: c.request ?? null, live_id: c.live_id ?? null });
  return saved.resource_changes
    .filter((c) => {
      const f = now.get(c.address);
      return !f || shape(f) !== shape(c);
    })
    .map((c) => c.address);
}
