/**
 * The `access` part of an Agent: ticket type and customer restriction rows (`tickettypes`,
 * `clients`) and "can create ticket types". How "all" is encoded (by default: no row means all,
 * halo-enums.md §1.3, unverified) and the flags of written rows are catalog data
 * (allowAllTicketTypes / allowAllCustomers). Customers are not managed objects: names resolve
 * case-insensitively against the live customer list.
 */
import type { Catalog } from '../manifest/catalog-types.js';
import type { AgentAccess, AgentSpec, PermissionsSpec } from '../manifest/specs.js';
import type { HaloRecord } from '../halo/types.js';
import type { KindContext, LiveId } from './types.js';
import { nameSet, records, str } from './lookup.js';
import { normalizePermissions, restrictionOf } from './permissions.js';

/** Catalog permissions that say how "all ticket types" / "all customers" are encoded. */
export const ALL_TICKET_TYPES = 'allowAllTicketTypes';
export const ALL_CUSTOMERS = 'allowAllCustomers';

/** The Halo restriction arrays (when the catalog encodes "all" as a claim or field, rows still live here). */
const ROWS = { [ALL_TICKET_TYPES]: 'tickettypes', [ALL_CUSTOMERS]: 'clients' } as const;
type AllKey = keyof typeof ROWS;

function rowsField(key: AllKey, catalog: Catalog): string {
  return restrictionOf(catalog.permissions[key])?.restriction ?? ROWS[key];
}

/** Whether the live agent has "all" access, read the way the catalog encodes it. */
function liveAllowsAll(raw: HaloRecord, key: AllKey, rows: HaloRecord[], catalog: Catalog): boolean {
  if (restrictionOf(catalog.permissions[key])) return rows.length === 0;
  return normalizePermissions(raw, { [key]: true }, catalog)[key] === true;
}

/** The agent's own restriction rows of `key` (rows inherited from a role carry role_id: never managed). */
function directRows(raw: HaloRecord, key: AllKey, catalog: Catalog): HaloRecord[] {
  return records(raw, rowsField(key, catalog)).filter((r) => r.role_id === undefined || r.role_id === null || r.role_id === '');
}

export function liveTicketTypes(raw: HaloRecord, ctx: KindContext): 'all' | string[] {
  const rows = directRows(raw, ALL_TICKET_TYPES, ctx.catalog);
  if (liveAllowsAll(raw, ALL_TICKET_TYPES, rows, ctx.catalog)) return 'all';
  return nameSet(rows.map((r) => ctx.nameOf('TicketType', r.tickettype_id as number) ?? String(r.tickettype_id)));
}

/** A customer row's name: the customer list's spelling when it was read, else the row's client_name. */
function rowCustomer(row: HaloRecord, ctx: KindContext): string | undefined {
  const id = row.client_id;
  const listed = id !== undefined && id !== null ? ctx.customers?.byId(id as LiveId)?.name : undefined;
  return listed ?? str(row, 'client_name');
}

