/**
 * The client boundary for response shapes (halo-api.md §2.0, §4.2; issue 9 §6). Halo's shapes:
 * lists come as a bare array or as `{record_count, <plural>: [...]}` (the plural differs per
 * endpoint, `results` for paginated /Agent, `tree` for /TopLevel); singletons may come wrapped as
 * `{control: {...}}`; POST returns one object for one item and an array for several.
 *
 * Everything else a 2xx can carry (an HTML login page, truncated JSON, a wrong wrapper, `null` or a
 * number where a record belongs, a record without an id) is refused here with a ShapeError whose
 * text says what was wrong, so no handler ever sees a malformed record. The client turns it into
 * one protocol HaloApiError naming method and path.
 */
import type { HttpResponse } from './transport.js';
import type { HaloRecord } from './types.js';

/** Keys preferred when a wrapper happens to hold several arrays. */
const PREFERRED_LIST_KEYS = ['results', 'records', 'items', 'data'];

/** How much of a non-JSON body or an HTML title is quoted in an error. */
const QUOTE_LENGTH = 80;

/** A response whose shape is not Halo's; `what` completes "METHOD /path: ...". */
export class ShapeError extends Error {
  constructor(readonly what: string) {
    super(what);
    this.name = 'ShapeError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `null`, `a number`, `an array`, `an object`... for messages. */
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  const t = typeof v;
  return t === 'object' || t === 'undefined' ? `an ${t}` : `a ${t}`;
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > QUOTE_LENGTH ? `${flat.slice(0, QUOTE_LENGTH)}…` : flat;
}

function mediaType(res: HttpResponse): string {
  return (res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function htmlPage(res: HttpResponse): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(res.text)?.[1];
  const named = title !== undefined && title.trim() !== '' ? ` ("${quote(title)}")` : '';
  return `Halo answered ${res.status} with an HTML page${named}, not JSON: a login page or a proxy in front of Halo? Check connection.url`;
}

/**
 * The JSON value of a 2xx response, or undefined for an empty body. Refuses HTML (whatever the
 * content type says), a non-JSON content type, and text that does not parse.
 */
export function jsonBody(res: HttpResponse): unknown {
  const text = res.text.trim();
  if (text === '') return undefined;
  const type = mediaType(res);
  if (type.includes('html') || (!res.json && text.startsWith('<'))) throw new ShapeError(htmlPage(res));
  if (type !== '' && !type.includes('json')) throw new ShapeError(`Halo answered ${res.status} with content-type ${type}, not JSON`);
  if (!res.json) {
    throw new ShapeError(
      /^[[{]/.test(text) ? `the JSON body is truncated or malformed (${Buffer.byteLength(res.text)} bytes)` : `the body is not JSON: "${quote(text)}"`,
    );
  }
  return res.body;
}

/** Why `v` is not a record with an id, or undefined when it is one. */
function recordProblem(v: unknown, needsId: boolean): string | undefined {
  if (!isRecord(v)) return `is ${describe(v)}, not an object`;
  if (!needsId) return undefined;
  const id = v.id;
  if (id === undefined || id === null || id === '') return 'has no id';
  if ((typeof id === 'number' && Number.isFinite(id)) || typeof id === 'string') return undefined;
  return `has an id that is ${describe(id)}, not a number or a string`;
}

/** Checks every element is a record with an id; `of` names the collection (`the list`, `page 2`). */
function records(items: readonly unknown[], of: string): HaloRecord[] {
  items.forEach((item, i) => {
    const problem = recordProblem(item, true);
    if (problem !== undefined) throw new ShapeError(`item ${i + 1} of ${of} ${problem}`);
  });
  return items as HaloRecord[];
}

/** One page (or a whole unpaginated list): validated records and, when the wrapper says, the total. */
export interface ListPage {
  items: HaloRecord[];
  recordCount?: number;
  /** True for a bare array: the whole list, whatever paging was asked for. */
  bare: boolean;
}

/**
 * The records of a list response. The array key of a wrapper is found generically: the only
 * array-valued key, else `results`/..., else the plural of the path (`tickets` for Tickets).
 * `page` is the page number when paginating (it goes into messages).
 */
export function listPage(body: unknown, path: string, page?: number): ListPage {
  const of = page === undefined ? 'the list' : `page ${page}`;
  if (body === undefined) throw new ShapeError('the body is empty, expected a list');
  if (Array.isArray(body)) return { items: records(body, of), bare: true };
  if (!isRecord(body)) throw new ShapeError(`expected a list, got ${describe(body)}`);
  const recordCount = typeof body.record_count === 'number' && Number.isInteger(body.record_count) && body.record_count >= 0 ? body.record_count : undefined;
  const arrayKeys = Object.keys(body).filter((k) => Array.isArray(body[k]));
  const lower = path.toLowerCase();
  const key =
    arrayKeys.length === 1
      ? arrayKeys[0]
      : (arrayKeys.find((k) => PREFERRED_LIST_KEYS.includes(k.toLowerCase())) ??
        arrayKeys.find((k) => [lower, `${lower}s`, `${lower}es`].includes(k.toLowerCase())));
  if (key === undefined) {
    if (arrayKeys.length === 0 && recordCount === 0) return { items: [], recordCount, bare: false };
    throw new ShapeError(
      arrayKeys.length === 0
        ? `expected a list, got an object with keys ${Object.keys(body).slice(0, 8).join(', ')}`
        : `ambiguous list wrapper with arrays ${arrayKeys.join(', ')}`,
    );
  }
  return { items: records(body[key] as unknown[], of), recordCount, bare: false };
}

/** A detail GET: one record with an id, and the one asked for (ids compared as text: `5` and `"5"`). */
export function singleRecord(body: unknown, requestedId?: string | number): HaloRecord {
  if (!isRecord(body)) throw new ShapeError(`expected one record (an object), got ${body === undefined ? 'an empty body' : describe(body)}`);
  const problem = recordProblem(body, true);
  if (problem !== undefined) throw new ShapeError(`the record ${problem}`);
  if (requestedId !== undefined && String(body.id) !== String(requestedId)) {
    throw new ShapeError(`returned the record with id ${String(body.id)}, not ${String(requestedId)}`);
  }
  return body;
}

/** `{control: {...}}` -> `{...}` (a single key holding an object is a wrapper); must be an object. */
export function singleton(body: unknown): HaloRecord {
  if (!isRecord(body)) throw new ShapeError(`expected one record (an object), got ${body === undefined ? 'an empty body' : describe(body)}`);
  const keys = Object.keys(body);
  if (keys.length === 1) {
    const inner = body[keys[0] as string];
    if (isRecord(inner)) return inner;
  }
  return body;
}

/** POST results: one object -> [object], array -> array; every saved record must carry its id. */
export function savedRecords(body: unknown): HaloRecord[] {
  if (body === undefined) throw new ShapeError('the body is empty, expected the saved record');
  if (Array.isArray(body)) return records(body, 'the saved records');
  if (!isRecord(body)) throw new ShapeError(`the response is ${describe(body)}, expected the saved record (an object or an array)`);
  const problem = recordProblem(body, true);
  if (problem !== undefined) throw new ShapeError(`the saved record ${problem}`);
  return [body];
}

/** DELETE results: nothing, or the deleted record (anything else is refused). */
export function deletedRecord(body: unknown, id: string | number): HaloRecord {
  if (body === undefined) return { id };
  if (!isRecord(body)) throw new ShapeError(`the response is ${describe(body)}, expected the deleted record or nothing`);
  return body;
}
