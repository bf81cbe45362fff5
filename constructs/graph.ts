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

function compare(a: GraphNode, b: GraphNode): number {
  const k = RESOURCE_KINDS.indexOf(a.kind) - RESOURCE_KINDS.indexOf(b.kind);
  if (k !== 0) return k;
  return a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0;
}

/** Kahn's algorithm; the ready set is kept sorted by (kind order, name). */
export function topologicalOrder(nodes: GraphNode[]): OrderResult {
  const byAddress = new Map(nodes.map((n) => [n.address, n]));
  const pending = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const n of nodes) {
    const deps = [...new Set(n.dependsOn)].filter((d) => byAddress.has(d));
    pending.set(n.address, deps.length);
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), n.address]);
  }
  const ready = nodes.filter((n) => pending.get(n.address) === 0).sort(compare);
  const order: GraphNode[] = [];
  while (ready.length > 0) {
    const next = ready.shift() as GraphNode;
    order.push(next);
    for (const dep of dependents.get(next.address) ?? []) {
      const left = (pending.get(dep) ?? 0) - 1;
      pending.set(dep, left);
      if (left === 0) {
        ready.push(byAddress.get(dep) as GraphNode);
        ready.sort(compare);
      }
    }
  }
  if (order.length === nodes.length) return { order };
  return { cycle: findCycle(nodes.filter((n) => (pending.get(n.address) ?? 0) > 0), byAddress) };
}

/** Depth-first search for a back edge among the nodes Kahn's algorithm could not place. */
function findCycle(stuck: GraphNode[], byAddress: Map<string, GraphNode>): string[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (address: string): string[] | undefined => {
    state.set(address, 'visiting');
    stack.push(address);
    for (const dep of [...(byAddress.get(address)?.dependsOn ?? [])].sort()) {
      if (!byAddress.has(dep)) continue;
      if (state.get(dep) === 'visiting') return [...stack.slice(stack.indexOf(dep)), dep];
      if (!state.has(dep)) {
        const found = visit(dep);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(address, 'done');
    return undefined;
  };
  for (const n of [...stuck].sort(compare)) {
    if (state.has(n.address)) continue;
    const found = visit(n.address);
    if (found) return found;
  }
  return stuck.map((n) => n.address);
}
