/**
 * Ticket type (/api/TicketType, schema RequestType). `default_team` is a team NAME, not an id
 * (halo-api.md §2.5). ITIL type, use, project hierarchy and field ids come from the catalog.
 * `fields` is additive: only the named fields are compared, and the payload keeps live field rows
 * (posting `fields` is assumed to replace the list).
 */
import type { TicketTypeSpec } from '../../constructs/kinds/ticket-type.js';
import { ticketTypeReferences } from '../../constructs/kinds/ticket-type.js';
import type { HaloRecord } from '../halo/types.js';
import type { Canonical } from '../model/plan.js';
import type { KindContext, KindHandler } from './types.js';
import { bool, fromHalo, nameSet, records, str, toHalo } from './lookup.js';

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

function liveHierarchy(raw: HaloRecord, ctx: KindContext): string | null {
  for (const [name, def] of Object.entries(ctx.catalog.projectHierarchy)) {
    const itil = toHalo(ctx.catalog.itilTypes, def.itilType);
    if (itil !== undefined && String(raw.itilrequesttype) !== String(itil)) continue;
    if (Object.entries(def.fields).every(([f, v]) => sameValue(raw[f], v))) return name;
  }
  return null;
}

/** Ticket types: ITIL type, use, project hierarchy, agent visibility, default team, fields, raw. */
export const ticketTypeHandler: KindHandler<TicketTypeSpec> = {
  kind: 'TicketType',
  apiPath: 'TicketType',
  dependsOn: ['Team'],
  sets: ['fields'],
  delete: true,
  liveName: (raw) => str(raw, 'name') ?? '',
  list: (reader) => reader.list<HaloRecord>('TicketType', { showinactive: true }),
  async detail(reader, listed) {
    return listed.fields === undefined ? reader.get<HaloRecord>('TicketType', listed.id as number, { includedetails: true }) : listed;
  },
  references: ticketTypeReferences,
  // The hierarchy writes its own ITIL type (catalog projectHierarchy.itilType) over `itilType`, so a
  // different `itilType` could never converge: apply would write one and re-plan the other forever.
  unsupported(spec, catalog) {
    const h = spec.projectHierarchy !== undefined ? catalog.projectHierarchy[spec.projectHierarchy] : undefined;
    if (!h || spec.itilType === undefined || spec.itilType === h.itilType) return [];
    return [{
      path: 'itilType',
      message: `itilType '${spec.itilType}' contradicts projectHierarchy '${spec.projectHierarchy}', which sets the ITIL type '${h.itilType}' (set itilType: ${h.itilType} or drop one of them)`,
    }];
  },
  canonical(spec, ctx) {
    const out: Canonical = {};
    if (spec.itilType !== undefined) out.itilType = spec.itilType;
    if (spec.use !== undefined) out.use = spec.use;
    if (spec.projectHierarchy !== undefined) out.projectHierarchy = spec.projectHierarchy;
    if (spec.visibleToAgents !== undefined) out.visibleToAgents = spec.visibleToAgents;
    if (spec.agentsCanLog !== undefined) out.agentsCanLog = spec.agentsCanLog;
    if (spec.defaultTeam !== undefined) out.defaultTeam = ctx.displayName('Team', spec.defaultTeam);
    if (spec.fields !== undefined) out.fields = nameSet(spec.fields);
    if (spec.raw !== undefined) out.raw = { ...spec.raw };
    return out;
  },
  normalize(live, spec, ctx) {
    const raw = live.raw;
    const out: Canonical = {};
    if (spec.itilType !== undefined) out.itilType = fromHalo(ctx.catalog.itilTypes, raw.itilrequesttype);
    if (spec.use !== undefined) out.use = fromHalo(ctx.catalog.ticketUse, raw.use);
    if (spec.projectHierarchy !== undefined) out.projectHierarchy = liveHierarchy(raw, ctx);
    if (spec.visibleToAgents !== undefined) out.visibleToAgents = bool(raw, 'agentscanselect');
    if (spec.agentsCanLog !== undefined) out.agentsCanLog = bool(raw, 'cancreate');
    if (spec.defaultTeam !== undefined) out.defaultTeam = str(raw, 'default_team') ?? null;
    if (spec.fields !== undefined) {
      const wanted = new Set(spec.fields);
      out.fields = nameSet(liveFieldNames(raw, ctx).filter((f) => wanted.has(f)));
    }
    if (spec.raw !== undefined) {
      const r: Record<string, unknown> = {};
      for (const k of Object.keys(spec.raw)) r[k] = raw[k] ?? null;
      out.raw = r;
    }
    return out;
  },
  toPayload(desired, ctx, live) {
    const spec = desired.spec;
    const p: HaloRecord = live ? { id: live.id, name: desired.name } : { name: desired.name };
    if (spec.itilType !== undefined) p.itilrequesttype = toHalo(ctx.catalog.itilTypes, spec.itilType) ?? spec.itilType;
    if (spec.use !== undefined) p.use = toHalo(ctx.catalog.ticketUse, spec.use) ?? spec.use;
    if (spec.projectHierarchy !== undefined) {
      const def = ctx.catalog.projectHierarchy[spec.projectHierarchy];
      if (def) {
        const itil = toHalo(ctx.catalog.itilTypes, def.itilType);
        if (itil !== undefined) p.itilrequesttype = itil;
        Object.assign(p, def.fields);
      }
    }
    if (spec.visibleToAgents !== undefined) p.agentscanselect = spec.visibleToAgents;
    if (spec.agentsCanLog !== undefined) p.cancreate = spec.agentsCanLog;
    if (spec.defaultTeam !== undefined) p.default_team = ctx.displayName('Team', spec.defaultTeam);
    if (spec.fields !== undefined) {
      const liveRows = live ? records(live.raw, 'fields') : [];
      const have = new Set(live ? liveFieldIds(live.raw) : []);
      const rows: HaloRecord[] = liveRows.length > 0 ? [...liveRows] : [...have].map((fieldid) => ({ fieldid }));
      for (const f of spec.fields) {
        const id = toHalo(ctx.catalog.ticketFields, f);
        if (id !== undefined && !have.has(id)) rows.push({ fieldid: id });
      }
      p.fields = rows;
    }
    if (spec.raw !== undefined) Object.assign(p, spec.raw);
    return p;
  },
  toSpec(live, ctx) {
    const raw = live.raw;
    const spec: TicketTypeSpec = {
      visibleToAgents: bool(raw, 'agentscanselect'),
      agentsCanLog: bool(raw, 'cancreate'),
    };
    const itil = fromHalo(ctx.catalog.itilTypes, raw.itilrequesttype);
    if (typeof itil === 'string') spec.itilType = itil;
    const use = fromHalo(ctx.catalog.ticketUse, raw.use);
    if (typeof use === 'string') spec.use = use;
    // Only a type whose hierarchy fields match a catalog entry gets one; others leave it unmanaged.
    const hierarchy = liveHierarchy(raw, ctx);
    if (hierarchy !== null) spec.projectHierarchy = hierarchy;
    const team = str(raw, 'default_team');
    if (team) spec.defaultTeam = team;
    const fields = liveFieldNames(raw, ctx).filter((f) => ctx.catalog.ticketFields[f] !== undefined);
    if (fields.length > 0) spec.fields = nameSet(fields);
    return spec;
  },
};
