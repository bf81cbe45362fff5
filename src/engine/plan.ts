/**
 * plan(): a PURE function (desired, live, options) -> Plan. No I/O: the live side was read before.
 * Matches by natural key and `previously`, derives field changes with the one generic differ,
 * applies the guards, labels risks with their reasons (from the catalog, src/kinds/risks.ts), shows
 * a destroy's whole live object and dependents (destroy.ts), lists what nobody manages
 * (unmanaged.ts), previews the exact request, and counts what apply will cost.
 */
import { addressOf, type KindName } from '../model/kinds.js';
import { type DesiredObject, type DesiredState } from '../model/desired.js';
import { handlerFor } from '../kinds/index.js';
import { SENSITIVE_VALUE } from '../kinds/types.js';
import { byPosition, error, warning, type Diagnostic } from '../model/diagnostics.js';
import { planEntry, PLAN_FORMAT_VERSION, type Dependent, type Plan, type ResourceChange } from '../model/plan.js';
import { buildContext, type EngineContext } from './context.js';
import { createEntry, deleteEntry, updateEntry, type EntryBase } from './changes.js';
import { diffCanonical } from './diff.js';
import { dependentsOf, destroyedObject } from './destroy.js';
import { targetScope, unknownTargets } from './targets.js';
import { unmanagedObjects } from './unmanaged.js';
import { deleteRefusal, lockoutMessage, lockoutOf, maxDeletesError, type GuardOptions } from './guards.js';
import { ambiguousReference, identityError, undeclaredDuplicateWarnings } from './identity.js';
import { specPath } from '../model/spec-path.js';
import { didYouMean } from '../model/suggest.js';
import type { LiveSnapshot } from './live.js';
import { applyEstimate } from './order.js';
import { desiredCanonical, liveCanonical, liveFingerprint, sendsSecret } from './request.js';
import { payloadWithUnset, unsetSourceDiagnostics } from './secret/unset-sources.js';
import type { PendingNotice } from './secret/pending.js';
import { missingSink, pendingSecretEntries } from './secret/plan-checks.js';
import { NO_SINK } from '../../constructs/secret/sink.js';
import { maskEnvMessages, maskEnvValues } from './sensitive-values.js';

/** Options of plan(); allowDelete is policy.allowDelete AND --allow-delete, computed by the caller. */
export interface PlanOptions extends GuardOptions {
  toolVersion: string;
  targets?: string[];
  /**
   * The plan's created_at. plan() never reads the clock: callers that show or save the plan pass
   * `new Date()` (the CLI's planOptions does); when omitted, created_at is PLAN_TIME_UNSET.
   */
  now?: Date;
  /** Used only for api_calls.apply_estimate (default 50). */
  batchSize?: number;
  /**
   * The pending secret records on disk (the caller reads them; plan stays pure): each is a
   * change (`pending_secrets`), or a refusal when it belongs to another environment.
   */
  pending?: readonly PendingNotice[];
  /** Where `secretFrom: env:NAME` sources are read (the command's environment; default process.env): plan only checks they hold a value. */
  secretEnv?: NodeJS.ProcessEnv;
}

/**
 * created_at of a plan whose caller passed no `now`: the Unix epoch, a fixed and obviously
 * "unset" instant, so plan() stays a pure function of its inputs.
 */
export const PLAN_TIME_UNSET = new Date(0);

/** A diagnostic about a spec path of `obj`: at the value's position, else the object's. */
function atPath(make: typeof error, obj: DesiredObject, path: string, message: string): Diagnostic {
  return make(`${obj.address}: ${message}`, obj.fieldSources[path] ?? obj.source, obj.address);
}

/** Unknown references: neither declared (and not absent) nor live, with the closest name that is. */
function referenceErrors(obj: DesiredObject, ctx: EngineContext, objects: readonly DesiredObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const ref of handlerFor(obj.kind).references(obj.spec)) {
    const ambiguous = ambiguousReference(obj, ref, ctx);
    if (ambiguous) {
      out.push(ambiguous);
      continue;
    }
    const d = ctx.declared(ref.kind, ref.name);
    if ((d && !d.absent) || (!d && ctx.index(ref.kind).byName(ref.name))) continue;
    // Only on this (rare) path: the names a typo may have meant, live or declared.
    const names = [...ctx.index(ref.kind).objects.map((o) => o.name), ...objects.filter((o) => o.kind === ref.kind && !o.absent).map((o) => o.name)];
    out.push(atPath(error, obj, ref.path, `${specPath(ref.path)} refers to ${addressOf(ref.kind, ref.name)}, which is neither declared nor live${didYouMean(ref.name, names)}`));
  }
  return out;
}

