/**
 * Ticket type (/api/TicketType, schema RequestType). Its plain fields are its table
 * (constructs/kinds/ticket-type.ts); here: the endpoint, the project hierarchy (several fields at
 * once, catalog projectHierarchy) and `fields`, which is additive: only the named fields are
 * compared, and the payload keeps live field rows (posting `fields` is assumed to replace the list).
 */
import { ticketTypeKind, type TicketTypeSpec } from '../../constructs/kinds/ticket-type.js';
import type { HaloRecord } from '../halo/types.js';
import type { FieldCodec } from './fields.js';
import { kindHandler } from './handler.js';
import { fromHalo, nameSet, records, toHalo } from './lookup.js';
import type { KindContext } from './types.js';

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
    const liveRows = live ? records(live.raw, 'fields') : [];
    const have = new Set(live ? liveFieldIds(live.raw) : []);
    const rows: HaloRecord[] = liveRows.length > 0 ? [...liveRows] : [...have].map((fieldid) => ({ fieldid }));
    for (const f of spec.fields) {
      const id = toHalo(ctx.catalog.ticketFields, f);
      if (id !== undefined && !have.has(id)) rows.push({ fieldid: id });
    }
    p.fields = rows;
  },
  export(live, ctx) {
    const names = liveFieldNames(live.raw, ctx).filter((f) => ctx.catalog.ticketFields[f] !== undefined);
    return names.length > 0 ? nameSet(names) : undefined;
  },
};

/** Ticket types: ITIL type, use, project hierarchy, agent visibility, default team, fields, raw. */
export const ticketTypeHandler = kindHandler(ticketTypeKind, {
  apiPath: 'TicketType',
  schema: 'RequestType',
  delete: true,
  list: (reader) => reader.list<HaloRecord>('TicketType', { showinactive: true }),
  async detail(reader, listed) {
    return listed.fields === undefined ? reader.get<HaloRecord>('TicketType', listed.id as number, { includedetails: true }) : listed;
  },
  codecs: { projectHierarchy, fields },
});
