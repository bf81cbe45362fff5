/**
 * The per-kind contract (style.md "A sketch of the per-kind contract"): a kind is data plus small
 * functions, no base class. A missing optional function means the capability is off (no `delete`
 * = never deleted). Handlers are built by handler.ts from the kind's field table and its handler
 * file; Halo field names live only in field tables and handler files, and the engine speaks
 * canonical forms.
 */
import type { SpecProblem } from '../../constructs/kind.js';
import type { Catalog } from '../model/catalog.js';
import type { DesiredObject, Reference } from '../model/desired.js';
import type { KindName } from '../model/kinds.js';
import type { HaloPath, HaloReader, HaloRecord } from '../halo/types.js';
import type { Canonical, RiskReason, UnmanagedRisk } from '../model/plan.js';
import type { SecretSinkSpec } from '../../constructs/secret/sink.js';
import type { SpecOptions } from './fields.js';

/** Halo ids: strings for Roles/Application, numbers elsewhere. */
export type LiveId = string | number;

/** One live Halo object as read: its id, its name, and the record as Halo returned it. */
export interface LiveObject {
  id: LiveId;
  name: string;
  raw: HaloRecord;
  /** Set when `raw` includes the object's detail read (not only its list record). */
  detailed?: true;
}

/** A role the login agent holds, or a team or department it is a member of (KindHandler.loginRights). */
export interface LoginRight {
  kind: KindName;
  id: LiveId;
  /** `role`: any change to it is a lockout change; `membership`: deleting it is. */
  via: 'role' | 'membership';
}

/** One Halo customer (/api/Client): not a managed kind, only referred to by name (agent access). */
export interface Customer {
  id: LiveId;
  name: string;
}

/** The live customers, by natural key and by id (read only when a manifest names customers). */
export interface CustomerLookup {
  /** Every customer whose name has this natural key (several when Halo has duplicate names). */
  byName(name: string): Customer[];
  byId(id: LiveId): Customer | undefined;
}

/** Shown in request previews for ids of objects that apply creates first. */
export const KNOWN_AFTER_APPLY = '(known after apply)';

/** Shown instead of a secret value. */
export { SENSITIVE_VALUE } from '../model/mask.js';

/**
 * What handlers may ask about the rest of the world while normalising or building payloads.
 * The engine builds one for planning (ids of pending creates are KNOWN_AFTER_APPLY) and one for
 * apply (ids created earlier in the run are real).
 */
export interface KindContext {
  readonly catalog: Catalog;
  /** Id of a referenced object by name (declared or live); undefined when it cannot be known. */
  idOf(kind: KindName, name: string): LiveId | undefined;
  /** The name to show for a live id: the declared name when a declared object matches it, else the live name. */
  nameOf(kind: KindName, id: LiveId): string | undefined;
  /** Canonical spelling of a referenced name (declared spelling first, then live spelling). */
  displayName(kind: KindName, name: string): string;
  /** The live record of an object the manifests reference but do not declare (for plan warnings). */
  undeclaredLive(kind: KindName, name: string): HaloRecord | undefined;
  /** Every name of a kind, declared (not absent) and live, for `members: all`. */
  allNames(kind: KindName): string[];
  /** Live customers; present only when the read was asked for them (needsCustomers). */
  readonly customers?: CustomerLookup;
  /**
   * A write-only secret the spec names by its source (`secretFrom: env:NAME`,
   * constructs/secret/source.ts), for a payload: in plan, SENSITIVE_VALUE when the source holds a
   * value (the value itself never enters a plan, its request preview or a log); in apply, the value
   * (apply then scrubs it from every message). Undefined when the source holds nothing.
   */
  secretFrom(source: string): string | undefined;
}

/**
 * A plan warning about something seen in live data that several objects may share (e.g. a claim
 * value the catalog does not know): the plan prints one per `key`, naming every object it was seen on.
 */
export interface SharedWarning {
  key: string;
  /** Spec path of the first object it was seen on (for the source position). */
  path: string;
  message: string;
}

/** What `liveWarnings` may know about the environment. */
export interface WarningContext {
  /** The environment's `policy.catalog` file as written, when it has one. */
  catalogFile?: string;
}

/** The change a risk check looks at. */
export interface RiskInput {
  action: 'create' | 'update' | 'delete';
  before: Canonical | null;
  after: Canonical | null;
  catalog: Catalog;
}

