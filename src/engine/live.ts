/**
 * Reading the live tenant: one list call per kind the manifests declare or refer to, then detail
 * reads only for the MANAGED objects whose list form lacks compared fields (design.md §3 "Read"),
 * and for each object a delete will destroy whose kind's list lacks exported fields (a destroy
 * shows the whole object). No read per unmanaged object, unless `policy.unmanaged: error` asks
 * for what finding hand-made admins takes (planDetails). Export reads details only where its
 * specs need them. At most `parallelism` requests are in flight (--parallelism, default 4).
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
import { LOGIN_HANDLER, handlerFor, kindOrder } from '../kinds/index.js';
import { readCustomers, sameId } from '../kinds/lookup.js';
import { riskKinds } from './unmanaged.js';
import { dependentKinds } from './destroy.js';
import type { EngineEventSink } from './events.js';
import { selector, selectsKind, type ExportSelection } from './export-selection.js';
import { LiveIndex } from './match.js';
import { mapPool } from './pool.js';

/** The live side of a plan. */
export interface LiveSnapshot {
  /** Live objects per kind read (kinds not read are absent). */
  objects: Partial<Record<KindName, LiveObject[]>>;
  /**
   * The agent halo-iac logs in as (GET /api/Agent/me), when it was read, with the roles and
   * memberships its rights come from (the login kind's loginRights; absent when unknown), and,
   * when they were needed but could not be read, why (`rightsUnknown`: the guards then fail closed).
   */
  me?: { id: LiveId; name: string; rights?: LoginRight[]; rightsUnknown?: string };
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
  /**
   * false: skip the reads `policy.unmanaged: error` adds (apply's verification re-read checks the
   * changes it made, not what nobody manages). Default: as the policy says.
   */
  unmanaged?: boolean;
}

/** One kind's list plus the objects of it that need a detail read. */
interface Listed {
  kind: KindName;
  listed: LiveObject[];
  wanted: LiveObject[];
}

/** Which listed objects of a kind get a detail read. */
type DetailChoice = (kind: KindName, listed: LiveObject[]) => LiveObject[];

async function listKind(kind: KindName, reader: HaloReader, catalog: Catalog, choose: DetailChoice, onEvent?: EngineEventSink): Promise<Listed> {
  const h = handlerFor(kind);
  const listed = (await h.list(reader, catalog)).map((raw) => toLive(kind, raw));
  onEvent?.({ type: 'read', kind, count: listed.length });
  return { kind, listed, wanted: h.detail ? choose(kind, listed) : [] };
}

/**
 * Plan's choice: the MANAGED objects whose spec sets a field only the detail read has; each object
 * a delete will destroy, when its kind's list lacks exported fields (a destroy shows the whole
 * object: one read each, and destroys are rare); and with `unmanaged` (policy.unmanaged: error)
 * each unmanaged object whose list record lacks what its risks need (unmanagedUnread), except
 * halo-iac's own login agent (`loginId`), which is never refused.
 */
function planDetails(declared: ReadonlyMap<KindName, DesiredObject[]>, unmanaged: boolean, loginId: LiveId | undefined): DetailChoice {
  return (kind, listed) => {
    const h = handlerFor(kind);
    const ofKind = declared.get(kind) ?? [];
    const needed = ofKind.filter((d) => (d.absent ? h.exportNeedsDetail === true : (h.needsDetail?.(d.spec) ?? true)));
    const lacking = unmanaged ? h.unmanagedUnread : undefined;
    if (needed.length === 0 && !lacking) return [];
    const index = new LiveIndex(kind, listed);
    const ids = new Set(needed.map((d) => index.match(d)?.live.id).filter((id) => id !== undefined).map(String));
    if (lacking) {
      const managed = new Set(ofKind.map((d) => index.match(d)?.live.id).filter((id) => id !== undefined).map(String));
      for (const o of listed) {
        const mine = h.login === 'me' && loginId !== undefined && sameId(loginId, o.id);
        if (!managed.has(String(o.id)) && !mine && exportsObject(kind, o) && lacking.lacks(o.raw)) ids.add(String(o.id));
      }
    }
    return listed.filter((o) => ids.has(String(o.id)));
  };
}

/** Lists every kind through one pool of `parallelism`. */
function listKinds(kinds: readonly KindName[], reader: HaloReader, catalog: Catalog, choose: DetailChoice, parallelism: number, onEvent?: EngineEventSink): Promise<Listed[]> {
  return mapPool(kinds, parallelism, (kind) => listKind(kind, reader, catalog, choose, onEvent));
}

/**
 * Runs the detail reads of all kinds through ONE pool, so `parallelism` bounds the whole read
 * (1,000 managed agents never mean 1,000 concurrent GETs), and merges them into the lists.
 * `announce` sends `details-started` (the generic estimate); export gives its own (onEstimate).
 */
