/**
 * Small helpers shared by handlers: catalog lookups both ways, reading loosely-typed Halo
 * records, and canonical list ordering. Kept out of the handlers so each stays short.
 */
import type { Catalog, CatalogValue } from '../model/catalog.js';
import { naturalKey } from '../model/kinds.js';
import type { HaloReader, HaloRecord } from '../halo/types.js';
import type { Customer, CustomerLookup, LiveId } from './types.js';

/** Friendly -> Halo value, or undefined when the catalog does not know the name. */
export function toHalo<T>(table: Record<string, CatalogValue<T>> | undefined, friendly: string): T | undefined {
  return table?.[friendly]?.halo;
}

/**
 * Halo -> friendly name. Unknown Halo values come back as themselves, so drift to a value the
 * catalog does not name still shows (as the raw code) instead of being hidden.
 */
export function fromHalo<T>(table: Record<string, CatalogValue<T>> | undefined, halo: unknown): unknown {
  if (halo === undefined || halo === null) return null;
  for (const [name, v] of Object.entries(table ?? {})) {
    if (String(v.halo) === String(halo)) return name;
  }
  return halo;
}

/** A string field, or undefined. */
export function str(raw: HaloRecord, field: string): string | undefined {
  const v = raw[field];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** A boolean field, treating missing/null as false (Halo omits false flags in some list forms). */
export function bool(raw: HaloRecord, field: string): boolean {
  const v = raw[field];
  return v === true || v === 'true' || v === 1;
}

/** An array field of records, or []. */
export function records(raw: HaloRecord, field: string): HaloRecord[] {
  const v = raw[field];
  return Array.isArray(v) ? (v.filter((x) => typeof x === 'object' && x !== null) as HaloRecord[]) : [];
}

/** Sorted, de-duplicated (case-insensitively) names. */
export function nameSet(names: Iterable<string>): string[] {
  const seen = new Map<string, string>();
  for (const n of names) if (!seen.has(naturalKey(n))) seen.set(naturalKey(n), n);
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}

/** True when `name` is in `names`, compared as natural keys. */
export function hasName(names: readonly string[], name: string): boolean {
  const k = naturalKey(name);
  return names.some((n) => naturalKey(n) === k);
}

/** Same id, whatever its JSON type (Halo sends some ids as numbers in one place, strings in another). */
export function sameId(a: unknown, b: unknown): boolean {
  return a !== undefined && a !== null && b !== undefined && b !== null && String(a) === String(b);
}

/**
 * The page size to ask for on a paginated list: the catalog's listShapes pageCap for the path, the
 * most rows Halo returns a page (asking for more is silently capped: HaloAPI #90).
 */
export function pageSizeOf(catalog: Catalog, path: string): number {
  const shape = catalog.listShapes[path];
  if (!shape) throw new Error(`internal: catalog listShapes has no entry for the paginated list /api/${path}`);
  return shape.pageCap;
}

/**
 * Every customer (/api/Client, schema Area), in ONE paginated read: the endpoint paginates
 * (`{record_count, clients}`, halo-api.md §2.0), pages as large as the catalog's pageCap. Inactive
 * customers are asked for too (`includeinactive`, SPEC24; whether Halo lists them by default is
 * unverified), so a restriction to an inactive customer still resolves.
 */
export async function readCustomers(reader: HaloReader, catalog: Catalog): Promise<Customer[]> {
  const rows = await reader.list<HaloRecord>('Client', { includeinactive: true }, { pageSize: pageSizeOf(catalog, 'Client') });
  return rows.filter((r) => r.id !== undefined && r.id !== null).map((r) => ({ id: r.id as LiveId, name: str(r, 'name') ?? '' }));
}

/** Customers by natural key (case-insensitive, trimmed) and by id. */
export function customerLookup(customers: readonly Customer[]): CustomerLookup {
  const byKey = new Map<string, Customer[]>();
  const byId = new Map<string, Customer>();
  for (const c of customers) {
    const k = naturalKey(c.name);
    byKey.set(k, [...(byKey.get(k) ?? []), c]);
    byId.set(String(c.id), c);
  }
  return {
    byName: (name) => byKey.get(naturalKey(name)) ?? [],
    byId: (id) => byId.get(String(id)),
  };
}
