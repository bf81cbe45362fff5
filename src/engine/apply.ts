/**
 * apply(): walks a Plan. Creates and updates of one kind at one dependency level go as POST arrays
 * in batches (up to `parallelism` in flight); a batch Halo rejects is bisected to name the failing
 * objects while the rest converge; dependents of failed objects are skipped. Deletes run last, in
 * reverse order. Before all that, the pending secrets an earlier run left are finished
 * (secret/finish.ts). Afterwards the tenant is re-read and re-planned, with the pending records
 * still on disk: `remaining` must be empty.
 */
import { UserError } from '../model/diagnostics.js';
import type { DesiredObject, DesiredState } from '../model/desired.js';
import { kindWords, type KindName } from '../model/kinds.js';
import { handlerFor } from '../kinds/index.js';
import type { HaloWriter } from '../halo/types.js';
import type { LiveId } from '../kinds/types.js';
import { entryDiagnostics, type Plan } from '../model/plan.js';
import { buildContext } from './context.js';
import type { EngineEventSink, KindWork, RateBudget } from './events.js';
import { readLive, type LiveSnapshot } from './live.js';
import { LiveIndex } from './match.js';
import { applyGroups, deleteOrder } from './order.js';
import { plan as replan } from './plan.js';
import { BatchSender, type ApplyItem } from './batch.js';
import { pool } from './pool.js';
import { payloadFor, sendsSecret } from './request.js';
import { findPendingRecords, findStrandedRecords, pendingNotices, scrubSecrets, tokenChecker, type SecretVerifier } from './secrets.js';
import { finishPending } from './secret/finish.js';
import { secretSourceValues } from '../../constructs/secret/source.js';
import { unsetSourcesBeforeApply } from './secret/unset-sources.js';

/** How apply sends. */
export interface ApplyOptions {
  batchSize: number;
  /** Most requests in flight: POST batches, and the reads apply makes before and after writing. */
  parallelism: number;
  /** Directory of environment.yaml: secret sinks are relative to it. */
  envDir: string;
  onEvent?: EngineEventSink;
  /**
   * The snapshot the plan was just made (or its staleness checked) against. When given, apply
   * builds its payloads from it instead of reading the tenant again; the caller passes it only
   * when no time passed in between (no interactive confirmation), so it is still current.
   */
  live?: LiveSnapshot;
  /** Checks pending secrets against the tenant (default: a token request to the environment's own token endpoint). */
  verifySecret?: SecretVerifier;
  /** Where `secretFrom: env:NAME` sources are read (the command's environment; default process.env). */
  secretEnv?: NodeJS.ProcessEnv;
}

/** What apply did, and what is still different afterwards. */
export interface ApplyResult {
  added: number;
  changed: number;
  destroyed: number;
  failed: { address: string; message: string }[];
  /** The re-plan after writing, limited to the addresses of the applied plan. */
  remaining: Plan;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) out.push(items.slice(i, i + Math.max(1, size)));
  return out;
}

/** What an apply will do per kind and action, and the calls it expects (writes plus the verification re-read). */
function workOf(plan: Plan, writer: HaloWriter): { work: KindWork[]; calls: number; budget?: RateBudget } {
  const counts = new Map<string, KindWork>();
  for (const c of plan.resource_changes) {
    const action = c.change.actions.find((a): a is KindWork['action'] => a === 'create' || a === 'update' || a === 'delete');
    if (!action) continue;
    const key = `${c.kind}/${action}`;
    counts.set(key, { kind: c.kind, action, count: (counts.get(key)?.count ?? 0) + 1 });
  }
  return { work: [...counts.values()], calls: plan.api_calls.apply_estimate + plan.api_calls.read, ...(writer.budget ? { budget: writer.budget } : {}) };
}

/**
 * The objects this run created that Halo now holds twice or more under one natural key: another
 * apply (a CI runner elsewhere, which no local lock can see) created the same objects meanwhile.
 * Each is a failure naming every live id and what to do, since the next plan refuses that name.
 */
function duplicatesCreated(created: ReadonlyMap<string, LiveId>, byAddress: ReadonlyMap<string, DesiredObject>, after: LiveSnapshot): ApplyResult['failed'] {
  const indexes = new Map<KindName, LiveIndex>();
  const out: ApplyResult['failed'] = [];
  for (const [address, id] of created) {
    const obj = byAddress.get(address);
    if (!obj || handlerFor(obj.kind).singleton) continue;
    let index = indexes.get(obj.kind);
    if (!index) indexes.set(obj.kind, (index = new LiveIndex(obj.kind, after.objects[obj.kind] ?? [])));
    const same = index.named(obj.name);
    if (same.length < 2) continue;
    const ids = same.map((o) => String(o.id)).join(', ');
    out.push({
      address,
      message:
        `created, but ${same.length} live ${kindWords(obj.kind)}s are now named "${obj.name}" (ids ${ids}; this apply created ${String(id)}): ` +
        'another apply to this tenant ran at the same time. Keep one in Halo and delete the others, then run plan; ' +
        "in CI, run a tenant's applies one at a time (a concurrency group)",
    });
  }
  return out;
}