/** Specs that could never converge, or unmanaged names (customers) that do not resolve, as errors at their source position. */
function unsupportedErrors(obj: DesiredObject, ctx: EngineContext): Diagnostic[] {
  const h = handlerFor(obj.kind);
  return [...(h.unsupported?.(obj.spec, ctx.catalog) ?? []), ...(h.unresolved?.(obj.spec, ctx) ?? [])].map((u) => atPath(error, obj, u.path, u.message));
}

/** Warnings that need the live tenant (validate checks the declared objects only). */
function liveWarnings(obj: DesiredObject, ctx: EngineContext): Diagnostic[] {
  return (handlerFor(obj.kind).warnings?.(obj.spec, ctx) ?? []).map((w) => atPath(warning, obj, w.path, w.message));
}

/**
 * Warnings from managed objects' live data, one per key: the first message, with every object it
 * was seen on (a claim value the catalog lacks on ten agents is one warning, not ten).
 */
function sharedLiveWarnings(state: DesiredState, ctx: EngineContext): Diagnostic[] {
  const byKey = new Map<string, { warning: Diagnostic; seenOn: string[] }>();
  const env = state.environment.policy.catalog ? { catalogFile: state.environment.policy.catalog } : {};
  for (const obj of state.objects) {
    const m = obj.absent ? undefined : ctx.matchOf(obj);
    if (!m) continue;
    for (const w of handlerFor(obj.kind).liveWarnings?.(m.live, obj.spec, ctx, env) ?? []) {
      const seen = byKey.get(w.key);
      if (seen) seen.seenOn.push(obj.address);
      else byKey.set(w.key, { warning: warning(w.message, obj.fieldSources[w.path] ?? obj.source, obj.address), seenOn: [obj.address] });
    }
  }
  return [...byKey.values()].map(({ warning: w, seenOn }) => ({ ...w, message: `${w.message} (seen on ${seenOn.join(', ')})` }));
}

/** The addresses of the declared (not absent) objects of each kind, built once per plan. */
export type AddressesByKind = ReadonlyMap<KindName, readonly string[]>;

/** Groups the declared objects' addresses by kind (what `members: all` depends on), in one pass. */
export function addressesByKind(objects: readonly DesiredObject[]): AddressesByKind {
  const out = new Map<KindName, string[]>();
  for (const o of objects) {
    if (o.absent) continue;
    const list = out.get(o.kind);
    if (list) list.push(o.address);
    else out.set(o.kind, [o.address]);
  }
  return out;
}

/**
 * What `obj` depends on: its own edges, the declared objects it refers to, and every declared
 * object of a kind it refers to as a whole (`members: all`), from the per-kind lists built once:
 * filtering every object for every object made planning O(n²).
 */
function dependsOn(obj: DesiredObject, byKind: AddressesByKind, ctx: EngineContext): string[] {
  const h = handlerFor(obj.kind);
  const refs = h
    .references(obj.spec)
    .map((r) => ctx.declared(r.kind, r.name))
    .filter((d): d is DesiredObject => d !== undefined && !d.absent)
    .map((d) => d.address);
  const all = (h.dependsOnAll?.(obj.spec) ?? []).flatMap((k) => (byKind.get(k) ?? []).filter((a) => a !== obj.address));
  return [...obj.dependsOn, ...refs, ...all];
}