async function withDetails(
  lists: readonly Listed[],
  reader: HaloReader,
  parallelism: number,
  onEvent?: EngineEventSink,
  announce = true,
): Promise<Partial<Record<KindName, LiveObject[]>>> {
  const jobs = lists.flatMap((l) => l.wanted.map((o) => ({ kind: l.kind, o })));
  if (jobs.length > 0 && announce) onEvent?.({ type: 'details-started', count: jobs.length, ...(reader.budget ? { budget: reader.budget } : {}) });
  const detailed = await mapPool(jobs, parallelism, async ({ kind, o }): Promise<LiveObject> => {
    const h = handlerFor(kind);
    return { ...toLive(kind, { ...o.raw, ...(h.detail ? await h.detail(reader, o.raw) : {}) }), detailed: true };
  });
  const byKey = new Map(detailed.map((o, i) => [`${jobs[i]?.kind ?? ''}/${String(o.id)}`, o]));
  const out: Partial<Record<KindName, LiveObject[]>> = {};
  for (const l of lists) {
    if (l.wanted.length > 0) onEvent?.({ type: 'detail', kind: l.kind, count: l.wanted.length });
    out[l.kind] = l.wanted.length === 0 ? l.listed : l.listed.map((o) => byKey.get(`${l.kind}/${String(o.id)}`) ?? o);
  }
  return out;
}


/**
 * Who halo-iac is. When `needRights` (a change could take the login agent's rights away) and
 * neither Agent/me nor the agent's detail says usably where they come from, `rightsUnknown` says
 * why, and the guards refuse such changes (fail closed, issue 9 §4).
 */
async function readMe(reader: HaloReader, needRights: boolean): Promise<LiveSnapshot['me']> {
  const me = await reader.me();
  if (me.id === undefined || me.id === null) return undefined;
  const at = LOGIN_HANDLER?.loginRights;
  let rights = at?.of(me);
  let unknown: string | undefined;
  if (!rights && needRights && at) {
    // An answer without the rights (a list form), when a declared kind needs them: one detail read says.
    const detail = LOGIN_HANDLER?.detail ? { ...me, ...(await LOGIN_HANDLER.detail(reader, me)) } : undefined;
    rights = detail ? at.of(detail) : undefined;
    if (!rights) unknown = `GET /api/Agent/me: ${at.problem(me)}${detail ? `; its detail (GET /api/Agent/${String(me.id)}): ${at.problem(detail)}` : ''}`;
  }
  return { id: me.id as LiveId, name: String(me.name ?? ''), ...(rights ? { rights } : {}), ...(unknown ? { rightsUnknown: unknown } : {}) };
}

/**
 * The kinds a desired state needs read, in kind order: each declared kind (absent objects too:
 * a delete must find its object), and each kind a declared object refers to, by name (a reference
 * to a kind nobody declares still needs its list to resolve the name) or through `members: all`
 * (dependsOnAll); and for a delete, the kinds that may refer to it (its dependents are found in
 * their lists). Nothing else: a kind's handler may depend on a kind (Agent on Role), but without a
 * reference to it there is no name to resolve, so it is not read.
 */
export function kindsToRead(objects: readonly DesiredObject[]): KindName[] {
  const kinds = new Set<KindName>(dependentKinds(objects));
  for (const o of objects) {
    kinds.add(o.kind);
    if (o.absent) continue;
    const h = handlerFor(o.kind);
    for (const r of h.references(o.spec)) kinds.add(r.kind);
    for (const k of h.dependsOnAll?.(o.spec) ?? []) kinds.add(k);
  }
  return kindOrder().filter((k) => kinds.has(k));
}

/** Of the detail reads chosen, how many per kind are for unmanaged objects (what policy.unmanaged: error costs). */
function unmanagedReads(lists: readonly Listed[], declared: ReadonlyMap<KindName, DesiredObject[]>): { kind: KindName; count: number }[] {
  return lists
    .map((l) => {
      const index = new LiveIndex(l.kind, l.listed);
      const managed = new Set((declared.get(l.kind) ?? []).map((d) => index.match(d)?.live.id).filter((id) => id !== undefined).map(String));
      return { kind: l.kind, count: l.wanted.filter((o) => !managed.has(String(o.id))).length };
    })
    .filter((w) => w.count > 0);
}

