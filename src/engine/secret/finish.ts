/**
 * The first thing apply does (issue 9 §3): finish the pending records an earlier run left. For
 * each, a token request with (client id, pending secret) asks Halo whether it holds that secret:
 * - accepted: the secret is delivered to its sink and the record removed;
 * - refused: the secret Halo holds is unknown to everyone, so a new one is sent (and delivered),
 *   unless this apply sends one anyway (a create, a bumped rotate counter);
 * - no answer: the record is kept and the object fails; nothing is rotated on a guess.
 * A record without a client id (the create's response never arrived) takes it from the live
 * application, which apply has just listed by name. An application whose "undelivered" mark is
 * set but whose record is not on this machine (a run on another CI runner) gets a new secret:
 * the one Halo holds reached nobody.
 */
import type { HaloRecord, HaloWriter } from '../../halo/types.js';
import type { DesiredObject, EnvironmentConfig } from '../../model/desired.js';
import { handlerFor } from '../../kinds/index.js';
import type { LiveObject } from '../../kinds/types.js';
import type { ApplyItem, BatchSender } from '../batch.js';
import type { EngineContext } from '../context.js';
import type { EngineEventSink } from '../events.js';
import type { Plan, ResourceChange } from '../../model/plan.js';
import { payloadFor, sendsSecret } from '../request.js';
import { nextApplyAdvice } from './keeper.js';
import { foreignRecord, removePendingRecord, type FoundPending } from './pending.js';
import type { SecretVerifier } from './token-check.js';