function planObject(
  obj: DesiredObject,
  byKind: AddressesByKind,
  ctx: EngineContext,
  live: LiveSnapshot,
  options: PlanOptions,
  errors: Diagnostic[],
  dependents: () => Map<string, Dependent[]>,
  refused: ResourceChange[],
): ResourceChange | undefined {
  const h = handlerFor(obj.kind);
  const m = ctx.matchOf(obj);
  // A generated secret's paths are sensitive once it has a sink (it is sent); a sourced one's always.
  const sensitive = !h.secret || h.secret.sink(obj.spec) !== undefined ? [...(h.sensitive ?? [])] : [];
  const b: EntryBase = { obj, dependsOn: dependsOn(obj, byKind, ctx), risks: [], sensitive };
  /** True when a guard refuses the change (its error pushed): the entry is then kept as refused. */
  const lockout = (): boolean => {
    const why = m ? lockoutOf(obj, m.live, live, options, obj.absent) : undefined;
    if (!why) return false;
    b.risks.push({ risk: 'lockout', reason: why.reason });
    if (options.allowLockout) return false;
    errors.push(error(lockoutMessage(obj, why), obj.source, obj.address));
    return true;
  };
  // A change a guard refuses is still shown, under the refusal, as what would have happened.
  const unless = (blocked: boolean, entry: ResourceChange): ResourceChange | undefined => {
    if (!blocked) return entry;
    refused.push(entry);
    return undefined;
  };
  if (obj.absent) {
    if (!m) return undefined;
    const refusal = deleteRefusal(obj, options);
    if (refusal) errors.push(error(refusal, obj.source, obj.address));
    const blocked = refusal !== undefined || lockout();
    const after = dependents().get(obj.address) ?? [];
    const n = after.length;
    b.risks.push({ risk: 'destroy', reason: n > 0 ? `${obj.address} (${n} object${n === 1 ? ' depends' : 's depend'} on it)` : obj.address });
    return unless(blocked, deleteEntry(b, m.live, destroyedObject(obj, m.live, ctx), liveFingerprint(obj, m.live, ctx), after));
  }
  const after = desiredCanonical(obj, ctx);
  if (!m) {
    if (h.singleton) {
      errors.push(error(`${obj.address}: the ${obj.kind} singleton was not found live`, obj.source, obj.address));
      return undefined;
    }
    const incomplete = (h.createProblems?.(obj.spec) ?? []).map((p) => atPath(error, obj, p.path, p.message));
    if (incomplete.length > 0) {
      errors.push(...incomplete);
      return undefined;
    }
    b.risks.push(...(h.risks?.({ action: 'create', before: null, after, catalog: ctx.catalog }) ?? []));
    return createEntry(b, after, diffCanonical(null, after, h.sets, sensitive));
  }
  const before = liveCanonical(obj, m.live, ctx);
  const fields = diffCanonical(before, after, h.sets, sensitive);
  const blocked = fields.length > 0 && lockout();
  if (fields.length > 0) b.risks.push(...(h.risks?.({ action: 'update', before, after, catalog: ctx.catalog }) ?? []));
  return unless(blocked, updateEntry(b, m.live, before, after, fields, liveFingerprint(obj, m.live, ctx), m.previousName));
}

/** The change with its request preview, and the warnings about secret sources the request needs that hold nothing. */
function withRequest(change: ResourceChange, obj: DesiredObject, ctx: EngineContext): { change: ResourceChange; warnings: Diagnostic[] } {
  const h = handlerFor(obj.kind);
  if (change.change.actions.includes('delete')) {
    return { change: { ...change, request: { method: 'DELETE', path: `/api/${h.apiPath}/${String(change.live_id)}` } }, warnings: [] };
  }
  if (change.change.actions.includes('no-op')) return { change, warnings: [] };
  const live = ctx.matchOf(obj)?.live;
  const { body, unset } = payloadWithUnset(obj, ctx, live);
  if (sendsSecret(change, obj)) h.secret?.inject(body, SENSITIVE_VALUE);
  return { change: { ...change, request: { method: 'POST', path: `/api/${h.apiPath}`, body: [body] } }, warnings: unsetSourceDiagnostics(obj, unset, 'warning') };
}

/**
 * POSTs that clear the undelivered marks of delivered secrets (one per kind that sends any), and
 * for pending deliveries one rotation and one clear at most (keeper.flush, finish.ts).
 */
function deliveryPosts(state: DesiredState, changes: readonly ResourceChange[], pending: number): number {
  const byAddress = new Map(state.objects.map((o) => [o.address, o]));
  const kinds = new Set<string>();
  for (const c of changes) {
    const obj = byAddress.get(c.address);
    const sink = obj ? handlerFor(obj.kind).secret?.sink(obj.spec) : undefined;
    if (obj && sink !== undefined && sink.trim() !== NO_SINK && sendsSecret(c, obj)) kinds.add(obj.kind);
  }
  return kinds.size + (pending > 0 ? 2 : 0);
}

