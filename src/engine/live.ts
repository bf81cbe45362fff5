/**
 * Reading the live tenant: one list call per kind, then detail reads only for the
 * MANAGED objects whose list form lacks compared fields (design.md §3 "Read"). Never a read per
 * unmanaged object. At most `parallelism` requests are in flight (--parallelism, default 4).
 * Customers (/api/Client) are not a managed kind: they are listed once, and only when a declared
 * object names customers (an agent's `access.customers` list), never read one by one.
 * The snapshot keeps the desired state it was read for, so fingerprints can be recomputed later
 * (findStale).
 */
import type { Catalog } from '../model/catalog.js';
import type { DesiredObject, DesiredState } from '../model/desired.js';
import type { KindName } from '../model/kinds.js';
import type { HaloReader, HaloRecord } from '../halo/types.js';
import type { Customer, LiveId, LiveObject, LoginRight } from '../kinds/types.js';
import { HANDLERS, handlerFor, kindOrder } from '../kinds/index.js';
import { readCustomers } from '../kinds/lookup.js';
import type { EngineEventSink } from './events.js';
import { LiveIndex } from './match.js';
import { mapPool } from './pool.js';

/** The live side of a plan. */
export interface LiveSnapshot {
  /** Live objects per kind read (kinds not read are absent). */
  objects: Partial<Record<KindName, LiveObject[]>>;
  /**
   * The agent halo-iac logs in as (GET /api/Agent/me), when it was read, with the roles and
   * memberships its rights come from (the login kind's loginRights; absent when unknown).
   */
  me?: { id: LiveId; name: string; rights?: LoginRight[] };
  /** Every live customer, when a declared object names customers (else absent: not read). */
  customers?: Customer[];
  /** reader.stats.reads when reading finished (plan's api_calls.read). */
  reads: number;
  /** The desired objects this snapshot was read for (absent for export reads). */
  desired?: DesiredObject[];
  /** The catalog of that state (normalising again needs it). */
  catalog?: Catalog;
}

function toLive(kind: KindName, raw: HaloRecord): LiveObject {
  const h = handlerFor(kind);
  return { id: raw.id as LiveId, name: h.liveName(raw), raw };
}

/** Default number of reads in flight (the CLI passes --parallelism). */
export const DEFAULT_READ_PARALLELISM = 4;

/** How readLive / readLiveForExport read. */
export interface ReadOptions {
  /** Most requests in flight at once, lists and detail reads alike (default 4). */
  parallelism?: number;
}

/** One kind's list plus the objects of it that need a detail read. */
interface Listed {
  kind: KindName;
  listed: LiveObject[];
  wanted: LiveObject[];
}

async function listKind(kind: KindName, reader: HaloReader, declared: readonly DesiredObject[] | 'all', onEvent?: EngineEventSink): Promise<Listed> {
  const h = handlerFor(kind);
  const listed = (await h.list(reader)).map((raw) => toLive(kind, raw));
  onEvent?.({ type: 'read', kind, count: listed.length });
  if (!h.detail) return { kind, listed, wanted: [] };
  if (declared === 'all') return { kind, listed, wanted: listed };
  const index = new LiveIndex(kind, listed);
  const needed = declared.filter((d) => !d.absent && (h.needsDetail?.(d.spec) ?? true));
  const ids = new Set(needed.map((d) => index.match(d)?.live.id).filter((id) => id !== undefined).map(String));
  return { kind, listed, wanted: listed.filter((o) => ids.has(String(o.id))) };
}

/**
 * Lists every kind, then runs the detail reads of all kinds through ONE pool, so `parallelism`
 * bounds the whole read (1,000 managed agents never mean 1,000 concurrent GETs).
 */
