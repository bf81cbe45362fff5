/**
 * What doctor reads, and nothing more (issue 8 §5: "stays small"): GET /api/Agent/me, one list call
 * each for agents, roles and applications (the same calls plan makes, through the kind handlers),
 * the Control singleton, detail reads of the first `--sample N` agents and roles by id, and one
 * paginated page of each path in the catalog's listShapes. A failed read is kept as an error for the
 * checks that need it (they say "not seen"); only a failing GET /api/Agent/me (no token, no tenant)
 * ends the run.
 */
import { isHaloApiError } from '../halo/errors.js';
import type { HaloReader, HaloRecord } from '../halo/types.js';
import type { ProbeResponse } from '../halo/probe.js';
import { mapPool } from '../engine/pool.js';
import { DEFAULT_READ_PARALLELISM } from '../engine/live.js';
import { handlerFor } from '../kinds/index.js';
import type { Catalog } from '../model/catalog.js';
import { addressOf, type KindName } from '../model/kinds.js';
import { clientIdOf, firstPage, hasScopes } from './halo-fields.js';

/** An agent or role that got a detail read. */
export interface Holder {
  /** `agent/<name>` or `role/<name>`: shown by the text renderer only. */
  address: string;
  kind: 'agent' | 'role';
  raw: HaloRecord;
}

/** A read that failed: the error's one-line message (method, path, Halo's answer) and HTTP status (0: no answer). */
export interface ReadFailure {
  message: string;
  status: number;
}

/** Everything doctor read from the tenant. Absent values were not read (see `failures`). */
export interface TenantRead {
  me: HaloRecord;
  agents?: HaloRecord[];
  roles?: HaloRecord[];
  /** The sampled agents and roles, detail form, in id order. */
  sampled: Holder[];
  applications?: HaloRecord[];
  /** The application whose client id is the connection's (with its scopes). */
  loginApplication?: HaloRecord;
  control?: HaloRecord;
  /** listShapes path -> the raw answer to its first page. */
  probes: Record<string, ProbeResponse>;
  /** What could not be read -> why. */
  failures: Record<string, ReadFailure>;
}

/** What the read needs to know. */
export interface ReadInput {
  reader: HaloReader;
  catalog: Catalog;
  /** Most agents (and most roles) given a detail read. */
  sample: number;
  /** The connection's client id: finds the login application. */
  clientId: string;
}

/** Ids in a stable order: numbers numerically, anything else as text. */
function byId(a: HaloRecord, b: HaloRecord): number {
  if (typeof a.id === 'number' && typeof b.id === 'number') return a.id - b.id;
  return String(a.id).localeCompare(String(b.id));
}

/** Reads the tenant; throws only when GET /api/Agent/me fails. */
export async function readTenant(input: ReadInput): Promise<TenantRead> {
  const { reader } = input;
  const failures: Record<string, ReadFailure> = {};
  const attempt = async <T>(what: string, read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (e) {
      if (!isHaloApiError(e)) throw e;
      failures[what] = { message: e.message, status: e.status };
      return undefined;
    }
  };
  const list = (kind: KindName) => () => handlerFor(kind).list(reader, input.catalog);
  const me = await reader.me();
  const paths = Object.entries(input.catalog.listShapes);
  const [agents, roles, applications, control, ...pages] = await mapPool(
    [
      () => attempt('agents', list('Agent')),
      () => attempt('roles', list('Role')),
      () => attempt('applications', list('Application')),
      () => attempt('settings', async () => (await handlerFor('Settings').list(reader, input.catalog))[0]),
      ...paths.map(([path, shape]) => () => attempt(`list ${path}`, () => reader.probe(path, firstPage(shape.pageCap * 2)))),
    ] as (() => Promise<unknown>)[],
    DEFAULT_READ_PARALLELISM,
    (read) => read(),
  );
  const probes: Record<string, ProbeResponse> = {};
  paths.forEach(([path], i) => {
    if (pages[i] !== undefined) probes[path] = pages[i] as ProbeResponse;
  });
  const apps = applications as HaloRecord[] | undefined;
  const wanted = input.clientId.toLowerCase();
  const listedLogin = apps?.find((a) => clientIdOf(a)?.toLowerCase() === wanted);
  const loginApplication =
    listedLogin && !hasScopes(listedLogin) ? await attempt('login application', () => detail('Application', listedLogin)) : listedLogin;
  const sampleOf = (kind: 'Agent' | 'Role', rows: unknown) => [...((rows as HaloRecord[] | undefined) ?? [])].sort(byId).slice(0, input.sample).map((raw) => ({ kind, raw }));
  const details = await mapPool([...sampleOf('Agent', agents), ...sampleOf('Role', roles)], DEFAULT_READ_PARALLELISM, async ({ kind, raw }) => {
    const read = await attempt(`${kind.toLowerCase()} details`, () => detail(kind, raw));
    return read && { address: addressOf(kind, handlerFor(kind).liveName(read)), kind: kind === 'Agent' ? ('agent' as const) : ('role' as const), raw: read };
  });

  function detail(kind: KindName, listed: HaloRecord): Promise<HaloRecord> {
    const h = handlerFor(kind);
    return h.detail ? h.detail(reader, listed) : Promise.resolve(listed);
  }

  return {
    me,
    agents: agents as HaloRecord[] | undefined,
    roles: roles as HaloRecord[] | undefined,
    sampled: details.filter((d): d is Holder => d !== undefined),
    applications: apps,
    loginApplication,
    control: control as HaloRecord | undefined,
    probes,
    failures,
  };
}
