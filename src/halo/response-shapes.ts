/**
 * Unwrapping Halo's response shapes (halo-api.md §2.0, §4.2): lists come as a bare array or as
 * `{record_count, <plural>: [...]}` (the plural differs per endpoint, `results` for paginated
 * /Agent); singletons may come wrapped as `{control: {...}}`; POST returns one object for one
 * item and an array for several.
 */
import type { HaloRecord } from './types.js';

/** Keys preferred when a wrapper happens to hold several arrays. */
const PREFERRED_LIST_KEYS = ['results', 'records', 'items', 'data'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One page (or a whole unpaginated list): its items and, when the wrapper says, the total. */
export interface ListPage {
  items: unknown[];
  recordCount?: number;
}

/**
 * Items of a list response, or a description of why the shape is not a list. The array key of
 * a wrapper is found generically: the only array-valued key, else `results`/..., else the
 * plural of the path (`tickets` for Tickets, `agents` for Agent).
 */
export function unwrapList(body: unknown, path: string): ListPage | string {
  if (Array.isArray(body)) return { items: body };
  if (body === undefined) return { items: [] };
  if (!isRecord(body)) return `expected a list, got ${typeof body}`;
  const recordCount = typeof body.record_count === 'number' ? body.record_count : undefined;
  const arrayKeys = Object.keys(body).filter((k) => Array.isArray(body[k]));
  const lower = path.toLowerCase();
  const key =
    arrayKeys.length === 1
      ? arrayKeys[0]
      : (arrayKeys.find((k) => PREFERRED_LIST_KEYS.includes(k.toLowerCase())) ??
        arrayKeys.find((k) => [lower, `${lower}s`, `${lower}es`].includes(k.toLowerCase())));
  if (key === undefined) {
    if (arrayKeys.length === 0 && recordCount === 0) return { items: [], recordCount };
    return arrayKeys.length === 0
      ? `expected a list, got an object with keys ${Object.keys(body).slice(0, 8).join(', ')}`
      : `ambiguous list wrapper with arrays ${arrayKeys.join(', ')}`;
  }
  return { items: body[key] as unknown[], recordCount };
}

/** `{control: {...}}` -> `{...}`: a single key holding an object is a wrapper. */
export function unwrapSingleton(body: unknown): unknown {
  if (!isRecord(body)) return body;
  const keys = Object.keys(body);
  if (keys.length === 1) {
    const inner = body[keys[0] as string];
    if (isRecord(inner)) return inner;
  }
  return body;
}

/** POST results: one object -> [object], array -> array, empty body -> []. */
export function toRecordArray(body: unknown): HaloRecord[] | string {
  if (body === undefined) return [];
  if (Array.isArray(body)) {
    return body.every(isRecord) ? body : 'expected an array of objects';
  }
  if (isRecord(body)) return [body];
  return `expected an object or an array, got ${typeof body}`;
}
