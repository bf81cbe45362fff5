/**
 * Matching desired objects to live ones: by natural key (case-insensitive, trimmed), then by any
 * `previously` name (a rename). Singletons match their one live object whatever the names.
 */
import type { DesiredObject } from '../model/desired.js';
import type { KindName } from '../model/kinds.js';
import { naturalKey } from '../model/kinds.js';
import type { LiveObject } from '../kinds/types.js';
import { handlerFor } from '../kinds/index.js';

/** A live match and how it was found. */
export interface LiveMatch {
  live: LiveObject;
  /** Set when matched through `previously`. */
  previousName?: string;
}

/** Live objects of one kind indexed by natural key and by id. */
export class LiveIndex {
  private readonly byKey = new Map<string, LiveObject>();
  private readonly byId = new Map<string, LiveObject>();

  constructor(readonly kind: KindName, readonly objects: readonly LiveObject[]) {
    for (const o of objects) {
      // First one wins on duplicate live names: Halo allows duplicates, we match deterministically.
      if (!this.byKey.has(naturalKey(o.name))) this.byKey.set(naturalKey(o.name), o);
      this.byId.set(String(o.id), o);
    }
  }

  byName(name: string): LiveObject | undefined {
    return this.byKey.get(naturalKey(name));
  }

  get(id: unknown): LiveObject | undefined {
    return id === undefined || id === null ? undefined : this.byId.get(String(id));
  }

  /** The live object a desired object stands for, if any. */
  match(obj: Pick<DesiredObject, 'name' | 'previously'>): LiveMatch | undefined {
    if (handlerFor(this.kind).singleton) return this.objects[0] ? { live: this.objects[0] } : undefined;
    const direct = this.byName(obj.name);
    if (direct) return { live: direct };
    for (const old of obj.previously) {
      const live = this.byName(old);
      if (live) return { live, previousName: live.name };
    }
    return undefined;
  }
}
