/**
 * Dependency order of the desired objects: a topological sort, ties broken by the kind order
 * (RESOURCE_KINDS, the same order apply uses) then by name so the output is deterministic; when there
 * is a cycle, the loop itself for the error message.
 */
import { RESOURCE_KINDS, type KindName } from '../src/model/kinds.js';

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

/** A node in the ready queue, with its sort key computed once. */
interface Ready {
  node: GraphNode;
  rank: number;
  name: string;
  /** Arrival order: ties (equal kind and name) leave in the order they arrived. */
  seq: number;
}

function before(a: Ready, b: Ready): boolean {
  if (a.rank !== b.rank) return a.rank < b.rank;
  if (a.name !== b.name) return a.name < b.name;
  return a.seq < b.seq;
}

/**
 * The ready set as a binary heap ordered like `compare`: environments have thousands of objects,
 * and keeping a sorted array (an insertion moves every later element) was quadratic.
 */
class ReadyQueue {
  private readonly heap: Ready[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(node: GraphNode): void {
    const h = this.heap;
    // Ties leave in arrival order; the nodes ready at the start arrive in the input order.
    h.push({ node, rank: KIND_RANK.get(node.kind) ?? 0, name: node.name.toLowerCase(), seq: this.seq++ });
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(h[i] as Ready, h[parent] as Ready)) break;
      [h[i], h[parent]] = [h[parent] as Ready, h[i] as Ready];
      i = parent;
    }
  }

  pop(): GraphNode {
    const h = this.heap;
    const top = h[0] as Ready;
    const last = h.pop() as Ready;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l] as Ready, h[m] as Ready)) m = l;
        if (r < h.length && before(h[r] as Ready, h[m] as Ready)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as Ready, h[i] as Ready];
        i = m;
      }
    }
    return top.node;
  }
}

/** Kahn's algorithm; the next object is always the first ready one by (kind order, name). */
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
  const ready = new ReadyQueue();
  for (const n of nodes) if (pending.get(n.address) === 0) ready.push(n);
  const order: GraphNode[] = [];
  while (ready.size > 0) {
    const next = ready.pop();
    order.push(next);
    for (const dep of dependents.get(next.address) ?? []) {
      const left = (pending.get(dep) ?? 0) - 1;
      pending.set(dep, left);
      if (left === 0) ready.push(byAddress.get(dep) as GraphNode);
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
