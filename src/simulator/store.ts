/**
 * The tenant's data: one insertion-ordered map per kind (O(1) get/put/delete by id), id counters,
 * and JSON persistence with atomic writes (tmp file + fsync + rename) so a crash never leaves a
 * half-written state file.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../model/diagnostics.js';
import type { JsonObject } from './schema/bind.js';

/** The serialisable tenant: what --state stores and snapshot() returns. */
export interface TenantState {
  version: 1;
  tenant: string;
  /** Route name (Agent, Team, ...) -> records in their stored form. Control holds one record. */
  collections: Record<string, JsonObject[]>;
  /** Last id used per counter (route names and nested rows such as UnameSection). */
  counters: Record<string, number>;
  /** Id of the application whose credentials `halo-iac sim` prints. */
  bootstrapApplicationId: string;
}

/** In-memory tenant store. Records are stored as posted and merged; names are filled on render. */
export class Store {
  private readonly maps = new Map<string, Map<string, JsonObject>>();
  private readonly counters: Record<string, number>;
  readonly tenant: string;
  bootstrapApplicationId: string;

  constructor(state: TenantState) {
    this.tenant = state.tenant;
    this.counters = { ...state.counters };
    this.bootstrapApplicationId = state.bootstrapApplicationId;
    for (const [kind, records] of Object.entries(state.collections)) {
      const map = this.collection(kind);
      for (const r of records) map.set(String(r['id']), structuredClone(r));
    }
  }

  private collection(kind: string): Map<string, JsonObject> {
    let map = this.maps.get(kind);
    if (!map) {
      map = new Map();
      this.maps.set(kind, map);
    }
    return map;
  }

  /** Every record of a kind, in creation order (live objects: callers must not mutate). */
  all(kind: string): JsonObject[] {
    return [...this.collection(kind).values()];
  }

  get(kind: string, id: unknown): JsonObject | undefined {
    return this.collection(kind).get(String(id));
  }

  put(kind: string, record: JsonObject): void {
    this.collection(kind).set(String(record['id']), record);
  }

  remove(kind: string, id: unknown): boolean {
    return this.collection(kind).delete(String(id));
  }

  /** Next integer id for a counter (ids are never reused, like SQL identity columns). */
  nextId(counter: string): number {
    const n = (this.counters[counter] ?? 0) + 1;
    this.counters[counter] = n;
    return n;
  }

  /** Deep copy of everything, for persistence and test assertions. */
  toState(): TenantState {
    const collections: Record<string, JsonObject[]> = {};
    for (const [kind, map] of this.maps) collections[kind] = structuredClone([...map.values()]);
    return {
      version: 1,
      tenant: this.tenant,
      collections,
      counters: { ...this.counters },
      bootstrapApplicationId: this.bootstrapApplicationId,
    };
  }
}

/** Reads a state file written by saveState, or returns undefined when it does not exist. */
export function loadState(path: string): TenantState | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: Partial<TenantState>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<TenantState>;
  } catch (e) {
    const why = e instanceof SyntaxError ? 'not valid JSON' : ((e as NodeJS.ErrnoException).code ?? String(e));
    throw new UserError(`--state ${path}: cannot read the simulator state (${why})`);
  }
  if (parsed.version !== 1 || typeof parsed.collections !== 'object' || parsed.collections === null) {
    throw new UserError(`--state ${path}: not a halo-iac simulator state file (version 1)`);
  }
  return parsed as TenantState;
}

/** Writes the state atomically: a tmp file next to it, fsync, then rename over the old file. */
export function saveState(path: string, state: TenantState): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
