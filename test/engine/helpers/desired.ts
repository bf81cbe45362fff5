/**
 * Inline fixtures for engine tests: desired objects and states without YAML, live snapshots from
 * raw Halo records, and the stock catalog.
 */
import { loadCatalog } from '../../../src/manifest/catalog.js';
import type { Catalog } from '../../../src/model/catalog.js';
import { addressOf, type KindName } from '../../../src/model/kinds.js';
import { type DesiredObject, type DesiredState } from '../../../src/model/desired.js';
import type { HaloRecord } from '../../../src/halo/types.js';
import type { LiveSnapshot } from '../../../src/engine/index.js';
import { handlerFor } from '../../../src/kinds/index.js';
import type { LiveId } from '../../../src/kinds/types.js';

/** The stock catalog (catalog/*.yaml). */
export const catalog: Catalog = loadCatalog().catalog;

/** One desired object; `extra` overrides previously/absent/protect/source... */
export function obj(kind: KindName, name: string, spec: object = {}, extra: Partial<DesiredObject> = {}): DesiredObject {
  return {
    kind,
    name,
    address: addressOf(kind, name),
    spec: spec as Record<string, unknown>,
    previously: [],
    absent: false,
    protect: false,
    source: { file: 'manifests/test.yaml', line: 1, column: 7 },
    fieldSources: {},
    references: [],
    dependsOn: [],
    ...extra,
  };
}

/** A desired state around `objects`. */
export function state(objects: DesiredObject[], policy: Partial<DesiredState['environment']['policy']> = {}, url = 'http://127.0.0.1:1'): DesiredState {
  return {
    environment: {
      name: 'test',
      file: '/tmp/halo-iac-test/environment.yaml',
      connection: { url, scope: 'all' },
      policy: { allowDelete: false, maxDeletes: 5, ...policy },
      variables: {},
    },
    objects,
    catalog,
    diagnostics: [],
    unverified: [],
  };
}

/** A live snapshot from raw records per kind. */
export function live(records: Partial<Record<KindName, HaloRecord[]>>, me?: { id: LiveId; name: string }, desired?: DesiredObject[]): LiveSnapshot {
  const objects: LiveSnapshot['objects'] = {};
  for (const [kind, raws] of Object.entries(records) as [KindName, HaloRecord[]][]) {
    objects[kind] = raws.map((raw) => ({ id: raw.id as LiveId, name: handlerFor(kind).liveName(raw), raw }));
  }
  return { objects, me, reads: 3, desired, catalog };
}

/** Plan options with a fixed clock. */
export const OPTS = { toolVersion: '0.0.0-test', now: new Date('2025-01-01T00:00:00Z') };
