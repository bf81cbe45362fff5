/**
 * Counting what was seen where: per finding, the agents and roles it was seen on, so observations
 * say "on 1 agent and 2 roles" and the text renderer can name them (markdown and JSON never do).
 */
import type { Holder } from './tenant.js';
import { onHolders } from './words.js';

/** One finding and the objects it was seen on. */
export interface Seen<T> {
  item: T;
  agents: Set<string>;
  roles: Set<string>;
}

/** Findings keyed by a string, in first-seen order. */
export class Tally<T> {
  private readonly seen = new Map<string, Seen<T>>();

  /** Records `item` (the first one stored per key is kept) as seen on `holder`; returns the finding. */
  add(key: string, item: T, holder: Holder): Seen<T> {
    let s = this.seen.get(key);
    if (!s) {
      s = { item, agents: new Set(), roles: new Set() };
      this.seen.set(key, s);
    }
    (holder.kind === 'agent' ? s.agents : s.roles).add(holder.address);
    return s;
  }

  /** Every finding, in first-seen order. */
  all(): Seen<T>[] {
    return [...this.seen.values()];
  }

  get size(): number {
    return this.seen.size;
  }
}

/** `on 1 agent and 2 roles` for one finding. */
export function where(s: Seen<unknown>): string {
  return onHolders(s.agents.size, s.roles.size);
}

/** Every address a set of findings was seen on, sorted, agents first. */
export function addresses(findings: readonly Seen<unknown>[]): string[] {
  const agents = new Set(findings.flatMap((f) => [...f.agents]));
  const roles = new Set(findings.flatMap((f) => [...f.roles]));
  return [...[...agents].sort(), ...[...roles].sort()];
}
