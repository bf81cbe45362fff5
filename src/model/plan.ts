/**
 * The Plan: the one document plan produces, apply consumes, `show` re-renders, and renderers read.
 * Key names follow design.md §3 (snake_case, like Terraform's JSON plan); documented in README.
 */
import type { Diagnostic, Severity, SourcePosition } from './diagnostics.js';
import type { KindName } from './kinds.js';

/** 1.1: plans carry `digest` (and `targets` when made with --target); 1.0 plans had neither. */
export const PLAN_FORMAT_VERSION = '1.1';

export type Action = 'create' | 'update' | 'delete' | 'no-op';
export type Risk = 'privilege-escalation' | 'privilege-removal' | 'destroy' | 'lockout' | 'licence';

/** A canonical (comparable) object: friendly field names, JSON values, sorted keys. */
export type Canonical = Record<string, unknown>;

/**
 * The live side of a permission whose claims do not read as one catalog value: a stored value not
 * in the permission's table (`read_as` absent), an older long claim name (`legacy`) or another
 * spelling of the code (`spelling`), or several
 * rows. It is shown raw (render/values.ts), never mapped to a neighbouring value, and it always
 * differs from the desired value, so the plan rewrites the claim with its short code.
 */
export interface LiveClaimsValue {
  /** `legacy`: an older long claim name; `spelling`: another spelling of the code (e.g. `TD` for `Td`). */
  live_claims: { type: string; value: string; legacy?: true; spelling?: true }[];
  /** The catalog reading of the claims, when they have one. */
  read_as?: string | boolean;
}

/** True for a LiveClaimsValue. */
export function isLiveClaimsValue(v: unknown): v is LiveClaimsValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Array.isArray((v as { live_claims?: unknown }).live_claims);
}

/** Why a change carries a risk label, in words naming the change, e.g. `permissions.canDeleteTickets false -> true`. */
export interface RiskReason {
  risk: Risk;
  /** Never a sensitive value (renderers scrub any they recognise). */
  reason: string;
}

/** An object that depends on one being destroyed, e.g. `agent/Jane Smith`: `member of team/Old`. */
export interface Dependent {
  address: string;
  reason: string;
}

/**
 * Why a live object nobody manages matters (README "JSON plan format"): an agent with administrator
 * rights, an API-only agent, an application with scope `all` or an `admin:*` scope, a role with
 * administrator rights.
 */
export type UnmanagedRisk = 'admin-agent' | 'api-only-agent' | 'scope-all' | 'scope-admin' | 'role-administrator';

/** A live object no manifest declares (issue 10 §3); listed, never changed. */
export interface UnmanagedObject {
  address: string;
  live_id: string | number;
  risks: UnmanagedRisk[];
}

export interface FieldChange {
  /** Dotted path in the canonical form, e.g. `scopes`, `permissions.tickets`. */
  path: string;
  before: unknown;
  after: unknown;
  sensitive?: boolean;
  /** For set-like lists (memberships, scopes): what is added / removed. */
  added?: unknown[];
  removed?: unknown[];
  source?: SourcePosition;
}

/** The exact request apply will send for this change (dry-run honesty, after safe-settings). */
export interface RequestPreview {
  method: 'POST' | 'DELETE';
  path: string;
  /** Body with secrets replaced by "(sensitive value)"; ids of objects created earlier shown as `(known after apply)`. */
  body?: unknown;
}

export interface ResourceChange {
  address: string;
  kind: KindName;
  name: string;
  /** Live id when the object exists (string for Roles/Application, number otherwise). */
  live_id?: string | number;
  /** Set when matched through `previously`: the live name being renamed. */
  previous_name?: string;
  change: {
    actions: Action[];
    before: Canonical | null;
    after: Canonical | null;
    /** Paths whose values are sensitive (shown as `(sensitive value)`). */
    before_sensitive: string[];
    after_sensitive: string[];
  };
  field_changes: FieldChange[];
  source?: SourcePosition;
  risks: Risk[];
  /** Why each risk applies (absent in older plans: renderers then show the bare labels). */
  risk_reasons?: RiskReason[];
  /** Hash of the live object's compared fields at plan time; apply refuses a stale saved plan. */
  live_fingerprint?: string;
  depends_on: string[];
  /** On a delete: the objects that depend on the one destroyed (absent when none or unknown). */
  dependents?: Dependent[];
  request?: RequestPreview;
  origin?: string;
}

/**
 * A generated secret an earlier run left in its pending record (issue 9 §3): apply delivers it
 * (or replaces it) before anything else. Never the secret itself.
 */
export interface PendingSecret {
  address: string;
  /** The pending record's file. */
  file: string;
  /** When the record was written (absent for a record an earlier version wrote). */
  created_at?: string;
  /** False when the create's response never arrived: apply finds the client id by name. */
  client_id_known: boolean;
  /**
   * True when Halo's application carries halo-iac's "undelivered" mark but the record is not on
   * this machine (it was made on another, e.g. a CI runner since discarded): apply sends a new secret.
   */
  record_missing?: boolean;
  source?: SourcePosition;
}

/**
 * A Diagnostic as the plan document keeps it (README "JSON plan format": `{message, address,
 * source}`, plus `code` when it has one): its severity is the list it is in, `errors` or `warnings`.
 */
export type PlanDiagnostic = Pick<Diagnostic, 'message' | 'address' | 'source' | 'code'>;

/** The plan entry of a diagnostic. */
export function planEntry(d: Diagnostic): PlanDiagnostic {
  return { message: d.message, ...(d.address ? { address: d.address } : {}), ...(d.source ? { source: d.source } : {}), ...(d.code ? { code: d.code } : {}) };
}

/** A plan's entries of one list as Diagnostics again (`errors` are errors, `warnings` warnings). */
export function entryDiagnostics(entries: readonly PlanDiagnostic[], severity: Severity): Diagnostic[] {
  return entries.map((e) => ({ severity, ...e }));
}

export interface Plan {
  format_version: string;
  tool_version: string;
  environment: string;
  target: { url: string; tenant?: string };
  /** The --target addresses the plan was limited to (absent: the whole environment); apply FILE re-plans with them. */
  targets?: string[];
  created_at: string;
  /**
   * `sha256:<hex>` of the plan document without this key, as canonical JSON (keys sorted at every
   * depth, no whitespace): a saved plan whose contents no longer match is refused (saved-plan.ts).
   */
  digest?: string;
  resource_changes: ResourceChange[];
  summary: { add: number; change: number; destroy: number };
  api_calls: { read: number; apply_estimate: number };
  warnings: PlanDiagnostic[];
  /** Changes refused by guards (lockout, deletes without permission...). Apply refuses when non-empty. */
  errors: PlanDiagnostic[];
  /** Secret deliveries an earlier run left unfinished; a change, like resource_changes (absent in older plans). */
  pending_secrets?: PendingSecret[];
  /** Live objects no manifest declares (absent in older plans and when not computed). */
  unmanaged?: UnmanagedObject[];
  /**
   * What `unmanaged` does not cover, one sentence each: kinds that can hold privileged objects but
   * were not listed, objects whose list record lacks what their risks need (absent: all checked).
   */
  unmanaged_unchecked?: string[];
  /**
   * The changes guards refused (a delete without permission, a lockout), as they would have been:
   * shown under the refusal, never applied (absent when none, and in older plans).
   */
  refused_changes?: ResourceChange[];
}
