/**
 * A saved plan is applied exactly as reviewed, or not at all (issue 9 §1).
 *
 * - The file is bound to its contents: `digest` is the sha256 of the plan document without that
 *   key, as canonical JSON (keys sorted at every depth, no whitespace). `show` and `apply FILE`
 *   refuse a file whose digest does not match, so deleting entries or editing the summary is
 *   caught before anything is read.
 * - Apply builds its request bodies from the manifests (one algorithm for plan and apply), so before
 *   applying a saved plan the CLI re-plans from the current manifests and a fresh read and compares
 *   the two entry by entry, in both directions: the desired side (`after`) tells whether the
 *   manifests were edited, the live fingerprints (findStale) whether Halo moved; any other
 *   difference means the file itself was changed (its digest recomputed), and is refused as such.
 */
import type { Plan, ResourceChange } from '../model/plan.js';
import { diffCanonical } from './diff.js';
import { fingerprint, stableStringify } from './canonical.js';

/** `sha256:<hex>` of a plan document without its `digest` key, as canonical JSON. */
export function planDigest(doc: object): string {
  const { digest: _ignored, ...rest } = doc as Record<string, unknown>;
  return `sha256:${fingerprint(rest)}`;
}

/** The plan with its digest (computed last: any later change to the plan breaks it). */
export function sealPlan(plan: Plan): Plan {
  const { digest: _ignored, ...rest } = plan;
  return { ...rest, digest: planDigest(rest) };
}

/** Why a plan document's digest does not vouch for it, or undefined when it does. */
export function digestProblem(doc: Record<string, unknown>): 'missing' | 'mismatch' | undefined {
  const digest = doc.digest;
  if (typeof digest !== 'string' || digest === '') return 'missing';
  return digest === planDigest(doc) ? undefined : 'mismatch';
}

/** One address (or plan key) of a saved plan that a fresh plan disagrees with, and why. */
export interface PlanDifference {
  address: string;
  why: string;
}

/** How a saved plan differs from a fresh one, by cause; apply refuses on the first non-empty list. */
export interface SavedPlanDifferences {
  /** The manifests say something else now. */
  edited: PlanDifference[];
  /** Halo changed since the plan (from findStale, plus objects that now exist or are gone). */
  stale: PlanDifference[];
  /** Neither explains it: the file was changed after it was made. */
  modified: PlanDifference[];
}

/** What the comparison needs besides the two plans. */
export interface CompareContext {
  /** Why each saved entry is stale, by address (findStale). */
  stale: ReadonlyMap<string, string>;
  /** Whether the manifests declare this address now. */
  declared(address: string): boolean;
  /** Why two entries that differ are explained by Halo (ids of objects they refer to moved), if they are (staleReferences). */
  drift(saved: ResourceChange, fresh: ResourceChange): string | undefined;
}

/** The parts of an entry a fresh plan must reproduce exactly (source positions are not applied). */
function comparable(c: ResourceChange): Record<string, unknown> {
  const { source: _source, live_fingerprint: _fingerprint, ...rest } = c;
  return { ...rest, field_changes: c.field_changes.map(({ source: _s, ...f }) => f) };
}

/** The keys of two entries whose compared values differ (empty: the entries agree). */
function differingKeys(saved: ResourceChange, fresh: ResourceChange): string[] {
  const a = comparable(saved);
  const b = comparable(fresh);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => stableStringify(a[k]) !== stableStringify(b[k])).sort();
}

function summaryWords(s: Plan['summary']): string {
  return `${s.add} to add, ${s.change} to change, ${s.destroy} to destroy`;
}

/** Compares a saved plan with a fresh plan of the same manifests and tenant (see the file comment). */
export function compareSavedPlan(saved: Plan, fresh: Plan, ctx: CompareContext): SavedPlanDifferences {
  const out: SavedPlanDifferences = { edited: [], stale: [], modified: [] };
  const now = new Map(fresh.resource_changes.map((c) => [c.address, c]));
  const then = new Map(saved.resource_changes.map((c) => [c.address, c]));
  for (const c of saved.resource_changes) {
    const f = now.get(c.address);
    const staleWhy = ctx.stale.get(c.address);
    if (f && stableStringify(f.change.after) !== stableStringify(c.change.after)) {
      const paths = diffCanonical(c.change.after, f.change.after).map((d) => d.path);
      out.edited.push({ address: c.address, why: `its manifest changed${paths.length > 0 ? ` (${paths.join(', ')})` : ''}` });
    } else if (!f && !ctx.declared(c.address)) out.edited.push({ address: c.address, why: 'no longer in the manifests' });
    else if (staleWhy) out.stale.push({ address: c.address, why: staleWhy });
    else if (!f) out.modified.push({ address: c.address, why: 'not in a fresh plan' });
    else {
      const keys = differingKeys(c, f);
      // Only the request differs, where ids of referenced objects are: Halo moved, not the file.
      const drift = keys.length === 1 && keys[0] === 'request' ? ctx.drift(c, f) : undefined;
      if (drift) out.stale.push({ address: c.address, why: drift });
      else if (keys.length > 0) out.modified.push({ address: c.address, why: `its ${keys.join(', ')} differ${keys.length === 1 ? 's' : ''}` });
    }
  }
  for (const f of fresh.resource_changes) {
    if (then.has(f.address)) continue;
    // An absent object that was gone when the plan was made, and is back.
    if (f.change.actions.includes('delete')) out.stale.push({ address: f.address, why: 'created in Halo since the plan was made' });
    else out.edited.push({ address: f.address, why: 'in the manifests but not in the saved plan' });
  }
  if (out.edited.length + out.stale.length + out.modified.length > 0) return out;
  const order = (p: Plan) => p.resource_changes.map((c) => c.address).join('\n');
  if (order(saved) !== order(fresh)) out.modified.push({ address: 'resource_changes', why: 'the entries are in another order than a fresh plan puts them' });
  if (stableStringify(saved.summary) !== stableStringify(fresh.summary)) {
    out.modified.push({ address: 'summary', why: `${summaryWords(saved.summary)} in the file; a fresh plan has ${summaryWords(fresh.summary)}` });
  }
  return out;
}
