/**
 * The handler half of a field table (constructs/fields.ts): the canonical form, normalize, the
 * POST payload, export and whether a detail read is needed, derived from each field's line, so a
 * field is written once and cannot be compared one way and sent another. `custom` fields bring
 * their own codec (FieldCodec), written next to the kind's handler.
 */
import type { ChoiceField, Field, RefField } from '../../constructs/fields.js';
import type { Catalog, CatalogValue } from '../model/catalog.js';
import type { Canonical } from '../model/plan.js';
import type { HaloRecord } from '../halo/types.js';
import { bool, fromHalo, nameSet, records, str, toHalo } from './lookup.js';
import type { KindContext, LiveId, LiveObject } from './types.js';

/** The hand-written codec of a `custom` field. */
export interface FieldCodec<S> {
  /** The field is compared as a set (`true`), or these paths below it are (`['ticketTypes']`: `access.ticketTypes`). */
  readonly set?: true | readonly string[];
  /** Canonical desired value; called when the spec sets the field (undefined: nothing to compare). */
  canonical(spec: S, ctx: KindContext): unknown;
  /** Canonical live value, reduced to what the spec sets; called when the spec sets the field. */
  normalize(live: LiveObject, spec: S, ctx: KindContext): unknown;
  /** Writes the field into the POST item; called for every payload (the codec decides whether it applies). */
  payload(p: HaloRecord, spec: S, ctx: KindContext, live?: LiveObject): void;
  /** The friendly value export writes (undefined: nothing). */
  export?(live: LiveObject, ctx: KindContext): unknown;
}

/** The codecs of a kind's custom fields, by spec key. */
export type Codecs<S, K extends string> = { readonly [P in K]: FieldCodec<S> };

/** Everything a table gives a handler. */
export interface TableMapping<S> {
  /** Canonical paths compared as sets. */
  readonly sets: readonly string[];
  canonical(spec: S, ctx: KindContext): Canonical;
  normalize(live: LiveObject, spec: S, ctx: KindContext): Canonical;
  /** Writes every field the spec sets (and create defaults) into `p`, in table order. */
  payload(p: HaloRecord, spec: S, ctx: KindContext, live?: LiveObject): void;
  /** The live object as a spec; `listOnly`: only the fields the list form has (no detail read was made). */
  toSpec(live: LiveObject, ctx: KindContext, options?: SpecOptions): S;
  /** Present when some field is detail-only: whether this spec sets one. */
  needsDetail?(spec: S): boolean;
  /** Present when some field is detail-only: whether export writes one (its rule is not `never`). */
  readonly exportNeedsDetail?: boolean;
}

type Table<S> = Readonly<Record<string, Field<S>>>;

/** How toSpec reads a live object. */
export interface SpecOptions {
  /** The object was read from its list only: detail-only fields are left out (they would read as missing). */
  listOnly?: boolean;
}

/** A choice's value table: its catalog section's, or its own. */
function valuesOf(f: ChoiceField, catalog: Catalog): Record<string, CatalogValue<unknown>> | undefined {
  return f.section ? (catalog[f.section] as Record<string, CatalogValue<unknown>>) : f.values;
}

/** The name a by-id reference reads as (see RefField). */
function refName(f: RefField, raw: HaloRecord, ctx: KindContext): string | null {
  const id = raw[f.halo];
  const named = f.nameField ? str(raw, f.nameField) : undefined;
  if (id === undefined || id === null || id === 0) return f.nameWithoutId ? named || null : null;
  return ctx.nameOf(f.kind, id as LiveId) ?? named ?? (f.unresolved === 'id' ? String(id) : null);
}

function canonicalOf<S>(f: Field<S>, v: unknown, ctx: KindContext): unknown {
  switch (f.type) {
    case 'ref':
      return ctx.displayName(f.kind, v as string);
    case 'refList':
      return nameSet((v as string[]).map((n) => ctx.displayName(f.kind, n)));
    case 'choiceSet':
    case 'namedList':
      return nameSet((v ?? []) as string[]);
    case 'raw':
      return { ...(v as Record<string, unknown>) };
    default:
      return v;
  }
}