/**
 * A kind handler. `S` is the friendly spec (src/manifest/specs.ts).
 * - `normalize` reduces a live object to the canonical form of ONLY the fields `spec` sets, so
 *   server-filled fields never show as drift; `canonical` does the same for the desired spec.
 * - `toPayload` is the exact POST item (a partial merge: only managed fields plus `id`/name).
 */
export interface KindHandler<S extends object = Record<string, unknown>> {
  readonly kind: KindName;
  readonly apiPath: HaloPath;
  /** The kind's schema in Halo's OpenAPI spec (spec/halo-openapi.json), e.g. `SectionDetail`. */
  readonly schema: string;
  /** The Halo field holding an object's name (`name`; `displayName` for applications). */
  readonly nameField: string;
  /** Kinds this kind references; apply order comes from this (and object references). */
  readonly dependsOn: readonly KindName[];
  /** Exactly one live object (Settings): matched regardless of name, never created or deleted. */
  readonly singleton?: boolean;
  /**
   * How to tell the live object halo-iac itself logs in as (design.md §3 "lockout"): `me`, the one
   * GET /api/Agent/me returns; `clientId`, the one whose secret's client id is the connection's.
   * Changes to it are refused unless --allow-lockout, and a state with such a kind reads `me`.
   */
  readonly login?: 'me' | 'clientId';
  /**
   * On the kind halo-iac logs in as (`login: 'me'`): where the login agent's own rights come from,
   * read from its record: the roles it holds and the teams and departments it is a member of.
   * Changing such a role, or deleting such a membership's team or department, is a lockout change
   * (issue 9 §4). `of` answers undefined when the record does not say usably (then its detail is
   * read; if that does not say either, such changes are refused: fail closed), and `problem` then
   * says what was wrong with it, in a reader's words.
   */
  readonly loginRights?: {
    /** Kinds whose objects the login agent holds (roles): any change to one is a lockout change. */
    readonly held: readonly KindName[];
    /** Kinds it is a member of (teams, departments): deleting one is a lockout change, editing it is not. */
    readonly memberOf: readonly KindName[];
    of(raw: HaloRecord): LoginRight[] | undefined;
    problem(raw: HaloRecord): string;
  };
  /** Canonical paths compared as sets (memberships, scopes): field changes carry added/removed. */
  readonly sets: readonly string[];
  /** Canonical path prefixes whose change means a secret is (re)sent. */
  readonly sensitive?: readonly string[];
  /** Present: the kind can be deleted (DELETE /api/<path>/<id>). */
  readonly delete?: true;
  /** Live name of a raw record. */
  liveName(raw: HaloRecord): string;
  /** One list call for the whole kind (a paginated list takes its page size from `catalog`: pageSizeOf). */
  list(reader: HaloReader, catalog: Catalog): Promise<HaloRecord[]>;
  /** Detail read for a MANAGED object whose list form lacks compared fields. */
  detail?(reader: HaloReader, listed: HaloRecord): Promise<HaloRecord>;
  /** Whether a managed object with this spec needs the detail read (default: yes). */
  needsDetail?(spec: S): boolean;
  /**
   * Whether export needs the detail read: some field only the detail has is exported (an agent's
   * permissions), or none is (a team's addToAllAgents is never exported). Absent when the field
   * table declares no detail-only field: the handler's `detail` then reads only what a list lacked.
   */
  readonly exportNeedsDetail?: boolean;
  /**
   * Specs that could never converge (the declaration's `neverConverges`, constructs/kinds/<kind>.ts):
   * validate reports them, and plan refuses them on any desired state it is given.
   */
  unsupported?(spec: S, catalog: Catalog): SpecProblem[];
  /** Whether this spec names customers, so the read must list them (one paginated /Client read in all). */
  needsCustomers?(spec: S): boolean;
  /** Things worth a reviewer's attention that validate could not see (they depend on live data): plan warnings at their spec path. */
  warnings?(spec: S, ctx: KindContext): SpecProblem[];
  /** Warnings about a MANAGED object's live data (claim values the catalog lacks), merged across objects by key. */
  liveWarnings?(live: LiveObject, spec: S, ctx: KindContext, env: WarningContext): SharedWarning[];
  /** What a create needs that an update of a live object does not (a partial spec is valid for an update): plan errors at their spec path. */
  createProblems?(spec: S): SpecProblem[];
  /** What the spec names outside the manifests that does not resolve (live customers, secret sources): plan errors at their spec path. */
  unresolved?(spec: S, ctx: KindContext): SpecProblem[];
  /** References to other objects by name, with the spec path they sit at. */
  references(spec: S): Reference[];
  /**
   * Kinds whose EVERY declared object this spec refers to without naming them (an agent's
   * `teams.members: all`): apply writes those objects first, so their ids exist when this one is sent.
   */
  dependsOnAll?(spec: S): KindName[];
  canonical(spec: S, ctx: KindContext): Canonical;
  normalize(live: LiveObject, spec: S, ctx: KindContext): Canonical;
  toPayload(desired: DesiredObject<S>, ctx: KindContext, live?: LiveObject): HaloRecord;
  /**
   * Live -> a friendly spec that plans as no-op (export). Never includes secrets. `listOnly`: the
   * object was read from its list only, so detail-only fields are left out (a destroy's `before`).
   */
  toSpec(live: LiveObject, ctx: KindContext, options?: SpecOptions): S;
  /** Skip objects export should not write (system applications...). */
  exportable?(raw: HaloRecord): boolean;
  /** Secrets this kind generates (Application): where they go and how they are sent. */
  readonly secret?: SecretHandling<S>;
  /**
   * Kind-specific risk labels (privilege-escalation, licence), each with its reason; what is
   * privileged comes from the catalog (src/kinds/risks.ts). The engine adds destroy and lockout.
   */
  risks?(input: RiskInput): RiskReason[];
  /**
   * Why a live object no manifest declares matters (plan.unmanaged), from the record read: its list
   * record, or its detail under `policy.unmanaged: error` (see `unmanagedUnread`). A field the
   * record lacks is not seen.
   */
  unmanagedRisks?(raw: HaloRecord, ctx: UnmanagedRiskContext): UnmanagedRisk[];
  /**
   * What a list record may lack for `unmanagedRisks` to be complete (an agent's admin flag: Halo's
   * agent list does not carry it). `lacks` says whether `raw` lacks it; the detail read supplies it.
   * Under `policy.unmanaged: error` such unmanaged objects are read in detail; otherwise the plan
   * says how many were not checked, in these words.
   */
  readonly unmanagedUnread?: {
    /** `admin flag` in "admin flag of 12 unmanaged agents not read". */
    readonly what: string;
    /** `Halo's agent list does not carry it`. */
    readonly why: string;
    lacks(raw: HaloRecord): boolean;
  };
}

