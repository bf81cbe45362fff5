/**
 * The `access` part of an Agent: "allow all" flags and the restriction rows they govern, plus "can
 * create ticket types". Each list (`ticketTypes`, `customers`, `assetTypes`, `assetFields`) has a
 * yes/no claim in the catalog (`Ft`, `Fc`, `Fa`, `Ff`, halo-claims.md §2.5) whose `restriction`
 * names the Uname row array holding the list: `all` writes the flag yes; a list writes it no plus
 * the rows, and an empty list is a real state (nothing allowed). A missing flag reads as no, like
 * every yes/no claim. Customers are not managed objects: names resolve case-insensitively against
 * the live customer list. Asset types and fields are named by their Halo ids (the rows' `assettype_id`
 * / `field_id`, SPEC24 UnameXtype / UnameField): halo-iac reads no asset types or fields, so it has no
 * names to resolve, and an asset field's name is not unique across asset types anyway. What
 * permissions `access` writes is worked out in constructs/kinds/agent-access.ts (writtenPermissions).
 */
import type { AccessList, Catalog, PermissionDef } from '../model/catalog.js';
import type { AgentAccess, AgentSpec } from '../../constructs/kinds/agent.js';
import { ACCESS_LISTS, CAN_CREATE_TICKET_TYPES } from '../../constructs/kinds/agent-access.js';
import { accessFlag } from '../model/catalog-claims.js';
import { isLiveClaimsValue } from '../model/plan.js';
import type { HaloRecord } from '../halo/types.js';
import type { KindContext, LiveId } from './types.js';
import { nameSet, records, str } from './lookup.js';
import { liveClaims, normalizePermissions } from './permissions.js';
import type { FieldCodec } from './fields.js';

/** The agent's own restriction rows of a list (rows inherited from a role carry role_id: never managed). */
function directRows(raw: HaloRecord, def: PermissionDef): HaloRecord[] {
  return records(raw, def.restriction?.rows ?? '').filter((r) => r.role_id === undefined || r.role_id === null || r.role_id === '');
}

/** A customer row's name: the customer list's spelling when it was read, else the row's client_name. */
function rowCustomer(row: HaloRecord, ctx: KindContext): string | undefined {
  const id = row.client_id;
  const listed = id !== undefined && id !== null ? ctx.customers?.byId(id as LiveId)?.name : undefined;
  return listed ?? str(row, 'client_name');
}

/** A list's value: `all`, names (ticket types, customers) or Halo ids (asset types, fields). */
export type AccessValue = 'all' | string[] | number[];

/** The lists named by Halo id rather than by name. */
function byId(list: AccessList): list is 'assetTypes' | 'assetFields' {
  return list === 'assetTypes' || list === 'assetFields';
}

/** The id field of each list's restriction rows (SPEC24 UnameRequestType, UnameAreaRestriction, UnameXtype, UnameField). */
const ROW_ID: Record<AccessList, string> = { ticketTypes: 'tickettype_id', customers: 'client_id', assetTypes: 'assettype_id', assetFields: 'field_id' };

