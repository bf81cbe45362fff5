/**
 * Paginated list shapes against the catalog's listShapes (catalog/api-shapes.yaml; halo-api.md
 * §4.2): one page asked with page_size twice the documented cap, answered raw. Which wrapper key
 * holds the rows, and how many came back against record_count: the cap only shows when the tenant
 * has more records than the cap.
 */
import type { Catalog, ListShape } from '../model/catalog.js';
import { recordCount } from './halo-fields.js';
import { overrideYaml, SEEN } from './overrides.js';
import type { TenantRead } from './tenant.js';
import type { CheckResult } from './types.js';
import { code, count, isCode, notRead } from './words.js';

/** One check per catalog listShapes entry. */
export function listChecks(catalog: Catalog, read: TenantRead): CheckResult[] {
  return Object.entries(catalog.listShapes).map(([path, shape]) => listCheck(path, shape, read));
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

function listCheck(path: string, shape: ListShape, read: TenantRead): CheckResult {
  const asked = shape.pageCap * 2;
  const base = {
    id: `lists.${path}`,
    area: 'api',
    assumption: `GET /api/${path} with pageinate=true wraps its rows in ${shape.key} with record_count, at most ${shape.pageCap} rows a page whatever page_size asks`,
  };
  const probe = read.probes[path];
  if (!probe) return { ...base, observed: notRead(`page 1 of /api/${path}`, read.failures[`list ${path}`]), verdict: 'not seen' };
  const { key, rows, keys } = rowsOf(probe.body, shape.key);
  const where = Array.isArray(probe.body)
    ? 'a bare array (no wrapper)'
    : key !== undefined
      ? `rows under ${code(key)} (keys: ${keys.map(code).join(', ')})`
      : `no list found (keys: ${keys.map(code).join(', ') || 'none'})`;
  if (rows === undefined) return { ...base, observed: `page_size=${asked}: ${where}`, verdict: 'disagrees' };
  const total = recordCount(probe.body);
  const n = rows.length;
  // The page size the tenant really applies, when the answer shows it; undefined when it cannot.
  let cap: number | undefined;
  let capText: string;
  if (total === undefined) {
    capText = `${count(n, 'row')}, no record_count`;
    cap = n > shape.pageCap ? n : undefined;
  } else if (total <= shape.pageCap) {
    capText = `${count(n, 'row')} of record_count ${total} (the cap shows only above ${shape.pageCap} records)`;
    cap = n < total ? n : undefined;
  } else {
    capText = `${count(n, 'row')} of record_count ${total}`;
    cap = n === shape.pageCap ? undefined : n;
  }
  const keyWrong = key !== shape.key;
  const observed = `page_size=${asked}: ${where}; ${capText}${total !== undefined && total > shape.pageCap && cap === undefined ? ` (capped at ${shape.pageCap})` : ''}`;
  if (!keyWrong && cap === undefined) return { ...base, observed, verdict: 'agrees' };
  const fix: Record<string, unknown> = {
    ...(keyWrong && key !== undefined && isCode(key) ? { key } : {}),
    ...(cap !== undefined ? { pageCap: cap } : {}),
  };
  return {
    ...base,
    observed,
    verdict: 'disagrees',
    override: overrideYaml(Object.keys(fix).length > 0 ? [{ listShapes: { [path]: { ...fix, ...SEEN } } }] : [], [
      'halo-iac reads any wrapper key and follows pages by their real length; this records the answer (please report it too)',
    ]),
  };
}
