/**
 * What apply will send for a change, shared by the plan's request preview and by apply itself, so
 * the preview is the request (safe-settings' dry-run honesty) rather than a second algorithm.
 */
import type { DesiredObject } from '../model/desired.js';
import type { HaloRecord } from '../halo/types.js';
import { handlerFor } from '../kinds/index.js';
import type { KindContext, LiveObject } from '../kinds/types.js';
import type { Canonical, ResourceChange } from '../model/plan.js';
import { fingerprint } from './canonical.js';

/** True when this change sends a (new) generated secret: a create, or a bumped rotate counter. */
export function sendsSecret(change: Pick<ResourceChange, 'change' | 'field_changes'>, obj: DesiredObject): boolean {
  const secret = handlerFor(obj.kind).secret;
  if (!secret || secret.sink(obj.spec) === undefined) return false;
  if (change.change.actions.includes('create')) return true;
  return change.field_changes.some((f) => f.path === secret.path || f.path.startsWith(`${secret.path}.`));
}

/** The POST item for a create/update (without any secret). */
export function payloadFor(obj: DesiredObject, ctx: KindContext, live: LiveObject | undefined): HaloRecord {
  return handlerFor(obj.kind).toPayload(obj, ctx, live);
}

/** Canonical live form of a managed object: its name plus the fields the manifest sets. */
export function liveCanonical(obj: DesiredObject, live: LiveObject, ctx: KindContext): Canonical {
  const h = handlerFor(obj.kind);
  const c = h.normalize(live, obj.spec, ctx);
  return h.singleton ? c : { name: live.name, ...c };
}

/** Canonical desired form. */
export function desiredCanonical(obj: DesiredObject, ctx: KindContext): Canonical {
  const h = handlerFor(obj.kind);
  const c = h.canonical(obj.spec, ctx);
  return h.singleton ? c : { name: obj.name, ...c };
}

/** live_fingerprint: sha256 of the canonical live form. */
export function liveFingerprint(obj: DesiredObject, live: LiveObject, ctx: KindContext): string {
  return fingerprint(liveCanonical(obj, live, ctx));
}
