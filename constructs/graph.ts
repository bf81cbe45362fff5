/**
 * Dependency order of the desired objects: a topological sort, ties broken by the kind order
 * (RESOURCE_KINDS, the same order apply uses) then by name so the output is deterministic; when there
 * is a cycle, the loop itself for the error message.
 */
import { RESOURCE_KINDS, type KindName } from '../src/manifest/types.js';

/** One object in the graph: its address and the addresses it must come after. */
export interface GraphNode {
  address: string;
  kind: KindName;
  name: string;
  dependsOn: string[];
}

/** Sorted nodes, or the first cycle found (`[a, b, a]`). */
export type OrderResult = { order: GraphNode[]; cycle?: undefined } | { order?: undefined; cycle: string[] };

const KIND_RANK = new Map<KindName, number>(RESOURCE_KINDS.map((k, i) => [k, i]));

function compare(a: GraphNode, b: GraphNode): number {
  const k = (KIND_RANK.get(a.kind) ?? 0) - (KIND_RANK.get(b.kind) ?? 0);
  if (k !== 0) return k;
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Inserts `node` into `list`, sorted from index `from` on (binary search: environments have thousands of objects). */
function insertSorted(list: GraphNode[], node: GraphNode, from: number): void {
  let lo = from;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(list[mid] as GraphNode, node) <= 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, node);
}

/** Kahn's algorithm; the ready set is kept sorted by (kind order, name). */
export function topologicalOrder(nodes: GraphNode[]): OrderResult {
  const byAddress = new Map(nodes.map((n) => [n.address, n]));
  const pending = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const n of nodes) {
    const deps = [...new Set(n.dependsOn)].filter((d) => byAddress.has(d));
    pending.set(n.address, deps.length);
    for (const d of deps) {
      const list = dependents.get(d);
      if (list) list.push(n.address);
      else dependents.set(d, [n.address]);
    }
  }
  const ready = nodes.filter((n) => pending.get(n.address) === 0).sort(compare);
  const order: GraphNode[] = [];
  // `ready` is consumed from the front by index instead of shift(), which is O(n) per call.
  for (let i = 0; i < ready.length; i++) {
    const next = ready[i] as GraphNode;
    order.push(next);
    for (const dep of dependents.get(next.address) ?? []) {
      const left = (pending.get(dep) ?? 0) - 1;
      pending.set(dep, left);
      if (left === 0) {
        // The not-yet-consumed part (after i) stays sorted.
        insertSorted(ready, byAddress.get(dep) as GraphNode, i + 1);
      }
    }
  }
  if (order.length === nodes.length) return { order };
  return { cycle: findCycle(nodes.filter((n) => (pending.get(n.address) ?? 0) > 0), byAddress) };
}

/**
 * Depth-first search for a back edge among the nodes Kahn's algorithm could not place, with an
 * explicit stack: a chain of dependencies may be as long as the environment (TypeScript users add
 * dependencies freely), and recursion that deep overflows the call stack.
 */
function findCycle(stuck: GraphNode[], byAddress: Map<string, GraphNode>): string[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const open: { address: string; deps: string[]; next: number }[] = [];
  const enter = (address: string) => {
    state.set(address, 'visiting');
    path.push(address);
    open.push({ address, deps: [...(byAddress.get(address)?.dependsOn ?? [])].filter((d) => byAddress.has(d)).sort(), next: 0 });
  };
  for (const n of [...stuck].sort(compare)) {
    if (state.has(n.address)) continue;
    enter(n.address);
    while (open.length > 0) {
      const top = open[open.length - 1] as (typeof open)[number];
      if (top.next === top.deps.length) {
        open.pop();
        path.pop();
        state.set(top.address, 'done');
        continue;
      }
      const dep = top.deps[top.next++] as string;
      if (state.get(dep) === 'visiting') return [...path.slice(path.indexOf(dep)), dep];
      if (!state.has(dep)) enter(dep);
    }
  }
  return stuck.map((n) => n.address);
}
