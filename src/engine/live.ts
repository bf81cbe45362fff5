/**
 * Reading the live tenant: one list call per kind (in parallel), then detail reads only for the
 * MANAGED objects whose list form lacks compared fields (design.md §3 "Read"). Never a read per
 * unmanaged object. The snapshot keeps the desired state it was read for, so fingerprints can be
 * recomputed later (findStale).
 */
import type { Catalog } from '../manifest/catalog-types.js';
import type { DesiredObject, DesiredState, KindName } from '../manifest/types.js';
import type { HaloReader, HaloRecord } from '../halo/types.js';
import type { LiveId, LiveObject } from '../kinds/types.js';
import { handlerFor, kindOrder } from '../kinds/index.js';
import type { EngineEventSink } from './events.js';
import { LiveIndex } from './match.js';

/** The live side of a plan. */
export interface LiveSnapshot {
  /** Live objects per kind read (kinds not read are absent). */
  objects: Partial<Record<KindName, LiveObject[]>>;
  /** The agent halo-iac logs in as (GET /api/Agent/me), when it was read. */
  me?: { id: LiveId; name: string };
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

async function readKind(
  kind: KindName,
  reader: HaloReader,
  declared: readonly DesiredObject[] | 'all',
  onEvent?: EngineEventSink,
): Promise<LiveObject[]> {
  const h = handlerFor(kind);
  const listed = (await h.list(reader)).map((raw) => toLive(kind, raw));
  onEvent?.({ type: 'read', kind, count: listed.length });
  const detail = h.detail;
  if (!detail) return listed;
  let wanted = listed;
  if (declared !== 'all') {
    const index = new LiveIndex(kind, listed);
    const needed = declared.filter((d) => !d.absent && (h.needsDetail?.(d.spec) ?? true));
    const ids = new Set(needed.map((d) => index.match(d)?.live.id).filter((id) => id !== undefined).map(String));
    wanted = listed.filter((o) => ids.has(String(o.id)));
  }
  const detailed = await Promise.all(wanted.map(async (o) => toLive(kind, { ...o.raw, ...(await detail(reader, o.raw)) })));
  if (wanted.length > 0) onEvent?.({ type: 'detail', kind, count: wanted.length });
  const byId = new Map(detailed.map((o) => [String(o.id), o]));
  return listed.map((o) => byId.get(String(o.id)) ?? o);
}

async function readMe(reader: HaloReader): Promise<LiveSnapshot['me']> {
  const me = await reader.me();
  return me.id === undefined || me.id === null ? undefined : { id: me.id as LiveId, name: String(me.name ?? '') };
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
export async function readLive(state: DesiredState, reader: HaloReader, onEvent?: EngineEventSink): Promise<LiveSnapshot> {
  const kinds = kindsToRead(state.objects);
  const needsMe = state.objects.some((o) => o.kind === 'Agent' || o.kind === 'Application');
  const [lists, me] = await Promise.all([
    Promise.all(
      kinds.map(async (kind) => {
        const declared = state.objects.filter((o) => o.kind === kind);
        return [kind, await readKind(kind, reader, declared, onEvent)] as const;
      }),
    ),
    needsMe ? readMe(reader) : Promise.resolve(undefined),
  ]);
  return { objects: Object.fromEntries(lists), me, reads: reader.stats.reads, desired: state.objects, catalog: state.catalog };
}

/** Reads every object of the given kinds (default: all) with details, for `export`. */
export async function readLiveForExport(
  reader: HaloReader,
  catalog: Catalog,
  kinds?: readonly KindName[],
  onEvent?: EngineEventSink,
): Promise<LiveSnapshot> {
  const wanted = kindOrder().filter((k) => !kinds || kinds.includes(k));
  // References inside exported specs (team -> department...) need the referenced kinds too.
  const toRead = kindOrder().filter((k) => wanted.includes(k) || wanted.some((w) => handlerFor(w).dependsOn.includes(k)));
  const lists = await Promise.all(
    toRead.map(async (kind) => [kind, await readKind(kind, reader, wanted.includes(kind) ? 'all' : [], onEvent)] as const),
  );
  return { objects: Object.fromEntries(lists), reads: reader.stats.reads, catalog };
}