/** What finishing needs from apply. */
export interface FinishContext {
  plan: Plan;
  ctx: EngineContext;
  sender: BatchSender;
  writer: HaloWriter;
  verify: SecretVerifier;
  emit: EngineEventSink;
  environment: EnvironmentConfig;
  /** The declared objects, for undelivered marks without a record here. */
  objects: readonly DesiredObject[];
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The plan entry of an object, or an update entry standing for it (a targeted plan may lack it). */
function entryFor(plan: Plan, obj: DesiredObject, live: LiveObject): ResourceChange {
  const found = plan.resource_changes.find((c) => c.address === obj.address);
  if (found) return found;
  return {
    address: obj.address,
    kind: obj.kind,
    name: obj.name,
    live_id: live.id,
    change: { actions: ['update'], before: null, after: null, before_sensitive: [], after_sensitive: [] },
    field_changes: [],
    risks: [],
    depends_on: [],
  };
}

/** Finishes one record; returns the rotation to send when Halo refused its secret. */
async function finishOne(f: FoundPending, fc: FinishContext): Promise<ApplyItem | undefined> {
  const { obj, file, record } = f;
  const { sender, emit } = fc;
  if (!record) {
    sender.fail(obj.address, `${file} is not a readable pending record (${f.problem ?? 'unknown'}); it may hold a secret Halo has: move it away, then apply again`);
    return undefined;
  }
  sender.keeper.remember(record.secret);
  const foreign = foreignRecord(record, fc.environment);
  if (foreign) {
    sender.fail(obj.address, `the pending secret in ${file} ${foreign}; it is kept: apply that environment to finish it`);
    return undefined;
  }
  const h = handlerFor(obj.kind);
  const handling = h.secret;
  if (!handling) return undefined;
  const change = fc.plan.resource_changes.find((c) => c.address === obj.address);
  const superseded = change !== undefined && sendsSecret(change, obj);
  const live = fc.ctx.matchOf(obj)?.live;
  // This apply sends the application a new secret anyway (a create, a bumped rotate counter): the old one is not needed.
  const drop = async (): Promise<undefined> => {
    try {
      await removePendingRecord(file);
      emit({ type: 'secret-pending', address: obj.address, outcome: 'superseded' });
    } catch (e) {
      sender.fail(obj.address, `${file} is no longer needed but could not be removed (${messageOf(e)}); delete it`);
    }
    return undefined;
  };
  if (!live) {
    // The create never reached Halo: nobody holds this secret.
    if (superseded) return drop();
    emit({ type: 'secret-pending', address: obj.address, outcome: 'kept' });
    sender.fail(obj.address, `the application is not in Halo and this apply does not create it; its pending secret ${file} is kept`);
    return undefined;
  }
  let clientId = handling.clientId(live.raw) ?? record.clientId;
  try {
    clientId ??= handling.clientId(await fc.writer.get(h.apiPath, live.id));
  } catch (e) {
    sender.fail(obj.address, `could not read the application's client id to finish its pending secret (${messageOf(e)}); ${nextApplyAdvice(file)}`);
    return undefined;
  }
  if (clientId === undefined) {
    sender.fail(obj.address, `Halo shows no client id for the application; ${nextApplyAdvice(file)}`);
    return undefined;
  }
  const answer = await fc.verify({ clientId, secret: record.secret, scopes: handling.scopes(obj.spec, live.raw) });
  if (answer.verdict === 'accepted') {
    emit({ type: 'secret-pending', address: obj.address, outcome: 'delivering' });
    const problem = await sender.keeper.deliver(obj, { ...record, clientId }, file, clearingItem(obj, live, fc));
    if (problem) sender.fail(obj.address, problem);
    return undefined;
  }
  if (answer.verdict === 'unknown') {
    emit({ type: 'secret-pending', address: obj.address, outcome: 'kept' });
    sender.fail(obj.address, `could not check the pending secret in ${file} against Halo's token endpoint (${answer.reason}); ${nextApplyAdvice(file)}`);
    return undefined;
  }
  if (superseded) return drop();
  return rotation(obj, live, fc);
}

/** A new secret for a live object whose secret reached nobody. */
function rotation(obj: DesiredObject, live: LiveObject, fc: FinishContext): Promise<ApplyItem | undefined> {
  fc.emit({ type: 'secret-pending', address: obj.address, outcome: 'rotating' });
  const item = { change: entryFor(fc.plan, obj, live), obj, payload: payloadFor(obj, fc.ctx, live), create: false, replacesStranded: true };
  return fc.sender.attachSecret(item, live);
}

/**
 * The POST item that clears a live object's undelivered mark, when it has one. It changes nothing
 * else: a rotate counter this apply still has to bump must not look bumped before the new secret is sent.
 */
function clearingItem(obj: DesiredObject, live: LiveObject, fc: FinishContext): HaloRecord | undefined {
  if (fc.sender.keeper.undelivered(obj, live.raw) === undefined) return undefined;
  return handlerFor(obj.kind).secret?.clearingItem(live.raw, fc.ctx.catalog);
}

/**
 * Declared objects whose live record carries the undelivered mark but whose pending record is
 * not here (it was on another machine): a new secret, unless this apply sends one anyway.
 */
async function strandedElsewhere(found: readonly FoundPending[], fc: FinishContext): Promise<ApplyItem[]> {
  const here = new Set(found.map((f) => f.obj.address));
  const out: ApplyItem[] = [];
  for (const obj of fc.objects) {
    if (obj.absent || here.has(obj.address) || !fc.sender.keeper.placeOf(obj)?.pending) continue;
    const live = fc.ctx.matchOf(obj)?.live;
    if (!live || fc.sender.keeper.undelivered(obj, live.raw) === undefined) continue;
    const change = fc.plan.resource_changes.find((c) => c.address === obj.address);
    if (change && sendsSecret(change, obj)) continue;
    const item = await rotation(obj, live, fc);
    if (item) out.push(item);
  }
  return out;
}

/** Finishes every found record: deliveries first, then one batch of rotations per kind. */
export async function finishPending(found: readonly FoundPending[], fc: FinishContext): Promise<void> {
  const rotations: ApplyItem[] = [];
  for (const f of found) {
    const item = await finishOne(f, fc);
    if (item) rotations.push(item);
  }
  rotations.push(...(await strandedElsewhere(found, fc)));
  for (const kind of [...new Set(rotations.map((r) => r.obj.kind))]) {
    await fc.sender.send(kind, rotations.filter((r) => r.obj.kind === kind), 0);
  }
}
