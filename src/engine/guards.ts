/**
 * Plan guards (design.md §3): deletes need policy.allowDelete AND --allow-delete, respect
 * maxDeletes and `protect`; changes to the agent or application halo-iac itself logs in as are
 * refused (lockout) unless --allow-lockout. Refused changes become plan.errors, never changes.
 */
import type { DesiredObject } from '../model/desired.js';
import { kindWords } from '../model/kinds.js';
import { handlerFor } from '../kinds/index.js';
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

/**
 * True when changing this live object could lock halo-iac out: it is what halo-iac logs in as,
 * by the kind's `login` capability (the agent `me` returns, or the application with our client id).
 */
export function touchesSelf(obj: DesiredObject, live: LiveObject, snapshot: LiveSnapshot, options: GuardOptions): boolean {
  const h = handlerFor(obj.kind);
  if (h.login === 'me') return snapshot.me !== undefined && sameId(snapshot.me.id, live.id);
  if (h.login === 'clientId') return !!(h.secret && options.clientId && h.secret.clientId(live.raw) === options.clientId);
  return false;
}

/** The lockout refusal message. */
export function lockoutMessage(obj: DesiredObject): string {
  return `refusing to change ${obj.address}: halo-iac logs in as this ${kindWords(obj.kind)} and the change could lock it out (use --allow-lockout)`;
}
