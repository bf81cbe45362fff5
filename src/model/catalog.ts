/**
 * Shape of catalog/ (data, not code): friendly manifest values -> Halo codes and fields.
 * Every entry says whether its Halo code is confirmed by the sources in shared/halo-api.md
 * (`verified`) and where it came from (`source`). An environment may override any entry through
 * `policy.catalog` (deep merge). Never hard-code these values elsewhere.
 */

export interface Provenance {
  verified: boolean;
  /** Citation: document and section, or "assumption: <why>". */
  source: string;
  note?: string;
}

/** A friendly value and the Halo value it stands for. */
export interface CatalogValue<T = string | number | boolean> extends Provenance {
  halo: T;
}

export interface ScopeEntry extends Provenance {
  description: string;
  /** Grants broad rights: plan labels it `privilege-escalation`. */
  privileged?: boolean;
}

/** A department membership level; `privileged` marks the highest (membership at it labels the plan privilege-escalation). */
export interface MembershipLevel extends CatalogValue<number> {
  privileged?: boolean;
}

/** Where a friendly permission lands on a Halo Agent/Role. */
export type PermissionTarget =
  | { field: string } // a top-level Uname field, e.g. is_admin (agents only)
  | { claim: string }; // a claims[] entry {type: <claim code>, value}, e.g. Tx

/** One friendly value of a permission: the stored claim value and the Permissions-tab option it is. */
export interface PermissionValue extends CatalogValue<string | number> {
  /** The UI option, e.g. "Read and Modify (All)". */
  label: string;
  /** Setting this value grants admin-like rights (plans label it privilege-escalation). */
  privileged?: boolean;
}

/** The agent `access` lists an "allow all" flag governs. */
export type AccessList = 'ticketTypes' | 'customers' | 'assetTypes' | 'assetFields';

/**
 * What an "allow all" flag (Ft, Fc, Fa, Ff) governs: when it is No, the agent's `access.<access>` list
 * is held by the Uname row array `rows`; `rowFlags` are set on every row written (e.g. canview, or
 * an asset field row's integer `level`).
 */
export interface AccessRestriction {
  access: AccessList;
  rows: string;
  rowFlags?: Record<string, boolean | number>;
}

/**
 * One permission of the Permissions tab (catalog/permissions.yaml): its UI label, its claim code and
 * older long claim names, and its own value table. A `boolean` permission's values are `yes` / `no`.
 */
export interface PermissionDef extends Provenance {
  /** The Permissions-tab label, e.g. "Tickets Access Level". */
  label: string;
  /** The Permissions-tab section, e.g. "Feature Access". */
  group?: string;
  target: PermissionTarget;
  /** Older long claim names of the same permission (ROLE-SQL-B): read as the code, replaced on write. */
  aliases?: string[];
  /**
   * Other spellings of the code itself that sources show (e.g. `TD` for `Td`: claim types compare
   * case-sensitively here, SQL Server case-insensitively): aliases too, read as the code and
   * replaced with it on write, but not called legacy names.
   */
  spellings?: string[];
  type: 'level' | 'boolean';
  /** Friendly value -> stored claim value (claims need it; `boolean` ones have `yes` and `no`). */
  values?: Record<string, PermissionValue>;
  /** The permission (a boolean's `yes`, any level but the lowest) grants admin-like rights. */
  privileged?: boolean;
  /**
   * Holding it (a boolean's `yes`) makes the agent or role an administrator: an unmanaged one is
   * listed as `admin-agent` / `role-administrator` (plan.unmanaged).
   */
  adminRights?: boolean;
  /** Set on the "allow all" flags behind an agent's `access` lists. */
  restriction?: AccessRestriction;
}

/**
 * Spellings of yes and no read on every yes/no claim, whatever the entry writes (compared
 * case-insensitively): older rows hold 'true'/'false' where current ones hold '1'/'0'.
 */
export interface YesNoSpellings extends Provenance {
  yes: string[];
  no: string[];
}