/** Plans `state` against `live`. Pure: same inputs, same plan (created_at comes from options.now). */
export function plan(state: DesiredState, live: LiveSnapshot, options: PlanOptions): Plan {
  const ctx = buildContext(state.objects, state.catalog, live, 'plan', new Map(), new Set(), options.secretEnv);
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  let changes: ResourceChange[] = [];
  let refused: ResourceChange[] = [];
  const byKind = addressesByKind(state.objects);
  // Computed once, on the first delete: who refers to each object being destroyed.
  let dependents: Map<string, Dependent[]> | undefined;
  const deleted = () =>
    state.objects.flatMap((o) => {
      const m = o.absent ? ctx.matchOf(o) : undefined;
      return m ? [{ obj: o, live: m.live }] : [];
    });
  const dependentsMap = () => (dependents ??= dependentsOf(deleted(), live, ctx));
  for (const obj of state.objects) {
    // An object that is not one live object (a shared name, a pinned id gone) is refused, not guessed at.
    const identity = identityError(obj, ctx);
    if (identity) {
      errors.push(identity);
      continue;
    }
    if (!obj.absent) {
      errors.push(...referenceErrors(obj, ctx, state.objects), ...unsupportedErrors(obj, ctx));
      warnings.push(...liveWarnings(obj, ctx));
    }
    const c = planObject(obj, byKind, ctx, live, options, errors, dependentsMap, refused);
    if (!c) continue;
    const sink = missingSink(obj, c, state);
    if (sink.error) errors.push(sink.error);
    if (sink.warning) warnings.push(sink.warning);
    const requested = withRequest(c, obj, ctx);
    warnings.push(...requested.warnings);
    changes.push(maskEnvValues(requested.change, obj.envValues));
  }
  warnings.push(...sharedLiveWarnings(state, ctx), ...undeclaredDuplicateWarnings(state, Object.keys(live.objects) as KindName[], ctx));
  const unmanaged = unmanagedObjects(state, live, ctx, options.clientId);
  errors.push(...unmanaged.errors);
  const targets = options.targets ?? [];
  if (targets.length > 0) {
    // A typo must not pass a CI step green: an unknown target refuses the plan.
    errors.push(...unknownTargets(state, targets));
    // As in Terraform, what the targets depend on is planned with them, each named with the reason.
    const scope = targetScope(state, changes, targets);
    const visible = new Set(changes.filter((c) => !c.change.actions.includes('no-op')).map((c) => c.address));
    changes = changes.filter((c) => scope.addresses.has(c.address));
    refused = refused.filter((c) => scope.addresses.has(c.address));
    const kept = errors.filter((e) => e.address === undefined || scope.addresses.has(e.address));
    errors.length = 0;
    errors.push(...kept);
    warnings.push(warning('targeted plan: only the targeted objects and the objects they depend on are planned'));
    for (const [dep, from] of scope.includedFor) {
      if (visible.has(dep)) warnings.push(warning(`${dep} is included: ${from} depends on it`));
    }
  }
  // Pending secrets are unfinished past work, not new changes: listed whatever the --target.
  const pending = pendingSecretEntries(state, options.pending ?? [], (obj) => ctx.matchOf(obj)?.live.raw);
  errors.push(...pending.errors);
  const deletes = changes.filter((c) => c.change.actions.includes('delete')).length;
  const tooMany = maxDeletesError(deletes, state.environment.policy.maxDeletes, options);
  if (tooMany) errors.push(tooMany);
  const count = (a: string): number => changes.filter((c) => c.change.actions.includes(a as 'create')).length;
  // A message may quote a field's value: none ever shows one that came from the environment.
  const envValues = state.objects.flatMap((o) => o.envValues ?? []);
  return {
    format_version: PLAN_FORMAT_VERSION,
    tool_version: options.toolVersion,
    environment: state.environment.name,
    target: { url: state.environment.connection.url, ...(state.environment.connection.tenant ? { tenant: state.environment.connection.tenant } : {}) },
    ...(targets.length > 0 ? { targets: [...targets] } : {}),
    created_at: (options.now ?? PLAN_TIME_UNSET).toISOString(),
    resource_changes: changes,
    summary: { add: count('create'), change: count('update'), destroy: count('delete') },
    api_calls: { read: live.reads, apply_estimate: applyEstimate(changes, options.batchSize ?? 50) + deliveryPosts(state, changes, pending.entries.length) },
    warnings: maskEnvMessages([...warnings, ...state.diagnostics.filter((d) => d.severity === 'warning')].map(planEntry), envValues),
    // Refusals in the order of the manifests, as validate lists its errors.
    errors: maskEnvMessages(byPosition(errors).map(planEntry), envValues),
    ...(pending.entries.length > 0 ? { pending_secrets: pending.entries } : {}),
    ...(unmanaged.unmanaged ? { unmanaged: unmanaged.unmanaged } : {}),
    ...(unmanaged.unchecked ? { unmanaged_unchecked: unmanaged.unchecked } : {}),
    ...(refused.length > 0 ? { refused_changes: refused } : {}),
  };
}
