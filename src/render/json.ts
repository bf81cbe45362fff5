/**
 * The JSON view of a Plan: the Plan document as is, with a stable key order so that saved
 * plans diff cleanly and scripts can rely on it. Documented in README ("JSON plan format").
 * Structural keys keep the order of the Plan type; free-form values (before/after objects,
 * field values, request bodies) have their keys sorted alphabetically.
 */
import type { FieldChange, PendingSecret, Plan, PlanDiagnostic, ResourceChange } from '../model/plan.js';

/** Top-level keys, in output order. */
export const PLAN_KEYS = [
  'format_version',
  'tool_version',
  'environment',
  'target',
  'targets',
  'created_at',
  'digest',
  'summary',
  'api_calls',
  'errors',
  'warnings',
  'resource_changes',
  'pending_secrets',
  'unmanaged',
  'unmanaged_unchecked',
  'refused_changes',
] as const;

/** Keys of each resource change, in output order. */
export const RESOURCE_CHANGE_KEYS = [
  'address',
  'kind',
  'name',
  'live_id',
  'previous_name',
  'origin',
  'source',
  'risks',
  'risk_reasons',
  'depends_on',
  'dependents',
  'change',
  'field_changes',
  'live_fingerprint',
  'request',
] as const;

const CHANGE_KEYS = ['actions', 'before', 'after', 'before_sensitive', 'after_sensitive'] as const;
const FIELD_KEYS = ['path', 'before', 'after', 'sensitive', 'added', 'removed', 'source'] as const;
const WARNING_KEYS = ['message', 'address', 'source'] as const;
const SOURCE_KEYS = ['file', 'line', 'column'] as const;
const PENDING_KEYS = ['address', 'file', 'created_at', 'client_id_known', 'record_missing', 'source'] as const;
const UNMANAGED_KEYS = ['address', 'live_id', 'risks'] as const;
const REASON_KEYS = ['risk', 'reason'] as const;
const DEPENDENT_KEYS = ['address', 'reason'] as const;

/** Renders the plan as pretty JSON (2-space indent) ending with a newline. */
export function renderJson(plan: Plan): string {
  return JSON.stringify(orderPlan(plan), null, 2) + '\n';
}

/** A copy of the plan with keys in the documented order (unknown extra keys kept, sorted, at the end). */
export function orderPlan(plan: Plan): Record<string, unknown> {
  const out = pick(plan as unknown as Record<string, unknown>, PLAN_KEYS, {
    target: (t) => pick(t as Record<string, unknown>, ['url', 'tenant']),
    summary: (s) => pick(s as Record<string, unknown>, ['add', 'change', 'destroy']),
    api_calls: (a) => pick(a as Record<string, unknown>, ['read', 'apply_estimate']),
    errors: (list) => (list as PlanDiagnostic[]).map(orderWarning),
    warnings: (list) => (list as PlanDiagnostic[]).map(orderWarning),
    resource_changes: (list) => (list as ResourceChange[]).map(orderChange),
    pending_secrets: (list) => (list as PendingSecret[]).map((p) => pick(p as unknown as Record<string, unknown>, PENDING_KEYS, { source: orderSource })),
    unmanaged: (list) => each(list, UNMANAGED_KEYS),
    refused_changes: (list) => (list as ResourceChange[]).map(orderChange),
  });
  return out;
}

function orderChange(rc: ResourceChange): Record<string, unknown> {
  return pick(rc as unknown as Record<string, unknown>, RESOURCE_CHANGE_KEYS, {
    source: orderSource,
    risk_reasons: (list) => each(list, REASON_KEYS),
    dependents: (list) => each(list, DEPENDENT_KEYS),
    change: (c) => pick(c as Record<string, unknown>, CHANGE_KEYS, { before: sortDeep, after: sortDeep }),
    field_changes: (list) => (list as FieldChange[]).map(orderField),
    request: (r) => pick(r as Record<string, unknown>, ['method', 'path', 'body'], { body: sortDeep }),
  });
}

function orderField(fc: FieldChange): Record<string, unknown> {
  return pick(fc as unknown as Record<string, unknown>, FIELD_KEYS, {
    before: sortDeep,
    after: sortDeep,
    added: sortDeep,
    removed: sortDeep,
    source: orderSource,
  });
}

function orderWarning(w: PlanDiagnostic): Record<string, unknown> {
  return pick(w as unknown as Record<string, unknown>, WARNING_KEYS, { source: orderSource });
}

/** A list of small records, each with its keys in the given order. */
function each(list: unknown, keys: readonly string[]): unknown {
  return (list as Record<string, unknown>[]).map((item) => pick(item, keys));
}

function orderSource(s: unknown): unknown {
  return pick(s as Record<string, unknown>, SOURCE_KEYS);
}

type Transform = (v: unknown) => unknown;

/** Known keys in the given order (undefined dropped), then any other keys sorted. */
function pick(obj: Record<string, unknown>, keys: readonly string[], transforms: Record<string, Transform> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (obj[k] === undefined) continue;
    const t = transforms[k];
    out[k] = t ? t(obj[k]) : obj[k];
  }
  for (const k of Object.keys(obj).sort()) {
    if (!(k in out) && obj[k] !== undefined && !keys.includes(k)) out[k] = sortDeep(obj[k]);
  }
  return out;
}

/** Objects with keys sorted at every depth; arrays keep their order. */
export function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortDeep((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}