/** A row's id as a positive integer, or undefined when it has none. */
function rowIdNumber(list: AccessList, row: HaloRecord): number | undefined {
  const id = Number(row[ROW_ID[list]]);
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

/** Sorted, de-duplicated ids. */
function idSet(ids: Iterable<number>): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** The name a restriction row stands for, or undefined when it cannot be named (ticket types and customers only). */
function rowName(list: AccessList, row: HaloRecord, ctx: KindContext): string | undefined {
  if (list === 'ticketTypes') return ctx.nameOf('TicketType', row.tickettype_id as number) ?? str(row, 'tickettype_name');
  if (list === 'customers') return rowCustomer(row, ctx);
  return undefined;
}

/** The row's id, shown when it cannot be named. */
function rowId(list: AccessList, row: HaloRecord): string {
  return String(row[ROW_ID[list]]);
}

/** How the live flag reads: yes, no (also when missing), or unknown (a value outside yes/no). */
function liveFlag(raw: HaloRecord, key: string, catalog: Catalog): boolean | undefined {
  const v = normalizePermissions(raw, { [key]: true }, catalog)[key];
  if (typeof v === 'boolean') return v;
  return isLiveClaimsValue(v) && typeof v.read_as === 'boolean' ? v.read_as : undefined;
}

/**
 * The live value of an access list: `all`, the names (asset lists: ids) of its rows, or null when
 * the flag reads neither yes nor no. An asset row without an id shows as its raw value, so it
 * never compares equal to a manifest.
 */
export function liveAccess(raw: HaloRecord, list: AccessList, ctx: KindContext): AccessValue | null {
  const flag = accessFlag(ctx.catalog, list);
  if (!flag) return null;
  const allowAll = liveFlag(raw, flag.key, ctx.catalog);
  if (allowAll === undefined) return null;
  if (allowAll) return 'all';
  const rows = directRows(raw, flag.def);
  if (byId(list)) {
    const ids = rows.map((r) => rowIdNumber(list, r));
    if (ids.every((id): id is number => id !== undefined)) return idSet(ids);
    return nameSet(rows.map((r) => rowId(list, r)));
  }
  return nameSet(rows.map((r) => rowName(list, r, ctx) ?? rowId(list, r)));
}

/** The one live customer a manifest name stands for (undefined when none or several match). */
function customerOf(name: string, ctx: KindContext): { id: LiveId; name: string } | undefined {
  const matches = ctx.customers?.byName(name) ?? [];
  return matches.length === 1 ? matches[0] : undefined;
}

/** Desired customer names in the live spelling, sorted and de-duplicated. */
export function customerNames(names: readonly string[], ctx: KindContext): string[] {
  return nameSet(names.map((n) => customerOf(n, ctx)?.name ?? n));
}

/** The desired value of an access list in canonical form. */
export function desiredAccess(list: AccessList, value: AccessValue, ctx: KindContext): AccessValue {
  if (value === 'all') return 'all';
  if (byId(list)) return idSet(value as number[]);
  const names = value as string[];
  if (list === 'ticketTypes') return nameSet(names.map((n) => ctx.displayName('TicketType', n)));
  return customerNames(names, ctx);
}

/** The restriction rows written for the lists `access` gives (lists only: `all` is the flag alone). */
export function accessPayload(spec: AgentSpec, ctx: KindContext): HaloRecord {
  const p: HaloRecord = {};
  for (const list of ACCESS_LISTS) {
    const value = spec.access?.[list];
    // Only a list writes rows; `all` is the flag alone.
    if (value === undefined || value === 'all') continue;
    const def = accessFlag(ctx.catalog, list)?.def;
    if (!def?.restriction) continue;
    // The list is the whole truth: posting the rows replaces the agent's own rows of that list.
    const flags = def.restriction.rowFlags ?? {};
    const items: (string | number)[] = list === 'customers' ? customerNames(value as string[], ctx) : value;
    p[def.restriction.rows] = items.map((item) => ({ ...rowRef(list, item, ctx), ...flags }));
  }
  return p;
}

/** The id field of a row for `item`: a name resolved (ticket types, customers) or a Halo id (asset lists). */
function rowRef(list: AccessList, item: string | number, ctx: KindContext): HaloRecord {
  if (byId(list)) return { [ROW_ID[list]]: item };
  if (list === 'ticketTypes') return { tickettype_id: ctx.idOf('TicketType', String(item)) };
  return { client_id: customerOf(String(item), ctx)?.id };
}

/** Whether a live list can be written back as a manifest: every row named and resolvable (asset lists: every row has an id). */
function exportable(list: AccessList, value: AccessValue, rows: HaloRecord[], ctx: KindContext): boolean {
  if (value === 'all') return true;
  if (byId(list)) return rows.every((r) => rowIdNumber(list, r) !== undefined);
  if (!rows.every((r) => rowName(list, r, ctx) !== undefined)) return false;
  return list !== 'ticketTypes' || (value as string[]).every((n) => ctx.idOf('TicketType', n) !== undefined);
}

/**
 * The live `access` for export, as far as a manifest can say it: each list whose flag claim is
 * present, as `all`, names or (asset lists) ids; omitted when a row cannot be named or has no id.
 */
export function exportAccess(raw: HaloRecord, ctx: KindContext): AgentAccess | undefined {
  // Keyed by list: exportable() has checked each value has its list's form (names or ids).
  const access: Record<string, AccessValue> = {};
  const types = new Set(liveClaims(raw).map((c) => c.type));
  for (const list of ACCESS_LISTS) {
    const flag = accessFlag(ctx.catalog, list);
    if (!flag || !('claim' in flag.def.target) || !types.has(flag.def.target.claim)) continue;
    const value = liveAccess(raw, list, ctx);
    if (value !== null && exportable(list, value, directRows(raw, flag.def), ctx)) access[list] = value;
  }
  return Object.keys(access).length > 0 ? (access as AgentAccess) : undefined;
}

/** `access`: the lists, each `all`, names or ids, and canCreateTicketTypes (its catalog permission). */
export const accessCodec: FieldCodec<AgentSpec> = {
  set: ACCESS_LISTS,
  canonical(spec, ctx) {
    const access: Record<string, unknown> = {};
    for (const list of ACCESS_LISTS) {
      const value = spec.access?.[list];
      if (value !== undefined) access[list] = desiredAccess(list, value, ctx);
    }
    if (spec.access?.canCreateTicketTypes !== undefined) access.canCreateTicketTypes = spec.access.canCreateTicketTypes;
    return Object.keys(access).length > 0 ? access : undefined;
  },
  normalize(live, spec, ctx) {
    const access: Record<string, unknown> = {};
    for (const list of ACCESS_LISTS) if (spec.access?.[list] !== undefined) access[list] = liveAccess(live.raw, list, ctx);
    if (spec.access?.canCreateTicketTypes !== undefined)
      access.canCreateTicketTypes = normalizePermissions(live.raw, { [CAN_CREATE_TICKET_TYPES]: true }, ctx.catalog)[CAN_CREATE_TICKET_TYPES];
    return Object.keys(access).length > 0 ? access : undefined;
  },
  payload: (p, spec, ctx) => void Object.assign(p, accessPayload(spec, ctx)),
  export: (live, ctx) => exportAccess(live.raw, ctx),
};
