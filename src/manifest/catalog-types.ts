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

/** Where a friendly permission lands on a Halo Agent/Role. */
export type PermissionTarget =
  | { field: string } // a top-level Uname / NHD_Roles field, e.g. is_admin
  | { claim: string } // a claims[] entry {type: <claim>, value}
  | RestrictionTarget;

/**
 * An "allow all" permission encoded by an agent restriction array (`tickettypes`, `clients`):
 * with `allWhenEmpty`, no row means "all" (halo-enums.md §1.3, guide 883). `rowFlags` are set on
 * every row written when access is restricted to named objects (e.g. canview/cancreate/canedit).
 */
export interface RestrictionTarget {
  restriction: 'tickettypes' | 'clients';
  allWhenEmpty: true;
  rowFlags?: Record<string, boolean>;
}

export interface PermissionDef extends Provenance {
  /** UI label as in the vendor guides, e.g. "Tickets Access Level". */
  label: string;
  target: PermissionTarget;
  /** boolean: true/false map to `true`/`false` (field) or to `values.yes/no` (claim). */
  type: 'level' | 'boolean';
  /** For `level` (and boolean claims): friendly value -> Halo value. */
  values?: Record<string, CatalogValue>;
  /** Grants admin-like rights when set to a truthy/high value: labels privilege-escalation. */
  privileged?: boolean;
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

export interface Catalog {
  scopes: Record<string, ScopeEntry>;
  /** Scopes people try that Halo rejects with invalid_scope, with the reason to show. */
  invalidScopes: Record<string, { reason: string; source: string }>;
  permissions: Record<string, PermissionDef>;
  /** Department membership level -> UnameDepartment.membershiplevel. */
  membershipLevels: Record<string, CatalogValue<number>>;
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
}
