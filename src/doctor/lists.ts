/**
 * Paginated list shapes against the catalog's listShapes (catalog/api-shapes.yaml; halo-api.md
 * §4.2): one page asked with page_size twice the documented cap, answered raw. Two checks per
 * list: which wrapper key holds the rows (`lists.<path>`), and the page cap (`lists.<path>.page-cap`),
 * which shows only when the answer is a full page: more records than the cap, or fewer rows than
 * record_count. Below that the cap is `not seen`, never "agrees" (a seed of a few rows cannot
 * confirm a cap of 100).
 */
import type { Catalog, ListShape } from '../model/catalog.js';
import { recordCount } from './halo-fields.js';
import { overrideYaml, SEEN } from './overrides.js';
import type { TenantRead } from './tenant.js';
import type { CheckResult } from './types.js';
import { code, count, isCode, notRead } from './words.js';

/** Two checks per catalog listShapes entry: its wrapper key, then its page cap. */
export function listChecks(catalog: Catalog, read: TenantRead): CheckResult[] {
  return Object.entries(catalog.listShapes).flatMap(([path, shape]) => {
    const answer = probeOf(path, shape, read);
    return [keyCheck(path, shape, answer), capCheck(path, shape, answer)];
  });
}

/** Where the rows are: the expected key when it holds an array, else the only array-valued key. */
function rowsOf(body: unknown, expected: string): { key?: string; rows?: unknown[]; keys: string[] } {
  if (Array.isArray(body)) return { rows: body, keys: [] };
  if (typeof body !== 'object' || body === null) return { keys: [] };
  const record = body as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const arrays = keys.filter((k) => Array.isArray(record[k]));
  const key = arrays.includes(expected) ? expected : arrays.length === 1 ? arrays[0] : undefined;
  return { key, rows: key === undefined ? undefined : (record[key] as unknown[]), keys };
}

/** One list's answer to the probe, or why there is none. */
type ProbeAnswer =
  | { read: false; why: string }
  | { read: true; asked: number; key?: string; rows?: unknown[]; total?: number; where: string };

const ONE_PAGE = (path: string) => `page 1 of /api/${path}`;

function probeOf(path: string, shape: ListShape, read: TenantRead): ProbeAnswer {
  const probe = read.probes[path];
  if (!probe) return { read: false, why: notRead(ONE_PAGE(path), read.failures[`list ${path}`]) };
  const { key, rows, keys } = rowsOf(probe.body, shape.key);
  const where = Array.isArray(probe.body)
    ? 'a bare array (no wrapper)'
    : key !== undefined
      ? `rows under ${code(key)} (keys: ${keys.map(code).join(', ')})`
      : `no list found (keys: ${keys.map(code).join(', ') || 'none'})`;
  return { read: true, asked: shape.pageCap * 2, where, ...(key !== undefined ? { key } : {}), ...(rows ? { rows } : {}), ...(recordCount(probe.body) !== undefined ? { total: recordCount(probe.body) } : {}) };
}

const NOTE = 'halo-iac reads any wrapper key and follows pages by their real length; this records the answer (please report it too)';

/** The wrapper key: seen on any answer that has rows. */
function keyCheck(path: string, shape: ListShape, answer: ProbeAnswer): CheckResult {
  const base = { id: `lists.${path}`, area: 'api', assumption: `GET /api/${path} with pageinate=true wraps its rows in ${shape.key} with record_count` };
  if (!answer.read) return { ...base, observed: answer.why, verdict: 'not seen' };
  const rowsText = answer.rows === undefined ? '' : `; ${count(answer.rows.length, 'row')}${answer.total !== undefined ? ` of record_count ${answer.total}` : ', no record_count'}`;
  const observed = `page_size=${answer.asked}: ${answer.where}${rowsText}`;
  if (answer.rows !== undefined && answer.key === shape.key) return { ...base, observed, verdict: 'agrees' };
  const key = answer.rows !== undefined && answer.key !== undefined && isCode(answer.key) ? answer.key : undefined;
  const override = overrideYaml(key ? [{ listShapes: { [path]: { key, ...SEEN } } }] : [], [NOTE]);
  return { ...base, observed, verdict: 'disagrees', ...(override ? { override } : {}) };
}

/**
 * The page cap: the page size the tenant really applies, when the answer shows one. It shows when
 * record_count is above the cap (a full page came back: its length is the cap), when fewer rows
 * than record_count came back, or when more rows than the cap came back. Otherwise it is not seen.
 */
function capCheck(path: string, shape: ListShape, answer: ProbeAnswer): CheckResult {
  const base = {
    id: `lists.${path}.page-cap`,
    area: 'api',
    assumption: `GET /api/${path} with pageinate=true returns at most ${shape.pageCap} rows a page whatever page_size asks`,
  };
  if (!answer.read) return { ...base, observed: answer.why, verdict: 'not seen' };
  if (answer.rows === undefined) return { ...base, observed: `page_size=${answer.asked}: ${answer.where}: no rows to count`, verdict: 'not seen' };
  const n = answer.rows.length;
  const total = answer.total;
  const rows = `page_size=${answer.asked}: ${count(n, 'row')}${total !== undefined ? ` of record_count ${total}` : ', no record_count'}`;
  // The cap the answer shows, if any.
  const full = total !== undefined ? total > shape.pageCap || n < total : n > shape.pageCap;
  if (!full) return { ...base, observed: `${rows}: no full page (the cap shows only above ${shape.pageCap} records)`, verdict: 'not seen' };
  if (n === shape.pageCap) return { ...base, observed: `${rows} (capped at ${shape.pageCap})`, verdict: 'agrees' };
  return { ...base, observed: `${rows} (a page of ${n})`, verdict: 'disagrees', override: overrideYaml([{ listShapes: { [path]: { pageCap: n, ...SEEN } } }], [NOTE]) };
}
