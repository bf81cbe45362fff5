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
 * - Everything a reviewer judged is compared, not only what apply sends: each entry's
 *   `depends_on`, risks and source positions, and the plan's warnings, unmanaged list and API
 *   call counts. The digest only detects accidents (anyone can recompute it); this re-plan
 *   detects edits.
 */
import type { SourcePosition } from '../model/diagnostics.js';
import type { Plan, PlanDiagnostic, ResourceChange } from '../model/plan.js';
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
  /** Entries whose live_fingerprint matches neither the live object nor what the file shows of it, by address (findStale). */
  forged?: ReadonlyMap<string, string>;
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
      const forged = ctx.forged?.get(c.address);
      // Only the request differs, where ids of referenced objects are: Halo moved, not the file.
      const drift = keys.length === 1 && keys[0] === 'request' ? ctx.drift(c, f) : undefined;
      if (drift) out.stale.push({ address: c.address, why: drift });
      else if (keys.length > 0) out.modified.push({ address: c.address, why: `its ${keys.join(', ')} differ${keys.length === 1 ? 's' : ''}` });
      else if (forged) out.modified.push({ address: c.address, why: forged });
      else {
        const moved = sourceDifference(c, f);
        if (moved) out.edited.push({ address: c.address, why: moved });
      }
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
  // Objects nobody manages appear in Halo all the time: a difference there is staleness too (the
  // honest cause); an edit of the file's list is refused all the same.
  out.stale.push(...unmanagedDifferences(saved, fresh));
  out.modified.push(...warningDifferences(saved, fresh));
  if (stableStringify(saved.api_calls) !== stableStringify(fresh.api_calls)) {
    out.modified.push({ address: 'api_calls', why: `${callWords(saved.api_calls)} in the file; a fresh plan has ${callWords(fresh.api_calls)}` });
  }
  return out;
}

function at(p: SourcePosition | undefined): string {
  return p ? `${p.file}:${p.line}:${p.column}` : '(no position)';
}

/** Where an entry (or one of its field changes) is declared, if the file says otherwise than the manifests. */
function sourceDifference(saved: ResourceChange, fresh: ResourceChange): string | undefined {
  if (stableStringify(saved.source) !== stableStringify(fresh.source)) return `declared at ${at(saved.source)} in the plan, at ${at(fresh.source)} in the manifests`;
  const fields = (c: ResourceChange) => new Map(c.field_changes.map((f) => [f.path, f.source]));
  const then = fields(saved);
  for (const [path, source] of fields(fresh)) {
    if (stableStringify(then.get(path)) !== stableStringify(source)) return `${path} is at ${at(then.get(path))} in the plan, at ${at(source)} in the manifests`;
  }
  return undefined;
}

function callWords(c: Plan['api_calls']): string {
  return `${c.read} reads and about ${c.apply_estimate} apply calls`;
}

function warningWords(w: PlanDiagnostic): string {
  return `${w.source ? `${at(w.source)}: ` : ''}${w.address && !w.message.startsWith(w.address) ? `${w.address}: ` : ''}${w.message}`;
}

/** Warnings a fresh plan gives that the file lacks, and the other way round (a list in order, compared as a multiset). */
function warningDifferences(saved: Plan, fresh: Plan): PlanDifference[] {
  const count = (ws: readonly PlanDiagnostic[]) => {
    const m = new Map<string, { w: PlanDiagnostic; n: number }>();
    for (const w of ws) {
      const k = stableStringify(w);
      m.set(k, { w, n: (m.get(k)?.n ?? 0) + 1 });
    }
    return m;
  };
  const a = count(saved.warnings);
  const b = count(fresh.warnings);
  const out: PlanDifference[] = [];
  for (const [k, { w, n }] of b) if ((a.get(k)?.n ?? 0) < n) out.push({ address: 'warnings', why: `a fresh plan warns "${warningWords(w)}"; the file does not` });
  for (const [k, { w, n }] of a) if ((b.get(k)?.n ?? 0) < n) out.push({ address: 'warnings', why: `the file warns "${warningWords(w)}"; a fresh plan does not` });
  return out;
}

/** Live objects nobody manages that the file leaves out, adds, or shows with other risks (by address). */
function unmanagedDifferences(saved: Plan, fresh: Plan): PlanDifference[] {
  const byId = (p: Plan) => new Map((p.unmanaged ?? []).map((u) => [`${u.address}#${String(u.live_id)}`, u]));
  const a = byId(saved);
  const b = byId(fresh);
  const out: PlanDifference[] = [];
  const tail = 'or the file was changed';
  for (const [k, u] of b) {
    const s = a.get(k);
    const id = `id ${String(u.live_id)}`;
    if (!s) out.push({ address: u.address, why: `not managed by halo-iac (${id}) and not in the file's unmanaged list: created in Halo since the plan was made, ${tail}` });
    else if (stableStringify(s.risks) !== stableStringify(u.risks)) out.push({ address: u.address, why: `its risks as an unmanaged object (${id}) differ from the file's: changed in Halo since the plan was made, ${tail}` });
  }
  for (const [k, u] of a) {
    if (!b.has(k)) out.push({ address: u.address, why: `in the file's unmanaged list (id ${String(u.live_id)}) but not a fresh plan's: deleted or declared since the plan was made, ${tail}` });
  }
  // What the list did not check is part of what the reviewer read (QA: emptying it went unnoticed).
  const unchecked = (p: Plan) => new Set(p.unmanaged_unchecked ?? []);
  const [was, now] = [unchecked(saved), unchecked(fresh)];
  for (const line of now) if (!was.has(line)) out.push({ address: 'unmanaged_unchecked', why: `a fresh plan says "${line}"; the file does not, ${tail}` });
  for (const line of was) if (!now.has(line)) out.push({ address: 'unmanaged_unchecked', why: `the file says "${line}"; a fresh plan does not, ${tail}` });
  return out;
}
