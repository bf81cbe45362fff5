/**
 * Ticket type (/api/TicketType, schema RequestType). Its plain fields are its table
 * (constructs/kinds/ticket-type.ts); here: the endpoint, the project hierarchy (several fields at
 * once, catalog projectHierarchy), and `fields` and `customFields`, which add rows to one list
 * (RequestType.fields: RequestTypeField.fieldid is a FIELDINFO id, halo-claims.md): only the named
 * fields are compared, and the payload keeps live field rows (posting `fields` is assumed to
 * replace the list). `customFields` names CustomField objects, sent as their ids; in `exact` mode
 * the payload drops the rows of live custom fields it does not name (rows of standard fields stay).
 */
import { customFieldLinks, ticketTypeKind, type TicketTypeSpec } from '../../constructs/kinds/ticket-type.js';
import type { HaloRecord } from '../halo/types.js';
import type { FieldCodec } from './fields.js';
import { kindHandler } from './handler.js';
import { fromHalo, hasName, nameSet, records, toHalo } from './lookup.js';
import type { KindContext, LiveId, LiveObject } from './types.js';

function liveFieldIds(raw: HaloRecord): number[] {
  const rows = records(raw, 'fields').map((r) => Number(r.fieldid));
  const list = Array.isArray(raw.fieldidlist) ? (raw.fieldidlist as unknown[]).map(Number) : [];
  return [...new Set([...rows, ...list])].filter((n) => !Number.isNaN(n));
}