/** What `unmanagedRisks` may consult besides the record itself. */
export interface UnmanagedRiskContext {
  catalog: Catalog;
  /**
   * Whether the live object of `kind` named `name` (managed or not) is privileged by its own
   * record (its kind's unmanagedRisks): true, false, or undefined when it was not read or its
   * record does not say (an agent's role by the role's claims).
   */
  privileged(kind: KindName, name: string): boolean | undefined;
}

/** A handler with its spec type erased, as the registry holds it. */
export type AnyKindHandler = KindHandler<Record<string, unknown>>;

/** How a kind with a write-only secret gets it sent and stored (design.md §3 "Secrets"). */
export interface SecretHandling<S extends object> {
  /** The `secret.sink` of the spec (`none` included), when the manifest says where the secret goes. */
  sink(spec: S): string | undefined;
  /** The spec's whole sink block (sink, shell, keys), when it has one. */
  sinkSpec(spec: S): SecretSinkSpec | undefined;
  /** Scopes to ask for when checking a pending secret with a token request: the live object's, else the spec's. */
  scopes(spec: S, live: HaloRecord | undefined): string[];
  /** Canonical path whose change means "send a new secret", e.g. `secret.rotate`. */
  readonly path: string;
  /** Put the secret into the POST item. */
  inject(payload: HaloRecord, secret: string): void;
  /** The client id of a saved object (written to the sink next to the secret). */
  clientId(raw: HaloRecord): string | undefined;
  /**
   * When a secret was sent that is not known to be delivered: a mark kept on the live object
   * itself, so a run on another machine (a fresh CI runner, without the pending record) still
   * knows the secret Halo holds reached nobody.
   */
  undelivered(raw: HaloRecord, catalog: Catalog): string | undefined;
  /** Sets (`at`) or clears (undefined) that mark in a POST item; false when the item cannot carry it. */
  markUndelivered(payload: HaloRecord, catalog: Catalog, at: string | undefined): boolean;
  /** The smallest POST item that clears the mark of a live object and changes nothing else. */
  clearingItem(raw: HaloRecord, catalog: Catalog): HaloRecord | undefined;
}
