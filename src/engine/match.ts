/**
 * Matching desired objects to live ones (issue 9 §2): by the `id:` the manifest pins, else by
 * natural key (naturalKey: NFC, trimmed, inner whitespace collapsed, case-insensitive), then by any
 * `previously` name (a rename). A name that two or more live objects share matches none of them:
 * the plan refuses the object, naming every live id, instead of managing whichever Halo listed
 * first. Singletons match their one live object whatever the names.
 */
import type { DesiredObject } from '../model/desired.js';
import type { KindName } from '../model/kinds.js';
import { addressOf, kindWords, naturalKey } from '../model/kinds.js';
import type { LiveObject } from '../kinds/types.js';
import { handlerFor } from '../kinds/index.js';

/** A live match and how it was found. */
export interface LiveMatch {
  live: LiveObject;
  /** Set when matched through `previously`, or through `id:` under another live name: the live name being renamed. */
  previousName?: string;
}

/** The identity fields of a desired object. */
type Identity = Pick<DesiredObject, 'name' | 'previously' | 'id'>;

/** Why a desired object matches no live object although Halo has candidates. */
export type MatchProblem =
  | { kind: 'ambiguous'; name: string; previously: boolean; live: readonly LiveObject[] }
  | { kind: 'missing-id'; id: string | number };

/** Live objects of one kind indexed by natural key and by id. */
export class LiveIndex {
  private readonly byKey = new Map<string, LiveObject[]>();
  private readonly byId = new Map<string, LiveObject>();

  constructor(readonly kind: KindName, readonly objects: readonly LiveObject[]) {
    for (const o of objects) {
      const k = naturalKey(o.name);
      const same = this.byKey.get(k);
      if (same) same.push(o);
      else this.byKey.set(k, [o]);
      this.byId.set(String(o.id), o);
    }
  }

  /** Every live object with this natural key (several when Halo holds duplicate names). */
  named(name: string): readonly LiveObject[] {
    return this.byKey.get(naturalKey(name)) ?? [];
  }

  /** The one live object with this name; undefined when there is none, or several. */
  byName(name: string): LiveObject | undefined {
    const all = this.named(name);
    return all.length === 1 ? all[0] : undefined;
  }

  get(id: unknown): LiveObject | undefined {
    return id === undefined || id === null ? undefined : this.byId.get(String(id));
  }

  /** Groups of two or more live objects sharing a natural key, in list order. */
  duplicates(): LiveObject[][] {
    return [...this.byKey.values()].filter((g) => g.length > 1);
  }

  /** The live object a desired object stands for, if exactly one. */
  match(obj: Identity): LiveMatch | undefined {
    if (obj.id !== undefined) {
      const live = this.get(obj.id);
      if (!live || (handlerFor(this.kind).singleton && live !== this.objects[0])) return undefined;
      return naturalKey(live.name) === naturalKey(obj.name) || handlerFor(this.kind).singleton ? { live } : { live, previousName: live.name };
    }
    if (handlerFor(this.kind).singleton) return this.objects[0] ? { live: this.objects[0] } : undefined;
    const direct = this.named(obj.name);
    if (direct.length > 1) return undefined;
    if (direct[0]) return { live: direct[0] };
    for (const old of obj.previously) {
      const found = this.named(old);
      if (found.length > 1) return undefined;
      if (found[0]) return { live: found[0], previousName: found[0].name };
    }
    return undefined;
  }

  /** Why `obj` matches nothing although it should have (a pinned id gone, a shared name), if so. */
  problem(obj: Identity): MatchProblem | undefined {
    if (obj.id !== undefined) return this.match(obj) ? undefined : { kind: 'missing-id', id: obj.id };
    if (handlerFor(this.kind).singleton) return undefined;
    const direct = this.named(obj.name);
    if (direct.length > 1) return { kind: 'ambiguous', name: obj.name, previously: false, live: direct };
    if (direct.length === 1) return undefined;
    for (const old of obj.previously) {
      const found = this.named(old);
      if (found.length > 1) return { kind: 'ambiguous', name: old, previously: true, live: found };
      if (found.length === 1) return undefined;
    }
    return undefined;
  }
}

function ids(live: readonly LiveObject[]): string {
  return live.map((o) => String(o.id)).join(', ');
}

function plural(kind: KindName): string {
  return `${kindWords(kind)}s`;
}

/** `3 live teams are named "Ops" (ids 3, 7, 9)`. */
function sharedName(kind: KindName, name: string, live: readonly LiveObject[], previously = false): string {
  return `${live.length} live ${plural(kind)} are named "${name}"${previously ? ' (previously)' : ''} (ids ${ids(live)})`;
}

/** The refusal of an object whose identity does not resolve to one live object. */
export function matchProblemMessage(kind: KindName, problem: MatchProblem): string {
  if (problem.kind === 'missing-id') {
    return `id: ${String(problem.id)} does not exist in Halo (no live ${kindWords(kind)} has it); correct the id, or remove it to match by name`;
  }
  const first = problem.live[0]?.id;
  const example = typeof first === 'string' ? JSON.stringify(first) : String(first);
  return `${sharedName(kind, problem.name, problem.live, problem.previously)}, so halo-iac cannot tell which one this is; rename all but one in Halo, or pin this object to one of them with an id: field (e.g. id: ${example})`;
}

/** The refusal of a reference by name to an undeclared name several live objects share. */
export function ambiguousReferenceMessage(path: string, kind: KindName, name: string, live: readonly LiveObject[]): string {
  return `${path} refers to ${addressOf(kind, name)}, but ${sharedName(kind, name, live)}; declare the one meant, pinned with an id: field, or rename all but one in Halo`;
}

/** The warning about live objects sharing a name that no manifest declares. */
export function undeclaredDuplicatesMessage(kind: KindName, live: readonly LiveObject[]): string {
  return `${sharedName(kind, live[0]?.name.trim() ?? '', live)}; no manifest declares them, so plan leaves them alone (to manage one, declare it pinned with an id: field)`;
}
