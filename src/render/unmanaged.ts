/**
 * Shared reading of `plan.unmanaged` (issue 10 §3): live objects no manifest declares, privileged
 * ones first, capped so that a large tenant cannot flood a terminal or a PR comment. The JSON
 * view prints the list as given; text and markdown show the first MAX_UNMANAGED of this order.
 */
import type { Plan, UnmanagedObject } from '../model/plan.js';

/** Rows shown before "and N more". */
export const MAX_UNMANAGED = 20;

/** Most dangerous first: an unknown (newer) label ranks after the known ones, no label last. */
const RANK: Record<string, number> = {
  'admin-agent': 0,
  'role-administrator': 1,
  'scope-all': 2,
  'scope-admin': 3,
  'api-only-agent': 4,
};

function rank(u: UnmanagedObject): number {
  if (u.risks.length === 0) return Number.MAX_SAFE_INTEGER;
  return Math.min(...u.risks.map((r) => RANK[r] ?? Object.keys(RANK).length));
}

/** What a view shows: the first rows in privileged-first order (stable otherwise), and how many are left out. */
export interface UnmanagedView {
  shown: UnmanagedObject[];
  hidden: number;
  total: number;
  privileged: number;
}

/** The unmanaged objects to show, privileged first; `total` 0 when the plan lists none. */
export function unmanagedView(plan: Plan, max = MAX_UNMANAGED): UnmanagedView {
  const all = plan.unmanaged ?? [];
  const sorted = all.map((u, i) => ({ u, i })).sort((a, b) => rank(a.u) - rank(b.u) || a.i - b.i).map((x) => x.u);
  return {
    shown: sorted.slice(0, max),
    hidden: Math.max(0, sorted.length - max),
    total: sorted.length,
    privileged: sorted.filter((u) => u.risks.length > 0).length,
  };
}

/** `3 live objects no manifest declares (1 privileged)` */
export function unmanagedHeadline(v: UnmanagedView): string {
  const privileged = v.privileged > 0 ? ` (${v.privileged} privileged)` : '';
  return `${v.total} live object${v.total === 1 ? '' : 's'} no manifest declares${privileged}`;
}

/** `agent/Hand Admin (id 5): admin-agent, api-only-agent` */
export function unmanagedLine(u: UnmanagedObject): string {
  const risks = u.risks.length > 0 ? `: ${u.risks.join(', ')}` : '';
  return `${u.address} (id ${String(u.live_id)})${risks}`;
}
