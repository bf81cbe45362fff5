/**
 * Pending records (issue 9 §3): a generated secret is written to its record (0600) BEFORE Halo is
 * asked to store it, and the record stays until the secret is delivered to its sink. It holds
 * everything the next run needs to finish without the run that made it: the application's name
 * and live id, its client id once Halo returned one, the environment and tenant it belongs to,
 * the secret and when it was made. Plan lists records (without the secret); apply finishes them.
 *
 * Records written by earlier versions were in the sink's own format (JSON `{clientId,
 * clientSecret}` or HALO_CLIENT_ID / HALO_CLIENT_SECRET lines); they are read too.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DesiredObject, EnvironmentConfig } from '../../model/desired.js';
import type { LiveId } from '../../kinds/types.js';
import { handlerFor } from '../../kinds/index.js';
import { readIfExists, removeStrayTemps, writeAtomic } from './files.js';
import { parseSink, pendingPath, PENDING_DIR, type SinkSpec } from '../../../constructs/secret/sink.js';
import { naturalKey } from '../../model/kinds.js';

/** Marks a file as a pending record of this format. */
const RECORD_KIND = 'halo-iac/pending-secret';

/** One pending secret, as stored. */
export interface PendingRecord {
  application: string;
  /** Halo's id of the application; absent for a create whose response never arrived. */
  liveId?: LiveId;
  /** Absent while Halo has not told the client id (a create whose response never arrived). */
  clientId?: string;
  environment?: string;
  url?: string;
  tenant?: string;
  createdAt?: string;
  secret: string;
  /** Read from a record an earlier version wrote (no environment, id or time). */
  legacy?: boolean;
}

/** A pending record of a declared application, or why its file could not be read. */
export interface FoundPending {
  obj: DesiredObject;
  file: string;
  record?: PendingRecord;
  problem?: string;
}

/** What plan is told about a pending record: everything but the secret. */
export interface PendingNotice {
  address: string;
  file: string;
  createdAt?: string;
  environment?: string;
  url?: string;
  tenant?: string;
  clientIdKnown: boolean;
  /** The file exists but is not a readable record. */
  problem?: string;
  /** A record in the state folder no declared application would deliver (findStrandedRecords). */
  stranded?: boolean;
}