function liveFieldNames(raw: HaloRecord, ctx: KindContext): string[] {
  return liveFieldIds(raw).map((id) => String(fromHalo(ctx.catalog.ticketFields, id)));
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The catalog hierarchy whose ITIL type and fields the live type has, or null. */
function liveHierarchy(raw: HaloRecord, ctx: KindContext): string | null {
  for (const [name, def] of Object.entries(ctx.catalog.projectHierarchy)) {
    const itil = toHalo(ctx.catalog.itilTypes, def.itilType);
    if (itil !== undefined && String(raw.itilrequesttype) !== String(itil)) continue;
    if (Object.entries(def.fields).every(([f, v]) => sameValue(raw[f], v))) return name;
  }
  return null;
}

/** `projectHierarchy`: writes the hierarchy's ITIL type (over `itilType`) and its fields. */
const projectHierarchy: FieldCodec<TicketTypeSpec> = {
  canonical: (spec) => spec.projectHierarchy,
  normalize: (live, _spec, ctx) => liveHierarchy(live.raw, ctx),
  payload(p, spec, ctx) {
    const def = spec.projectHierarchy !== undefined ? ctx.catalog.projectHierarchy[spec.projectHierarchy] : undefined;
    if (!def) return;
    const itil = toHalo(ctx.catalog.itilTypes, def.itilType);
    if (itil !== undefined) p.itilrequesttype = itil;
    Object.assign(p, def.fields);
  },
  // Only a type whose hierarchy fields match a catalog entry gets one; others leave it unmanaged.
  export: (live, ctx) => liveHierarchy(live.raw, ctx) ?? undefined,
};

/**
 * Adds field ids to the payload's field rows: the rows another codec put there already, else the
 * live rows (or, with none, the live fieldidlist). Ids already present are not added twice.
 */
function addFieldIds(p: HaloRecord, live: LiveObject | undefined, ids: readonly LiveId[]): void {
  const liveRows = live ? records(live.raw, 'fields') : [];
  const liveIds = live ? liveFieldIds(live.raw) : [];
  const rows: HaloRecord[] = Array.isArray(p.fields) ? (p.fields as HaloRecord[]) : liveRows.length > 0 ? [...liveRows] : liveIds.map((fieldid) => ({ fieldid }));
  const have = new Set([...liveIds, ...rows.map((r) => r.fieldid)].map(String));
  for (const id of ids) {
    if (have.has(String(id))) continue;
    rows.push({ fieldid: id });
    have.add(String(id));
  }
  p.fields = rows;
}

/** `fields`: catalog field names, added to the live rows (never removed). */
const fields: FieldCodec<TicketTypeSpec> = {
  set: true,
  canonical: (spec) => nameSet(spec.fields ?? []),
  normalize(live, spec, ctx) {
    const wanted = new Set(spec.fields);
    return nameSet(liveFieldNames(live.raw, ctx).filter((f) => wanted.has(f)));
  },
  payload(p, spec, ctx, live) {
    if (spec.fields === undefined) return;
    addFieldIds(p, live, spec.fields.map((f) => toHalo(ctx.catalog.ticketFields, f)).filter((id) => id !== undefined));
  },
  export(live, ctx) {
    const names = liveFieldNames(live.raw, ctx).filter((f) => ctx.catalog.ticketFields[f] !== undefined);
    return names.length > 0 ? nameSet(names) : undefined;
  },
};

/** The custom fields (CustomField names) among a live type's field rows. */
function liveCustomFields(raw: HaloRecord, ctx: KindContext): string[] {
  return liveFieldIds(raw).flatMap((id) => ctx.nameOf('CustomField', id) ?? []);
}

/**
 * Drops from the payload's field rows (set by addFieldIds) those of live custom fields not named
 * in `members`; rows of standard fields, and of ids no custom field has, stay.
 */
function dropOtherCustomFields(p: HaloRecord, members: readonly string[], ctx: KindContext): void {
  p.fields = (p.fields as HaloRecord[]).filter((r) => {
    const name = ctx.nameOf('CustomField', r.fieldid as LiveId);
    return name === undefined || hasName(members.map((m) => ctx.displayName('CustomField', m)), name);
  });
}

/**
 * `customFields`: CustomField names, sent as their ids and added to the live rows; with `mode:
 * exact` the live custom fields it does not name are compared too, and removed.
 */
const customFields: FieldCodec<TicketTypeSpec> = {
  set: true,
  canonical: (spec, ctx) => nameSet((customFieldLinks(spec)?.members ?? []).map((n) => ctx.displayName('CustomField', n))),
  normalize(live, spec, ctx) {
    const links = customFieldLinks(spec);
    const names = liveCustomFields(live.raw, ctx);
    if (links?.mode === 'exact') return nameSet(names);
    const wanted = (links?.members ?? []).map((n) => ctx.displayName('CustomField', n));
    return nameSet(names.filter((n) => hasName(wanted, n)));
  },
  payload(p, spec, ctx, live) {
    const links = customFieldLinks(spec);
    if (!links) return;
    // A name that resolves to nothing is a plan error (a reference neither declared nor live).
    addFieldIds(p, live, links.members.flatMap((n) => ctx.idOf('CustomField', n) ?? []));
    if (links.mode === 'exact') dropOtherCustomFields(p, links.members, ctx);
  },
  // Every custom field the type shows: the whole truth, as an agent's memberships are exported.
  export(live, ctx) {
    const names = nameSet(liveCustomFields(live.raw, ctx));
    return names.length > 0 ? { mode: 'exact', members: names } : undefined;
  },
};

/** Ticket types: ITIL type, use, project hierarchy, agent visibility, default team, fields, custom fields, raw. */
export const ticketTypeHandler = kindHandler(ticketTypeKind, {
  apiPath: 'TicketType',
  schema: 'RequestType',
  delete: true,
  list: (reader) => reader.list<HaloRecord>('TicketType', { showinactive: true }),
  async detail(reader, listed) {
    return listed.fields === undefined ? reader.get<HaloRecord>('TicketType', listed.id as number, { includedetails: true }) : listed;
  },
  codecs: { projectHierarchy, fields, customFields },
  // `exact` must know every live custom field (to remove the unnamed ones), named or not.
  dependsOnAll: (spec) => (customFieldLinks(spec)?.mode === 'exact' ? ['CustomField'] : []),
});