/** Applies `plan` (which must have no errors) to the tenant behind `writer`. */
export async function apply(plan: Plan, state: DesiredState, writer: HaloWriter, options: ApplyOptions): Promise<ApplyResult> {
  if (plan.errors.length > 0) throw new UserError(entryDiagnostics(plan.errors, 'error'));
  const emit = options.onEvent ?? (() => undefined);
  const read = { parallelism: options.parallelism };
  const live = options.live ?? (await readLive(state, writer, emit, read));
  // A request that would send a secret its source does not hold: refused before anything is written.
  const unset = unsetSourcesBeforeApply(plan.resource_changes, state, live, options.secretEnv ?? process.env);
  if (unset.length > 0) throw new UserError(unset);
  const created = new Map<string, LiveId>();
  // Secrets read from their sources (secretFrom) while building payloads: scrubbed like generated ones.
  const sourced = new Set<string>();
  const ctx = buildContext(state.objects, state.catalog, live, 'apply', created, sourced, options.secretEnv);
  // Every secret a source holds is known up front: a sink command failing before a webhook is sent must not print one.
  const known = secretSourceValues(state.objects.map((o) => o.spec), options.secretEnv ?? process.env);
  const where = { envDir: options.envDir, environment: state.environment, catalog: state.catalog, env: options.secretEnv ?? process.env, known };
  const sender = new BatchSender(writer, created, where, emit, sourced);
  const byAddress = new Map(state.objects.map((o) => [o.address, o]));
  emit({ type: 'apply-started', changes: plan.resource_changes.filter((c) => !c.change.actions.includes('no-op')).length, ...workOf(plan, writer) });
  // Secrets an earlier run left pending are delivered (or replaced) before anything else is written.
  const found = await findPendingRecords(state.objects, options.envDir, true);
  const verify = options.verifySecret ?? tokenChecker(state.environment);
  await finishPending(found, { plan, ctx, sender, writer, verify, emit, environment: state.environment, objects: state.objects });
  await sender.flushSecrets();

  for (const group of applyGroups(plan.resource_changes)) {
    const items: ApplyItem[] = [];
    for (const change of group.changes) {
      const dep = change.depends_on.find((d) => sender.failed.has(d));
      if (dep) {
        sender.fail(change.address, `skipped: depends on ${dep}, which failed`, 'skipped');
        continue;
      }
      const obj = byAddress.get(change.address);
      if (!obj) {
        sender.fail(change.address, 'not in the manifests any more; run plan again');
        continue;
      }
      // Match against the fresh read: a create that meanwhile exists (an earlier interrupted run) becomes an update.
      const liveObj = ctx.index(obj.kind).get(change.live_id) ?? ctx.matchOf(obj)?.live;
      if (change.change.actions.includes('update') && !liveObj) {
        sender.fail(change.address, 'no longer exists in Halo; run plan again');
        continue;
      }
      const item: ApplyItem = { change, obj, payload: payloadFor(obj, ctx, liveObj), create: !liveObj };
      sender.keeper.dropClearedMark(obj, item.payload);
      // A secret is sent only once it is safe in its pending record; if it cannot be, nothing is sent.
      const ready = sendsSecret(change, obj) ? await sender.attachSecret(item, liveObj) : item;
      if (ready) items.push(ready);
    }
    await pool(chunk(items, options.batchSize), options.parallelism, (batch) => sender.send(group.kind, batch, 0));
    await sender.flushSecrets();
  }

  for (const change of deleteOrder(plan.resource_changes)) {
    await sender.remove(change);
  }

  // The verification read reports progress too (the CLI prints it as `verifying: read N live objects`).
  const after = await readLive(state, writer, emit, { ...read, unmanaged: false });
  const pending = [...pendingNotices(await findPendingRecords(state.objects, options.envDir)), ...(await findStrandedRecords(state.objects, options.envDir))];
  const full = replan(state, after, { toolVersion: plan.tool_version, allowDelete: true, forceDeletes: true, allowLockout: true, now: new Date(), pending, secretEnv: options.secretEnv });
  const addresses = new Set(plan.resource_changes.map((c) => c.address));
  const changes = full.resource_changes.filter((c) => addresses.has(c.address));
  const count = (a: 'create' | 'update' | 'delete'): number => changes.filter((c) => c.change.actions.includes(a)).length;
  const remaining: Plan = {
    ...full,
    resource_changes: changes,
    errors: full.errors.filter((e) => e.address === undefined || addresses.has(e.address)),
    summary: { add: count('create'), change: count('update'), destroy: count('delete') },
  };
  const failed = [
    ...[...sender.failed].map(([address, message]) => ({ address, message: scrubSecrets(message, sender.secrets) })),
    ...duplicatesCreated(created, byAddress, after),
  ];
  emit({ type: 'apply-finished', added: sender.added, changed: sender.changed, destroyed: sender.destroyed, failed: failed.length });
  return { added: sender.added, changed: sender.changed, destroyed: sender.destroyed, failed, remaining };
}