/** The record's file text (the secret under `clientSecret`, as in a JSON sink). */
function recordText(r: PendingRecord): string {
  const out = {
    kind: RECORD_KIND,
    version: 1,
    application: r.application,
    liveId: r.liveId ?? null,
    clientId: r.clientId ?? null,
    environment: r.environment ?? null,
    url: r.url ?? null,
    tenant: r.tenant ?? null,
    createdAt: r.createdAt ?? null,
    clientSecret: r.secret,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Writes (or rewrites) a pending record, atomically, 0600. */
export async function writePendingRecord(file: string, record: PendingRecord): Promise<void> {
  await writeAtomic(file, recordText(record));
}

/** Removes a pending record (delivered, or no longer needed). */
export async function removePendingRecord(file: string): Promise<void> {
  await rm(file, { force: true });
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function fromLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1] as string] = (m[2] as string).replace(/^(["'])(.*)\1$/, '$2');
  }
  return out;
}

/** Parses a record (this format or an earlier version's); throws when it holds no secret. */
export function parsePendingRecord(text: string, application: string): PendingRecord {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const d = data as Record<string, unknown>;
    const secret = str(d.clientSecret);
    if (!secret) throw new Error('it holds no clientSecret');
    if (d.kind !== RECORD_KIND) return { application, secret, legacy: true, ...(str(d.clientId) ? { clientId: str(d.clientId) } : {}) };
    const liveId = typeof d.liveId === 'string' || typeof d.liveId === 'number' ? d.liveId : undefined;
    const fields = { liveId, clientId: str(d.clientId), environment: str(d.environment), url: str(d.url), tenant: str(d.tenant), createdAt: str(d.createdAt) };
    return { application: str(d.application) ?? application, secret, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
  }
  const lines = fromLines(text);
  const secret = str(lines.HALO_CLIENT_SECRET);
  if (!secret) throw new Error('it is neither a pending record nor an earlier version\'s sink file');
  return { application, secret, legacy: true, ...(str(lines.HALO_CLIENT_ID) ? { clientId: str(lines.HALO_CLIENT_ID) } : {}) };
}

/** The sink and pending file of a declared object, when it has a secret sink that keeps the secret. */
export function pendingFileOf(obj: DesiredObject, envDir: string): string | undefined {
  const handling = handlerFor(obj.kind).secret;
  const spec = handling?.sinkSpec(obj.spec);
  if (!spec || obj.absent) return undefined;
  try {
    return pendingPath(parseSink(spec as SinkSpec, envDir), obj.name, envDir);
  } catch {
    return undefined; // a malformed sink is a validation error of its own
  }
}

/**
 * The pending records of the declared objects' sinks. Read-only unless `tidy` (apply): then the
 * temp files an interrupted write left next to a record are removed too.
 */
export async function findPendingRecords(objects: readonly DesiredObject[], envDir: string, tidy = false): Promise<FoundPending[]> {
  const declared = await declaredRecords(objects, envDir, tidy);
  return [...declared, ...(await stateFolderRecords(objects, envDir, declared)).adopted];
}

/**
 * The records in the state folder (`.halo-iac/pending/` next to the environment file) that no
 * declared application's sink would find: its application was removed from the manifests, is
 * absent, or has a sink that keeps no record (`none`). Each is a refusal in plan (stranded: true),
 * so a secret is never left behind by a run that exits 0. A record of an application still
 * declared whose sink changed is not stranded: findPendingRecords hands it to that application,
 * and apply delivers it to the new sink.
 */
export async function findStrandedRecords(objects: readonly DesiredObject[], envDir: string): Promise<PendingNotice[]> {
  return (await stateFolderRecords(objects, envDir, await declaredRecords(objects, envDir, false))).stranded;
}

/** The records in the state folder that are not where a declared object's sink keeps its record. */
async function stateFolderRecords(objects: readonly DesiredObject[], envDir: string, declared: readonly FoundPending[]): Promise<{ adopted: FoundPending[]; stranded: PendingNotice[] }> {
  const dir = join(envDir, PENDING_DIR);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.pending')).sort();
  } catch {
    return { adopted: [], stranded: [] }; // no state folder: nothing pending there
  }
  const expected = new Set(objects.map((o) => pendingFileOf(o, envDir)).filter((f): f is string => f !== undefined));
  const taken = new Set(declared.map((f) => f.obj));
  const adopted: FoundPending[] = [];
  const stranded: PendingNotice[] = [];
  for (const name of names) {
    const file = join(dir, name);
    if (expected.has(file)) continue;
    let record: PendingRecord | undefined;
    let problem: string | undefined;
    try {
      const text = await readIfExists(file);
      if (text === undefined) continue;
      record = parsePendingRecord(text, '');
    } catch (e) {
      problem = (e as NodeJS.ErrnoException).code ? `cannot read it (${(e as NodeJS.ErrnoException).code})` : (e as Error).message;
    }
    const application = record && record.application !== '' ? record.application : undefined;
    const owner = application === undefined ? undefined : objects.find((o) => !o.absent && handlerFor(o.kind).secret && naturalKey(o.name) === naturalKey(application) && pendingFileOf(o, envDir) !== undefined);
    if (owner && record && !taken.has(owner)) {
      taken.add(owner);
      adopted.push({ obj: owner, file, record });
      continue;
    }
    const r = record;
    const fields = { createdAt: r?.createdAt, environment: r?.environment, url: r?.url, tenant: r?.tenant, problem };
    stranded.push({
      address: `application/${application ?? name}`,
      file,
      clientIdKnown: r?.clientId !== undefined,
      stranded: true,
      ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    } as PendingNotice);
  }
  return { adopted, stranded };
}

/** The records at the places the declared objects' sinks keep them. */
async function declaredRecords(objects: readonly DesiredObject[], envDir: string, tidy: boolean): Promise<FoundPending[]> {
  const out: FoundPending[] = [];
  for (const obj of objects) {
    const file = pendingFileOf(obj, envDir);
    if (!file) continue;
    if (tidy) await removeStrayTemps(file);
    let text: string | undefined;
    try {
      text = await readIfExists(file);
    } catch (e) {
      out.push({ obj, file, problem: `cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})` });
      continue;
    }
    if (text === undefined) continue;
    try {
      out.push({ obj, file, record: parsePendingRecord(text, obj.name) });
    } catch (e) {
      out.push({ obj, file, problem: (e as Error).message });
    }
  }
  return out;
}

/** The plan's view of found records (no secret). */
export function pendingNotices(found: readonly FoundPending[]): PendingNotice[] {
  return found.map((f) => {
    const r = f.record;
    const fields = { createdAt: r?.createdAt, environment: r?.environment, url: r?.url, tenant: r?.tenant, problem: f.problem };
    return {
      address: f.obj.address,
      file: f.file,
      clientIdKnown: r?.clientId !== undefined,
      ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    } as PendingNotice;
  });
}

/** A new record for `application` in `environment` (client id and live id when known). */
export function newRecord(application: string, environment: EnvironmentConfig, secret: string, ids: { liveId?: LiveId; clientId?: string }, now: Date): PendingRecord {
  const c = environment.connection;
  return {
    application,
    ...(ids.liveId !== undefined && ids.liveId !== null ? { liveId: ids.liveId } : {}),
    ...(ids.clientId !== undefined ? { clientId: ids.clientId } : {}),
    environment: environment.name,
    url: c.url,
    ...(c.tenant ? { tenant: c.tenant } : {}),
    createdAt: now.toISOString(),
    secret,
  };
}

/** Why a record cannot be finished in this environment (it belongs to another tenant), or undefined. */
export function foreignRecord(n: Pick<PendingNotice, 'environment' | 'url' | 'tenant'>, environment: EnvironmentConfig): string | undefined {
  const same = (a: string | undefined, b: string | undefined) => (a ?? '').replace(/\/+$/, '').toLowerCase() === (b ?? '').replace(/\/+$/, '').toLowerCase();
  if (n.environment === undefined && n.url === undefined) return undefined;
  const c = environment.connection;
  if (same(n.environment, environment.name) && same(n.url, c.url) && same(n.tenant, c.tenant)) return undefined;
  return `it was made for environment "${n.environment ?? '?'}" (${n.url ?? '?'}${n.tenant ? `, tenant ${n.tenant}` : ''}), not "${environment.name}" (${c.url}${c.tenant ? `, tenant ${c.tenant}` : ''})`;
}