export function liveCustomers(raw: HaloRecord, ctx: KindContext): 'all' | string[] {
  const rows = directRows(raw, ALL_CUSTOMERS, ctx.catalog);
  if (liveAllowsAll(raw, ALL_CUSTOMERS, rows, ctx.catalog)) return 'all';
  return nameSet(rows.map((r) => rowCustomer(r, ctx) ?? String(r.client_id)));
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

/**
 * `access.canCreateTicketTypes` is the catalog permission `canCreateTicketTypes` (its Halo encoding
 * is unverified, so it lives in catalog/permissions.yaml like every other permission); this merges
 * it into the permissions that are read and written as claims. So are the "allow all" flags of
 * `access` when the catalog encodes them as a claim or field rather than restriction rows.
 */
export const CAN_CREATE_TICKET_TYPES = 'canCreateTicketTypes';

export function writtenPermissions(spec: AgentSpec, catalog: Catalog): PermissionsSpec | undefined {
  const extra = accessPermissions(spec, catalog);
  if (Object.keys(extra).length === 0) return spec.permissions;
  return { ...spec.permissions, ...extra };
}

/** The permissions `access` writes (they override the same keys under `permissions`). */
function accessPermissions(spec: AgentSpec, catalog: Catalog): PermissionsSpec {
  const extra: PermissionsSpec = {};
  const flag = spec.access?.canCreateTicketTypes;
  if (flag !== undefined) extra[CAN_CREATE_TICKET_TYPES] = flag;
  const tt = spec.access?.ticketTypes;
  if (tt !== undefined && catalog.permissions[ALL_TICKET_TYPES] && !restrictionOf(catalog.permissions[ALL_TICKET_TYPES])) {
    extra[ALL_TICKET_TYPES] = tt === 'all';
  }
  const cu = spec.access?.customers;
  if (cu !== undefined && catalog.permissions[ALL_CUSTOMERS] && !restrictionOf(catalog.permissions[ALL_CUSTOMERS])) {
    extra[ALL_CUSTOMERS] = cu === 'all';
  }
  return extra;
}

/**
 * Plan errors for a permission set twice with different values, under `permissions` and through
 * `access` (e.g. permissions.canCreateTicketTypes: true with access.canCreateTicketTypes: false):
 * one claim cannot hold both, so the agent could never converge.
 */
export function accessPermissionConflicts(spec: AgentSpec, catalog: Catalog): { path: string; message: string }[] {
  const given = spec.permissions ?? {};
  return Object.entries(accessPermissions(spec, catalog))
    .filter(([key, value]) => given[key] !== undefined && given[key] !== value)
    .map(([key, value]) => ({
      path: `permissions.${key}`,
      message: `permissions.${key}: ${String(given[key])} contradicts the agent's access, which sets ${key} to ${String(value)}`,
    }));
}

/** The restriction rows (and their flags) written for `access`, as the catalog encodes them. */
export function accessPayload(spec: AgentSpec, ctx: KindContext): HaloRecord {
  const p: HaloRecord = {};
  const tt = spec.access?.ticketTypes;
  const ttTarget = restrictionOf(ctx.catalog.permissions[ALL_TICKET_TYPES]);
  if (tt === 'all') {
    if (ttTarget) p[ttTarget.restriction] = [];
  } else if (tt !== undefined) {
    const flags = ttTarget?.rowFlags ?? {};
    p[rowsField(ALL_TICKET_TYPES, ctx.catalog)] = tt.map((n) => ({ tickettype_id: ctx.idOf('TicketType', n), ...flags }));
  }
  const cu = spec.access?.customers;
  const cuTarget = restrictionOf(ctx.catalog.permissions[ALL_CUSTOMERS]);
  if (cu === 'all') {
    if (cuTarget) p[cuTarget.restriction] = [];
  } else if (cu !== undefined) {
    // The list is the whole truth: posting the rows replaces the agent's customer restrictions.
    const flags = cuTarget?.rowFlags ?? {};
    p[rowsField(ALL_CUSTOMERS, ctx.catalog)] = customerNames(cu, ctx).map((n) => ({ client_id: customerOf(n, ctx)?.id, ...flags }));
  }
  return p;
}

/**
 * The live `access` for export, as far as a manifest can say it: ticket types and customers as
 * `all` or names (each omitted when a row cannot be named). Nothing when the catalog cannot read it.
 */
export function exportAccess(raw: HaloRecord, ctx: KindContext): AgentAccess | undefined {
  const access: AgentAccess = {};
  if (ctx.catalog.permissions[ALL_TICKET_TYPES]) {
    const tt = liveTicketTypes(raw, ctx);
    const resolvable = tt === 'all' || tt.every((n) => ctx.idOf('TicketType', n) !== undefined);
    if (resolvable) access.ticketTypes = tt;
  }
  if (ctx.catalog.permissions[ALL_CUSTOMERS]) {
    const named = directRows(raw, ALL_CUSTOMERS, ctx.catalog).every((r) => rowCustomer(r, ctx) !== undefined);
    if (named) access.customers = liveCustomers(raw, ctx);
  }
  return Object.keys(access).length > 0 ? access : undefined;
}
