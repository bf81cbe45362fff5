/**
 * The read-only view `plan` receives (design.md §5, style.md "dry run as a flag" pitfall): a new
 * object that has no write methods at run time, not merely a narrower type.
 */
import type { HaloReader, HaloWriter } from './types.js';

/** Wraps a writer so that only list/get/getSingleton/me/probe/stats/budget are reachable. */
export function readOnly(client: HaloReader | HaloWriter): HaloReader {
  const reader: HaloReader = {
    list: (path, query, options) => client.list(path, query, options),
    get: (path, id, query) => client.get(path, id, query),
    getSingleton: (path) => client.getSingleton(path),
    me: () => client.me(),
    probe: (path, query) => client.probe(path, query),
    get stats() {
      return client.stats;
    },
    get budget() {
      return client.budget;
    },
  };
  return Object.freeze(reader);
}