function normalizeOf<S>(f: Field<S>, v: unknown, raw: HaloRecord, ctx: KindContext): unknown {
  switch (f.type) {
    case 'text':
      return str(raw, f.halo) ?? '';
    case 'flag':
      return f.negate ? !bool(raw, f.halo) : bool(raw, f.halo);
    case 'ref':
      return f.by === 'id' ? refName(f, raw, ctx) : (str(raw, f.halo) ?? null);
    case 'refList':
      return nameSet(records(raw, f.halo).map((r) => ctx.nameOf(f.kind, r[f.idKey] as LiveId) ?? str(r, f.nameKey) ?? ''));
    case 'choice':
      return fromHalo(valuesOf(f, ctx.catalog), raw[f.halo]);
    case 'choiceSet':
      return nameSet(Object.entries(ctx.catalog[f.section]).filter(([, e]) => bool(raw, e.halo)).map(([name]) => name));
    case 'namedList':
      return nameSet(records(raw, f.halo).map((s) => str(s, f.key) ?? '').filter((s) => s !== ''));
    case 'scalar':
      return raw[f.halo] ?? null;
    case 'raw':
      return Object.fromEntries(Object.keys(v as Record<string, unknown>).map((k) => [k, raw[k] ?? null]));
    case 'custom':
      throw new Error('internal: a custom field is normalized by its codec');
  }
}

function payloadOf<S>(p: HaloRecord, f: Field<S>, v: unknown, ctx: KindContext): void {
  switch (f.type) {
    case 'text':
    case 'scalar':
      p[f.halo] = v;
      return;
    case 'flag':
      p[f.halo] = f.negate ? !v : v;
      return;
    case 'ref':
      p[f.halo] = f.by === 'id' ? ctx.idOf(f.kind, v as string) : ctx.displayName(f.kind, v as string);
      return;
    case 'refList':
      p[f.halo] = (v as string[]).map((n) => ({ [f.idKey]: ctx.idOf(f.kind, n), [f.nameKey]: ctx.displayName(f.kind, n) }));
      return;
    case 'choice':
      p[f.halo] = toHalo(valuesOf(f, ctx.catalog), String(v)) ?? v;
      return;
    case 'choiceSet':
      for (const [name, e] of Object.entries(ctx.catalog[f.section])) p[e.halo] = (v as string[]).includes(name);
      return;
    case 'namedList':
      p[f.halo] = nameSet((v ?? []) as string[]).map((name) => ({ [f.key]: name }));
      return;
    case 'raw':
      Object.assign(p, v);
      return;
    case 'custom':
      throw new Error('internal: a custom field is written by its codec');
  }
}

/** The friendly value export writes for a field, or undefined (see ExportRule). */
function exportOf<S>(f: Field<S>, raw: HaloRecord, ctx: KindContext): unknown {
  switch (f.export) {
    case 'never':
      return undefined;
    case 'value': {
      const halo = 'halo' in f ? raw[f.halo] : undefined;
      if (halo === undefined || halo === null) return undefined;
      const friendly = f.type === 'choice' ? fromHalo(valuesOf(f, ctx.catalog), halo) : halo;
      return ['string', 'number', 'boolean'].includes(typeof friendly) ? friendly : undefined;
    }
    default: {
      const reading = normalizeOf(f, undefined, raw, ctx);
      if (f.export === 'always') return reading;
      if (f.export === 'named') return typeof reading === 'string' ? reading : undefined;
      return (typeof reading === 'string' || Array.isArray(reading)) && reading.length > 0 ? reading : undefined;
    }
  }
}

