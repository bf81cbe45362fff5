/**
 * Apply order: changes grouped by dependency level (an object comes after the changing objects it
 * references), then by kind in handler dependency order. Each group is one kind at one level and
 * goes as POST arrays in batches; deletes run last, in reverse.
 */
import type { KindName } from '../model/kinds.js';
import { kindOrder } from '../kinds/index.js';
import type { ResourceChange } from '../model/plan.js';

/** One kind at one dependency level. */
export interface ApplyGroup {
  level: number;
  kind: KindName;
  changes: ResourceChange[];
}

/** True when the change writes through POST (create or update). */
export function isWrite(c: ResourceChange): boolean {
  return c.change.actions.includes('create') || c.change.actions.includes('update');
}

/** True when the change is a delete. */
export function isDelete(c: ResourceChange): boolean {
  return c.change.actions.includes('delete');
}

/** Creates/updates grouped in the order apply sends them. */
export function applyGroups(changes: readonly ResourceChange[]): ApplyGroup[] {
  const writes = changes.filter(isWrite);
  const byAddress = new Map(writes.map((c) => [c.address, c]));
  const levels = new Map<string, number>();
  const levelOf = (c: ResourceChange, path: string[]): number => {
    const known = levels.get(c.address);
    if (known !== undefined) return known;
    if (path.includes(c.address)) throw new Error(`dependency cycle: ${[...path, c.address].join(' -> ')}`);
    let level = 0;
    for (const dep of c.depends_on) {
      const d = byAddress.get(dep);
      if (d) level = Math.max(level, levelOf(d, [...path, c.address]) + 1);
    }
    levels.set(c.address, level);
    return level;
  };
  const order = kindOrder();
  const groups = new Map<string, ApplyGroup>();
  for (const c of writes) {
    const level = levelOf(c, []);
    const key = `${level}/${c.kind}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { level, kind: c.kind, changes: [] }));
    g.changes.push(c);
  }
  return [...groups.values()].sort((a, b) => a.level - b.level || order.indexOf(a.kind) - order.indexOf(b.kind));
}

/** Deletes in reverse dependency order (dependents first). */
export function deleteOrder(changes: readonly ResourceChange[]): ResourceChange[] {
  const order = kindOrder();
  return changes.filter(isDelete).sort((a, b) => order.indexOf(b.kind) - order.indexOf(a.kind));
}

/** POST requests apply will need at this batch size, plus one request per delete. */
export function applyEstimate(changes: readonly ResourceChange[], batchSize: number): number {
  const posts = applyGroups(changes).reduce((n, g) => n + Math.ceil(g.changes.length / Math.max(1, batchSize)), 0);
  return posts + changes.filter(isDelete).length;
}
