/**
 * The `access` part of an Agent: "allow all" flags and the restriction rows they govern, plus "can
 * create ticket types". Each list (`ticketTypes`, `customers`, `assetTypes`, `assetFields`) has a
 * yes/no claim in the catalog (`Ft`, `Fc`, `Fa`, `Ff`, halo-claims.md §2.5) whose `restriction`
 * names the Uname row array holding the list: `all` writes the flag yes; a list writes it no plus
 * the rows, and an empty list is a real state (nothing allowed). A missing flag reads as no, like
 * every yes/no claim. Customers are not managed objects: names resolve case-insensitively against
 * the live customer list. Asset types and fields take `all` or `[]` only (constructs/kinds/agent-access.ts
 * refuses named ones). What permissions `access` writes is worked out there too (writtenPermissions).
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

/** The name a restriction row stands for, or undefined when it cannot be named. */
function rowName(list: AccessList, row: HaloRecord, ctx: KindContext): string | undefined {
  switch (list) {
    case 'ticketTypes':
      return ctx.nameOf('TicketType', row.tickettype_id as number) ?? str(row, 'tickettype_name');
    case 'customers':
      return rowCustomer(row, ctx);
    case 'assetTypes':
      return str(row, 'assettype_name');
    case 'assetFields':
      return str(row, 'field_name');
  }
}

/** The row's id, shown when it cannot be named. */
function rowId(list: AccessList, row: HaloRecord): string {
  const field = { ticketTypes: 'tickettype_id', customers: 'client_id', assetTypes: 'assettype_id', assetFields: 'field_id' }[list];
  return String(row[field]);
}

/** How the live flag reads: yes, no (also when missing), or unknown (a value outside yes/no). */
function liveFlag(raw: HaloRecord, key: string, catalog: Catalog): boolean | undefined {
  const v = normalizePermissions(raw, { [key]: true }, catalog)[key];
  if (typeof v === 'boolean') return v;
  return isLiveClaimsValue(v) && typeof v.read_as === 'boolean' ? v.read_as : undefined;
}

/** The live value of an access list: `all`, the names of its rows, or null when the flag reads neither yes nor no. */
export function liveAccess(raw: HaloRecord, list: AccessList, ctx: KindContext): 'all' | string[] | null {
  const flag = accessFlag(ctx.catalog, list);
  if (!flag) return null;
  const allowAll = liveFlag(raw, flag.key, ctx.catalog);
  if (allowAll === undefined) return null;
  if (allowAll) return 'all';
  return nameSet(directRows(raw, flag.def).map((r) => rowName(list, r, ctx) ?? rowId(list, r)));
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
export function desiredAccess(list: AccessList, value: 'all' | string[], ctx: KindContext): 'all' | string[] {
  if (value === 'all') return 'all';
  if (list === 'ticketTypes') return nameSet(value.map((n) => ctx.displayName('TicketType', n)));
  if (list === 'customers') return customerNames(value, ctx);
  return nameSet(value);
}

/** The restriction rows written for the lists `access` gives (lists only: `all` is the flag alone). */
export function accessPayload(spec: AgentSpec, ctx: KindContext): HaloRecord {
  const p: HaloRecord = {};
  for (const list of ACCESS_LISTS) {
    const value = spec.access?.[list];
    // Looked up only for a list that writes rows: every payload comes through here.
    if (value === undefined || value === 'all') continue;
    const def = accessFlag(ctx.catalog, list)?.def;
    if (!def?.restriction) continue;
    // The list is the whole truth: posting the rows replaces the agent's own rows of that list.
    const flags = def.restriction.rowFlags ?? {};
    const names = list === 'customers' ? customerNames(value, ctx) : value;
    p[def.restriction.rows] = names.map((name) => ({ ...rowRef(list, name, ctx), ...flags }));
  }
  return p;
}

/** The id fields of a row naming `name` (only ticket types and customers are ever named). */
function rowRef(list: AccessList, name: string, ctx: KindContext): HaloRecord {
  if (list === 'ticketTypes') return { tickettype_id: ctx.idOf('TicketType', name) };
  return { client_id: customerOf(name, ctx)?.id };
}

/** Whether a live list can be written back as a manifest: every row named (and resolvable), asset lists only empty. */
function exportable(list: AccessList, value: 'all' | string[], rows: HaloRecord[], ctx: KindContext): boolean {
  if (value === 'all') return true;
  if (list === 'assetTypes' || list === 'assetFields') return value.length === 0;
  if (!rows.every((r) => rowName(list, r, ctx) !== undefined)) return false;
  return list !== 'ticketTypes' || value.every((n) => ctx.idOf('TicketType', n) !== undefined);
}

/**
 * The live `access` for export, as far as a manifest can say it: each list whose flag claim is
 * present, as `all` or names (omitted when a row cannot be named, and for named asset rows).
 */
export function exportAccess(raw: HaloRecord, ctx: KindContext): AgentAccess | undefined {
  const access: AgentAccess = {};
  const types = new Set(liveClaims(raw).map((c) => c.type));
  for (const list of ACCESS_LISTS) {
    const flag = accessFlag(ctx.catalog, list);
    if (!flag || !('claim' in flag.def.target) || !types.has(flag.def.target.claim)) continue;
    const value = liveAccess(raw, list, ctx);
    if (value !== null && exportable(list, value, directRows(raw, flag.def), ctx)) access[list] = value;
  }
  return Object.keys(access).length > 0 ? access : undefined;
}

/** `access`: the lists, each `all` or names, and canCreateTicketTypes (its catalog permission). */
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
