/**
 * Plan guards (design.md §3): deletes need policy.allowDelete AND --allow-delete, respect
 * maxDeletes and `protect`; changes to the agent or application halo-iac itself logs in as, and to
 * the roles and memberships that login agent's rights come from, are refused (lockout) unless
 * --allow-lockout. Refused changes become plan.errors, never changes.
 */
import type { DesiredObject } from '../model/desired.js';
import { kindWords, type KindName } from '../model/kinds.js';
import { handlerFor, LOGIN_HANDLER } from '../kinds/index.js';
import type { LiveObject } from '../kinds/types.js';
import { sameId } from '../kinds/lookup.js';
import type { LiveSnapshot } from './live.js';
import { error, type Diagnostic } from '../model/diagnostics.js';

/** Options the guards read. */
export interface GuardOptions {
  allowDelete?: boolean;
  forceDeletes?: boolean;
  allowLockout?: boolean;
  clientId?: string;
}

/** Why a delete is refused, or undefined when it may go ahead. */
export function deleteRefusal(obj: DesiredObject, options: GuardOptions): string | undefined {
  if (obj.protect) return `refusing to delete ${obj.address}: it is protected (protect: true)`;
  if (!handlerFor(obj.kind).delete) return `refusing to delete ${obj.address}: ${obj.kind} objects cannot be deleted`;
  if (!options.allowDelete) return `refusing to delete ${obj.address}: deletes need policy.allowDelete and --allow-delete`;
  return undefined;
}

/** The maxDeletes guard as an error, when exceeded. */
export function maxDeletesError(count: number, maxDeletes: number, options: GuardOptions): Diagnostic | undefined {
  if (options.forceDeletes || count <= maxDeletes) return undefined;
  return error(`refusing to delete ${count} objects: policy.maxDeletes is ${maxDeletes} (use --force-deletes to override)`);
}

/** Why a change could lock halo-iac out; `unknown`: because the login agent's rights could not be read. */
export interface Lockout {
  refusal: string;
  reason: string;
  unknown?: true;
  /** The object is halo-iac's own login (not where its rights come from). */
  self?: true;
}

/** True for the live object halo-iac logs in as (its kind's `login` capability). */
export function isLogin(kind: KindName, o: LiveObject, live: LiveSnapshot, clientId: string | undefined): boolean {
  const h = handlerFor(kind);
  if (h.login === 'me') return live.me !== undefined && sameId(live.me.id, o.id);
  if (h.login === 'clientId') return clientId !== undefined && h.secret?.clientId(o.raw) === clientId;
  return false;
}

/**
 * Why changing (or, `deleting`, removing) this live object could lock halo-iac out, if it could:
 * it is what halo-iac logs in as, by the kind's `login` capability (the agent `me` returns, or the
 * application with our client id); or the login agent's rights come from it (issue 9 §4): a role it
 * holds (any change), a team or department it is a member of (a delete); or, when those rights
 * were needed but could not be read (`me.rightsUnknown`), any such change (fail closed). `refusal`
 * completes "refusing to change <address>: ..."; `reason` is the lockout risk's reason.
 */
export function lockoutOf(obj: DesiredObject, live: LiveObject, snapshot: LiveSnapshot, options: GuardOptions, deleting: boolean): Lockout | undefined {
  if (isLogin(obj.kind, live, snapshot, options.clientId)) return { refusal: `halo-iac logs in as this ${kindWords(obj.kind)}`, reason: `halo-iac logs in as ${obj.address}`, self: true };
  const me = snapshot.me;
  // Rights that could not be read may come from this object: fail closed (issue 9 §4).
  const at = LOGIN_HANDLER?.loginRights;
  if (me?.rightsUnknown !== undefined && at && (at.held.includes(obj.kind) || (deleting && at.memberOf.includes(obj.kind)))) {
    const why = `could not read which roles halo-iac's login holds: ${me.rightsUnknown}`;
    return { refusal: why, reason: why, unknown: true };
  }
  const right = me?.rights?.find((r) => r.kind === obj.kind && sameId(r.id, live.id) && (r.via === 'role' || deleting));
  if (!me || !right) return undefined;
  const who = `halo-iac's login agent ${me.name}`;
  return right.via === 'role'
    ? { refusal: `${who} holds this ${kindWords(obj.kind)}`, reason: `${who} holds ${obj.address}` }
    : { refusal: `${who} is a member of this ${kindWords(obj.kind)}`, reason: `${who} is a member of ${obj.address}` };
}

/** The lockout refusal message. */
export function lockoutMessage(obj: DesiredObject, lockout: Lockout): string {
  if (lockout.unknown) return `refusing to change ${obj.address}: ${lockout.refusal}; the change could lock halo-iac out (--allow-lockout to proceed)`;
  return `refusing to change ${obj.address}: ${lockout.refusal}${lockout.self ? ' and the change could lock it out' : ', so the change could lock halo-iac out'} (use --allow-lockout)`;
}
