/**
 * The per-kind quirk contract: each Halo entity the simulator serves is one KindDef in
 * kinds/<kind>.ts declaring its route, id type, list shape, required create field, secret
 * fields and server-filled fields. The generic list/get/upsert/delete code in ../handlers/
 * reads only these declarations, so a quirk lives in exactly one place.
 */
import type { FieldError, JsonObject } from '../schema/bind.js';
import type { Store } from '../store.js';
import type { QueryParams } from '../query.js';

/** What kind functions may use: the store and id/guid/time sources. */
export interface KindContext {
  store: Store;
  /** A new GUID string (ids of guid kinds, `guid` fields, client ids and secrets). */
  newGuid(): string;
  /** Current time as an ISO string, for datecreated / last_modified. */
  nowIso(): string;
}

/** How GET /api/<route> answers. */
export type ListShape =
  | { kind: 'array' }
  /** `{record_count, <key>: [...]}` always, paginated when pageinate=true (TopLevel). */
  | { kind: 'wrapper'; key: string }
  /** Bare array, unless pageinate=true: then `{page_no, page_size, record_count, <key>}` (Agent). */
  | { kind: 'array-or-paged'; key: string };

/** Declarative quirks plus small functions for one Halo entity. */
export interface KindDef {
  /** Route name under /api, as Halo spells it (matched case-insensitively). */
  readonly route: string;
  /** Entity/schema name (used in EF error messages), e.g. Uname for agents. */
  readonly entity: string;
  /** int ids (identity column) or string GUID ids (Roles, Application, Webhook). */
  readonly idType: 'int' | 'guid';
  /** Schema of GET /{id} and POST responses; input is bound against it too. */
  readonly detailSchema: string;
  /** Schema of list items (a subset of the detail schema's fields). */
  readonly listSchema: string;
  /**
   * Schemas of nested rows (`teams[]` of an agent: UnameSection) bound and projected like the
   * record itself; a nested schema not named by any kind passes through unchecked. The generated
   * field tables (schema/codegen.ts) hold exactly the detail, list and nested schemas of the kinds.
   */
  readonly nestedSchemas?: readonly string[];
  readonly list: ListShape;
  /** Field that must be present on create (ASP.NET [Required]); absent: the kind cannot be created. */
  readonly requiredField?: string;
  /**
   * A field whose value no two records may share, compared case-insensitively and trimmed (ASP.NET
   * Identity role names: `Role name 'X' is already taken.`). Absent: duplicates are stored, as
   * nothing says Halo forbids two teams, agents or ticket types with one name (halo-claims.md).
   */
  readonly uniqueName?: { readonly field: string; /** The refusal, `{0}` standing for the value. */ readonly taken: string };
  /** Fields stored but never echoed on GET (e.g. Application clientSecret). */
  readonly neverEchoed?: readonly string[];
  /** Fields the server owns: ignored when posted. */
  readonly serverOwned?: readonly string[];
  /** Fields handled by `write` instead of the generic merge (nested arrays). */
  readonly nested?: readonly string[];
  /** A single record (Control): POST merges into it, DELETE is 405. */
  readonly singleton?: boolean;
  /** Field defaults on create, before the posted fields are merged. */
  defaults?(ctx: KindContext): JsonObject;
  /** Reference checks for one posted item (`at` is the ASP.NET key prefix, e.g. `[0]`). */
  check?(item: JsonObject, at: string, ctx: KindContext, errors: FieldError[]): void;
  /**
   * Applies nested fields and fills server-side fields after the generic merge. May return
   * extra fields for this one POST response (a generated secret).
   */
  write?(record: JsonObject, item: JsonObject, ctx: KindContext, created: boolean): JsonObject | void;
  /** List filter (query parameters); absent: every record is listed. */
  filter?(record: JsonObject, query: QueryParams, ctx: KindContext): boolean;
  /** The list item form (before projection onto listSchema). */
  renderList(record: JsonObject, query: QueryParams, ctx: KindContext): JsonObject;
  /**
   * GET /api/<route>/<name> routes that are not ids (Agent/me, Team/Tree), keyed by lower-case
   * name. They answer a finished body; `applicationId` is the calling token's application.
   */
  readonly subRoutes?: Readonly<Record<string, (query: QueryParams, ctx: KindContext, applicationId: string) => unknown>>;
  /** The GET-by-id / POST response form (before projection onto detailSchema). */
  renderDetail(record: JsonObject, query: QueryParams, ctx: KindContext): JsonObject;
}
