/**
 * A kind's handler, built from its declaration (constructs/kinds/<kind>.ts: field table,
 * dependencies, checks) and the parts only a handler can say (src/kinds/<kind>.ts): the Halo
 * endpoint, the codecs of its custom fields, and its capabilities (risks, secrets, the login
 * halo-iac uses, plan-time warnings). Fields are never listed here: canonical, normalize,
 * toPayload, toSpec, needsDetail and exportNeedsDetail come from the table (fields.ts).
 */
import type { CustomKeys } from '../../constructs/fields.js';
import { referencesOf, type FieldSource, type KindDeclaration } from '../../constructs/kind.js';
import type { Catalog } from '../model/catalog.js';
import type { HaloPath, HaloReader, HaloRecord } from '../halo/types.js';
import { tableMapping, type Codecs } from './fields.js';
import { str } from './lookup.js';
import type { KindHandler, SecretHandling } from './types.js';

/** The capabilities a handler file may add (each optional: absent means off; see KindHandler). */
type Capabilities<S extends object> = Pick<
  KindHandler<S>,
  'sensitive' | 'login' | 'loginRights' | 'needsCustomers' | 'warnings' | 'liveWarnings' | 'unresolved' | 'dependsOnAll' | 'exportable' | 'risks' | 'unmanagedRisks' | 'unmanagedUnread' | 'createProblems'
> & {
  /** How the kind's generated secret is sent and kept; where it goes is the declaration's `secretSink`. */
  readonly secret?: Omit<SecretHandling<S>, 'sink'>;
};

/** What a handler file writes for its kind. */
export type HandlerParts<S extends object, K extends string> = Capabilities<S> & {
  /** Where the kind lives: /api/<apiPath>. */
  readonly apiPath: HaloPath;
  /** Its schema in Halo's OpenAPI spec (name limits are generated from it: scripts/gen-name-limits.ts). */
  readonly schema: string;
  /** One list call for the whole kind (paginated lists take their page size from `catalog`). */
  list(reader: HaloReader, catalog: Catalog): Promise<HaloRecord[]>;
  /** Detail read of a managed object (see KindHandler.detail). */
  detail?(reader: HaloReader, listed: HaloRecord): Promise<HaloRecord>;
  /** Present: the kind can be deleted. */
  readonly delete?: true;
  /** The Halo field holding the object's name (default `name`, which is also read when it is missing). */
  readonly nameField?: string;
  /** Fields every create sends besides the spec's (Department: `agent_department: true`). */
  readonly createWith?: HaloRecord;
} & ([K] extends [never] ? { readonly codecs?: undefined } : { readonly codecs: Codecs<S, K> });

/** Builds the handler of a declared kind. */
export function kindHandler<S extends object, T extends FieldSource<S>>(
  declaration: KindDeclaration<S, T>,
  parts: HandlerParts<S, CustomKeys<T>>,
): KindHandler<S> {
  const { apiPath, list, detail, nameField = 'name', createWith = {}, codecs, secret, ...capabilities } = parts;
  const sink = declaration.secretSink;
  if (secret && !sink) throw new Error(`internal: ${declaration.kind} sends a secret but declares no secretSink`);
  const table = tableMapping<S>(declaration.fields as never, (codecs ?? {}) as Codecs<S, string>);
  const singleton = declaration.singleton === true;
  return {
    ...capabilities,
    ...(secret && sink ? { secret: { ...secret, sink } } : {}),
    kind: declaration.kind,
    apiPath,
    nameField,
    dependsOn: declaration.dependsOn,
    ...(singleton ? { singleton } : {}),
    sets: table.sets,
    // A singleton's name is halo-iac's own (`settings`): Halo's one object has none to match.
    liveName: (raw) => (singleton ? declaration.kind.toLowerCase() : (str(raw, nameField) ?? str(raw, 'name') ?? '')),
    list,
    ...(detail ? { detail } : {}),
    ...(table.needsDetail ? { needsDetail: table.needsDetail } : {}),
    ...(table.exportNeedsDetail !== undefined ? { exportNeedsDetail: table.exportNeedsDetail } : {}),
    ...(declaration.neverConverges ? { unsupported: declaration.neverConverges } : {}),
    references: (spec) => referencesOf(declaration, spec),
    canonical: table.canonical,
    normalize: table.normalize,
    toPayload(desired, ctx, live) {
      // The singleton is addressed by the id the read found (none: POST merges an id-less item into it).
      const p: HaloRecord = singleton
        ? live?.id === undefined || live.id === null ? {} : { id: live.id }
        : live ? { id: live.id, [nameField]: desired.name } : { [nameField]: desired.name, ...createWith };
      table.payload(p, desired.spec, ctx, live);
      return p;
    },
    toSpec: table.toSpec,
  };
}