/** Reads what `state` needs to be planned: lists, managed details, and `me`. */
export async function readLive(state: DesiredState, reader: HaloReader, onEvent?: EngineEventSink, options: ReadOptions = {}): Promise<LiveSnapshot> {
  const declared = new Map<KindName, DesiredObject[]>();
  for (const o of state.objects) {
    const ofKind = declared.get(o.kind);
    if (ofKind) ofKind.push(o);
    else declared.set(o.kind, [o]);
  }
  // Who halo-iac is matters to every kind it could lock itself out of (the `login` capability). An
  // empty environment still reads `me`: a drift check with broken credentials must fail, not say "No changes".
  // The login agent's rights matter only where a change could take them away: any change to a kind
  // it holds (roles), or the delete of one it is a member of (teams, departments). Otherwise the
  // read stays at its floor (issue 12 §1).
  const rightsAt = LOGIN_HANDLER?.loginRights;
  const needRights = rightsAt !== undefined && state.objects.some((o) => rightsAt.held.includes(o.kind) || (o.absent && rightsAt.memberOf.includes(o.kind)));
  // policy.unmanaged: error refuses hand-made privileged objects, so it reads what finding them
  // takes (issue 10 §3): the lists of every kind that can carry such risks, the details their lists
  // lack, and `me` (halo-iac's own login is never refused).
  const strict = state.environment.policy.unmanaged === 'error' && options.unmanaged !== false;
  const needsMe = strict || state.objects.length === 0 || needRights || state.objects.some((o) => handlerFor(o.kind).login !== undefined);
  const needsCustomers = state.objects.some((o) => !o.absent && handlerFor(o.kind).needsCustomers?.(o.spec) === true);
  // `me` and the customers are read before the pool starts, so they never add to the in-flight bound.
  const me = needsMe ? await readMe(reader, needRights) : undefined;
  const customers = needsCustomers ? await readCustomers(reader, state.catalog) : undefined;
  const parallelism = options.parallelism ?? DEFAULT_READ_PARALLELISM;
  const toRead = kindsToRead(state.objects);
  const kinds = strict ? kindOrder().filter((k) => toRead.includes(k) || riskKinds().includes(k)) : toRead;
  const lists = await listKinds(kinds, reader, state.catalog, planDetails(declared, strict, me?.id), parallelism, onEvent);
  if (strict) {
    const unmanaged = unmanagedReads(lists, declared);
    if (unmanaged.length > 0) onEvent?.({ type: 'unmanaged-details', work: unmanaged });
  }
  const objects = await withDetails(lists, reader, parallelism, onEvent);
  return { objects, me, ...(customers ? { customers } : {}), reads: reader.stats.reads, desired: state.objects, catalog: state.catalog };
}

/** What an export will still cost once its lists are read: shown before the detail reads start. */
export interface ExportEstimate {
  /** Calls the lists took (pages included). */
  listCalls: number;
  /** Wall time of the list phase, in ms (with `parallelism`, a measure of one round of calls). */
  listMs: number;
  /** Detail reads to make, per kind (kinds without any are left out), in kind order. */
  details: { kind: KindName; count: number }[];
  /** The reads' parallelism. */
  parallelism: number;
}

/** How readLiveForExport reads: ReadOptions plus the estimate callback. */
export interface ExportReadOptions extends ReadOptions {
  /** Hears the estimate after the lists, before any detail read (awaited: it may print). */
  onEstimate?(estimate: ExportEstimate): void | Promise<void>;
}

/** Whether export writes this live object at all (a name to write it under, not a system object). */
export function exportsObject(kind: KindName, o: LiveObject): boolean {
  return o.name.trim() !== '' && (handlerFor(kind).exportable?.(o.raw) ?? true);
}

/**
 * Export's choice: the selected objects of the selected kinds, when the kind exports a field only
 * the detail read has (the field table says: `exportNeedsDetail`; a kind whose table declares no
 * detail-only field leaves it to its handler's detail, which reads only what the list lacked).
 * Kinds read only because exported specs refer to them (team -> department) are never detailed.
 */
function exportDetails(selection: ExportSelection): DetailChoice {
  const selected = selector(selection);
  return (kind, listed) => {
    const h = handlerFor(kind);
    if (!selectsKind(selection, kind) || h.exportNeedsDetail === false) return [];
    return listed.filter((o) => exportsObject(kind, o) && selected(kind, o.name));
  };
}

/** The kinds export lists, in kind order: the selected ones, and the kinds their specs may refer to (team -> department). */
export function exportKinds(selection: ExportSelection): KindName[] {
  const wanted = kindOrder().filter((k) => selectsKind(selection, k));
  return kindOrder().filter((k) => wanted.includes(k) || wanted.some((w) => handlerFor(w).dependsOn.includes(k)));
}

/**
 * Reads what `export` writes: every object of the selected kinds (default: all), details only for
 * the selected objects of kinds that export detail-only fields, plus the lists of the kinds those
 * objects' specs refer to. `onEstimate` hears the cost of the detail reads before they start.
 */
export async function readLiveForExport(
  reader: HaloReader,
  catalog: Catalog,
  selection: ExportSelection = {},
  onEvent?: EngineEventSink,
  options: ExportReadOptions = {},
): Promise<LiveSnapshot> {
  const toRead = exportKinds(selection);
  const parallelism = options.parallelism ?? DEFAULT_READ_PARALLELISM;
  const before = reader.stats.reads;
  const t0 = performance.now();
  const lists = await listKinds(toRead, reader, catalog, exportDetails(selection), parallelism, onEvent);
  const details = lists.filter((l) => l.wanted.length > 0).map((l) => ({ kind: l.kind, count: l.wanted.length }));
  await options.onEstimate?.({ listCalls: reader.stats.reads - before, listMs: performance.now() - t0, details, parallelism });
  // One estimate: the caller's, when it asked for one (two differing numbers helped nobody).
  const objects = await withDetails(lists, reader, parallelism, onEvent, options.onEstimate === undefined);
  return { objects, reads: reader.stats.reads, catalog };
}