/** The set paths of a table: its set-like fields, and what custom codecs declare. */
function setPaths<S>(table: Table<S>, codecs: Readonly<Record<string, FieldCodec<S>>>): string[] {
  return Object.entries(table).flatMap(([key, f]) => {
    if (f.type === 'choiceSet' || f.type === 'refList' || f.type === 'namedList') return [key];
    const set = f.type === 'custom' ? codecs[key]?.set : undefined;
    return set === true ? [key] : (set ?? []).map((p) => `${key}.${p}`);
  });
}

/**
 * What a table gives a handler. `table` is the kind's field source: a static table, or (Settings)
 * one the catalog supplies, whose spec keys outside the catalog are still compared (against nothing
 * live), never silently dropped.
 */
export function tableMapping<S extends object>(
  source: Table<S> | ((catalog: Catalog) => Table<S>),
  codecs: Readonly<Record<string, FieldCodec<S>>>,
): TableMapping<S> {
  const open = typeof source === 'function';
  const tableFor = (catalog: Catalog): Table<S> => (typeof source === 'function' ? source(catalog) : source);
  const codec = (key: string): FieldCodec<S> => {
    const c = codecs[key];
    if (!c) throw new Error(`internal: custom field ${key} has no codec`);
    return c;
  };
  const staticTable = open ? {} : tableFor({} as Catalog);
  const detailKeys = Object.entries(staticTable).filter(([, f]) => f.detailOnly).map(([k]) => k);
  const values = (spec: S) => spec as Record<string, unknown>;

  return {
    sets: setPaths(staticTable, codecs),
    canonical(spec, ctx) {
      const table = tableFor(ctx.catalog);
      const out: Canonical = {};
      for (const [key, f] of Object.entries(table)) {
        const v = values(spec)[key];
        if (f.type === 'custom') {
          const c = v === undefined ? undefined : codec(key).canonical(spec, ctx);
          if (c !== undefined) out[key] = c;
        } else if (v !== undefined || (f.type === 'namedList' && f.required)) out[key] = canonicalOf(f, v, ctx);
      }
      if (open) for (const [key, v] of Object.entries(values(spec))) if (!(key in table) && v !== undefined) out[key] = v;
      return out;
    },
    normalize(live, spec, ctx) {
      const table = tableFor(ctx.catalog);
      const out: Canonical = {};
      for (const [key, f] of Object.entries(table)) {
        const v = values(spec)[key];
        if (f.type === 'custom') {
          const n = v === undefined ? undefined : codec(key).normalize(live, spec, ctx);
          if (n !== undefined) out[key] = n;
        } else if (v !== undefined || (f.type === 'namedList' && f.required)) out[key] = normalizeOf(f, v, live.raw, ctx);
      }
      if (open) for (const [key, v] of Object.entries(values(spec))) if (!(key in table) && v !== undefined) out[key] = null;
      return out;
    },
    payload(p, spec, ctx, live) {
      for (const [key, f] of Object.entries(tableFor(ctx.catalog))) {
        if (f.type === 'custom') {
          codec(key).payload(p, spec, ctx, live);
          continue;
        }
        const given = values(spec)[key];
        const v = given ?? (!live && (f.type === 'flag' || f.type === 'choice') ? f.createDefault : undefined);
        if (v !== undefined || (f.type === 'namedList' && f.required)) payloadOf(p, f, v, ctx);
      }
    },
    toSpec(live, ctx, options = {}) {
      const out: Record<string, unknown> = {};
      for (const [key, f] of Object.entries(tableFor(ctx.catalog))) {
        if (options.listOnly && f.detailOnly) continue;
        const v = f.type !== 'custom' ? exportOf(f, live.raw, ctx) : f.export === 'never' ? undefined : codec(key).export?.(live, ctx);
        if (v !== undefined) out[key] = v;
      }
      return out as S;
    },
    ...(detailKeys.length > 0
      ? {
          needsDetail: (spec: S) => detailKeys.some((k) => values(spec)[k] !== undefined),
          exportNeedsDetail: detailKeys.some((k) => staticTable[k]?.export !== 'never'),
        }
      : {}),
  };
}