export interface SettingDef extends Provenance {
  label: string;
  /** Control field, e.g. nextfaultidcalculationmethod. */
  field: string;
  values?: Record<string, CatalogValue>;
}

/** Fields set on a TicketType for a project hierarchy level ("Projects" / "Project Tasks"). */
export interface HierarchyDef extends Provenance {
  label: string;
  itilType: string;
  fields: Record<string, unknown>;
}

/** The scopes the login application needs for halo-iac to manage one kind: any one of `anyOf`. */
export interface RequiredScopes extends Provenance {
  anyOf: string[];
}

/** The requiredScopes key that applies to every kind without an entry of its own. */
export const DEFAULT_REQUIRED_SCOPES = 'default';

/** The scopes managing `kind` needs: its own requiredScopes entry, else the default one (undefined when neither exists). */
export function requiredScopesOf(catalog: Pick<Catalog, 'requiredScopes'>, kind: string): RequiredScopes | undefined {
  const own = Object.hasOwn(catalog.requiredScopes, kind) ? catalog.requiredScopes[kind] : undefined;
  return own ?? catalog.requiredScopes[DEFAULT_REQUIRED_SCOPES];
}

/** How a paginated list answers: the wrapper key holding the rows and the most rows per page. */
export interface ListShape extends Provenance {
  key: string;
  pageCap: number;
}

/** The sections every catalog has, whatever kinds exist (catalog-shape.ts checks each). */
export interface CoreCatalog {
  scopes: Record<string, ScopeEntry>;
  /** Scopes people try that Halo rejects with invalid_scope, with the reason to show. */
  invalidScopes: Record<string, { reason: string; source: string }>;
  permissions: Record<string, PermissionDef>;
  /** How yes and no may be spelled in live yes/no claims (read side only). */
  yesNoSpellings: YesNoSpellings;
  /** Department membership level -> UnameDepartment.membershiplevel. */
  membershipLevels: Record<string, MembershipLevel>;
  /** ITIL ticket type -> RequestType.itilrequesttype. */
  itilTypes: Record<string, CatalogValue<number>>;
  /** Ticket type `use` -> RequestType.use. */
  ticketUse: Record<string, CatalogValue<string>>;
  /** Team `use` -> SectionDetail boolean field (forrequests / foropps / forprojects). */
  teamUse: Record<string, CatalogValue<string>>;
  projectHierarchy: Record<string, HierarchyDef>;
  /** Friendly ticket field name -> RequestTypeField.fieldid. */
  ticketFields: Record<string, CatalogValue<number>>;
  /** Application login type -> loginentity. */
  loginTypes: Record<string, CatalogValue<number>>;
  /** Application auth method -> grant_type. */
  authMethods: Record<string, CatalogValue<string>>;
  /** Friendly Settings keys -> Control fields. */
  settings: Record<string, SettingDef>;
  /** Where the application secret rotate counter is kept (secrets cannot be read back). */
  application: { rotateCounterField: CatalogValue<string> };
  /** Kind name (or `default`, for kinds without an entry) -> the scopes its management needs (doctor checks the login application). */
  requiredScopes: Record<string, RequiredScopes>;
  /** API path -> the shape of its paginated list (doctor compares the tenant's answer). */
  listShapes: Record<string, ListShape>;
  /** Lower-case name -> a rate-limit header Halo is known to send (doctor reports others it sees). */
  rateLimitHeaders: Record<string, Provenance>;
}

/**
 * The catalog: the core sections plus the value tables kinds bring. A kind with Halo codes of its
 * own (friendly name -> `{halo, verified, source}`) keeps them with the kind: its construct file
 * augments this interface with the table (`declare module '.../model/catalog.js'`) and names it in
 * its declaration's `valueTables`; its data is catalog/<kind>.yaml. Checks, overrides, doctor's
 * unverified list and `choice` fields treat such a table like any core section.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- kinds augment it
export interface Catalog extends CoreCatalog {}