async function readKinds(
  kinds: readonly { kind: KindName; declared: readonly DesiredObject[] | 'all' }[],
  reader: HaloReader,
  parallelism: number,
  onEvent?: EngineEventSink,
): Promise<Partial<Record<KindName, LiveObject[]>>> {
  const lists = await mapPool(kinds, parallelism, (k) => listKind(k.kind, reader, k.declared, onEvent));
  const jobs = lists.flatMap((l) => l.wanted.map((o) => ({ kind: l.kind, o })));
  const detailed = await mapPool(jobs, parallelism, async ({ kind, o }) => {
    const h = handlerFor(kind);
    return toLive(kind, { ...o.raw, ...(h.detail ? await h.detail(reader, o.raw) : {}) });
  });
  const byKey = new Map(detailed.map((o, i) => [`${jobs[i]?.kind ?? ''}/${String(o.id)}`, o]));
  const out: Partial<Record<KindName, LiveObject[]>> = {};
  for (const l of lists) {
    if (l.wanted.length > 0) onEvent?.({ type: 'detail', kind: l.kind, count: l.wanted.length });
    out[l.kind] = l.listed.map((o) => byKey.get(`${l.kind}/${String(o.id)}`) ?? o);
  }
  return out;
}

/** The kind halo-iac logs in as, when it can say where that login's rights come from. */
const loginKind = Object.values(HANDLERS).find((h) => h.login === 'me' && h.loginRights);

async function readMe(reader: HaloReader, needRights: boolean): Promise<LiveSnapshot['me']> {
  const me = await reader.me();
  if (me.id === undefined || me.id === null) return undefined;
  let rights = loginKind?.loginRights?.of(me);
  // An answer without the rights (a list form), when a declared kind needs them: one detail read says.
  if (!rights && needRights && loginKind?.detail) rights = loginKind.loginRights?.of({ ...me, ...(await loginKind.detail(reader, me)) });
  return { id: me.id as LiveId, name: String(me.name ?? ''), ...(rights ? { rights } : {}) };
}

/** The kinds a desired state needs: declared kinds plus the kinds they reference. */
export function kindsToRead(objects: readonly DesiredObject[]): KindName[] {
  const kinds = new Set<KindName>();
  for (const o of objects) {
    kinds.add(o.kind);
    for (const d of handlerFor(o.kind).dependsOn) kinds.add(d);
  }
  return kindOrder().filter((k) => kinds.has(k));
}

/** Reads what `state` needs to be planned: lists, managed details, and `me`. */
export async function readLive(state: DesiredState, reader: HaloReader, onEvent?: EngineEventSink, options: ReadOptions = {}): Promise<LiveSnapshot> {
  const kinds = kindsToRead(state.objects).map((kind) => ({ kind, declared: state.objects.filter((o) => o.kind === kind) }));
  // Who halo-iac is matters to every kind it could lock itself out of (the `login` capability). An
  // empty environment still reads `me`: a drift check with broken credentials must fail, not say "No changes".
  const needRights = state.objects.some((o) => loginKind?.loginRights?.kinds.includes(o.kind) === true);
  const needsMe = state.objects.length === 0 || needRights || state.objects.some((o) => handlerFor(o.kind).login !== undefined);
  const needsCustomers = state.objects.some((o) => !o.absent && handlerFor(o.kind).needsCustomers?.(o.spec) === true);
  // `me` and the customers are read before the pool starts, so they never add to the in-flight bound.
  const me = needsMe ? await readMe(reader, needRights) : undefined;
  const customers = needsCustomers ? await readCustomers(reader) : undefined;
  const objects = await readKinds(kinds, reader, options.parallelism ?? DEFAULT_READ_PARALLELISM, onEvent);
  return { objects, me, ...(customers ? { customers } : {}), reads: reader.stats.reads, desired: state.objects, catalog: state.catalog };
}

/** Reads every object of the given kinds (default: all) with details, for `export`. */
export async function readLiveForExport(
  reader: HaloReader,
  catalog: Catalog,
  kinds?: readonly KindName[],
  onEvent?: EngineEventSink,
  options: ReadOptions = {},
): Promise<LiveSnapshot> {
  const wanted = kindOrder().filter((k) => !kinds || kinds.includes(k));
  // References inside exported specs (team -> department...) need the referenced kinds too.
  const toRead = kindOrder()
    .filter((k) => wanted.includes(k) || wanted.some((w) => handlerFor(w).dependsOn.includes(k)))
    .map((kind) => ({ kind, declared: wanted.includes(kind) ? ('all' as const) : [] }));
  const objects = await readKinds(toRead, reader, options.parallelism ?? DEFAULT_READ_PARALLELISM, onEvent);
  return { objects, reads: reader.stats.reads, catalog };
}
