/**
 * A `secretFrom` source that holds nothing (its variable unset) matters only when a request would
 * send the secret (a webhook's create, or a bumped `authentication.rotate`): plan then warns at the
 * manifest position that apply needs it, so a PR plan job needs no secrets; apply refuses before
 * anything is written while it is still unset. A request that sends no secret reads no source.
 */
import { describeSecretSource, parseSecretSource, secretSourcesIn } from '../../../constructs/secret/source.js';
import { error, warning, type Diagnostic } from '../../model/diagnostics.js';
import type { DesiredObject } from '../../model/desired.js';
import type { ResourceChange } from '../../model/plan.js';
import type { LiveObject } from '../../kinds/types.js';
import { buildContext, type EngineContext } from '../context.js';
import type { LiveSnapshot } from '../live.js';
import { payloadFor } from '../request.js';
import type { DesiredState } from '../../model/desired.js';

/** The dotted spec paths of the `secretFrom` keys holding `source`. */
function pathsOf(spec: unknown, source: string, prefix = ''): string[] {
  if (spec === null || typeof spec !== 'object') return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(spec)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (k === 'secretFrom' && v === source) out.push(path);
    else out.push(...pathsOf(v, source, path));
  }
  return out;
}

/** The request body of a create or update, and the sources it asked for that hold nothing. */
export function payloadWithUnset(obj: DesiredObject, ctx: EngineContext, live: LiveObject | undefined): { body: ReturnType<typeof payloadFor>; unset: string[] } {
  ctx.unsetSources.clear();
  const body = payloadFor(obj, ctx, live);
  const unset = [...ctx.unsetSources];
  ctx.unsetSources.clear();
  return { body, unset };
}

/** One diagnostic per unset source, at its `secretFrom` value: a warning in plan, an error in apply. */
export function unsetSourceDiagnostics(obj: DesiredObject, unset: readonly string[], severity: 'warning' | 'error'): Diagnostic[] {
  return unset.flatMap((text) => {
    const source = parseSecretSource(text);
    if (!source) return [];
    const path = pathsOf(obj.spec, text)[0] ?? 'secretFrom';
    const what = `${obj.address}: ${path}: ${describeSecretSource(source)} is not set`;
    const message =
      severity === 'warning'
        ? `${what}; apply needs it: this change sends the secret (set it in the apply job's environment)`
        : `${what}; this change sends the secret, so apply cannot make it. Nothing was written: set it and run apply again`;
    return [(severity === 'warning' ? warning : error)(message, obj.fieldSources[path] ?? obj.source, obj.address)];
  });
}

/**
 * Apply's check before any write: every create and update of `changes` whose request would send a
 * secret from a source that holds nothing, as errors (the requests are built as plan builds them,
 * against the snapshot apply just read, so nothing is read twice and no secret value is kept).
 */
export function unsetSourcesBeforeApply(changes: readonly ResourceChange[], state: DesiredState, live: LiveSnapshot, env: NodeJS.ProcessEnv): Diagnostic[] {
  // Only a spec naming a source can ask for one: the others' requests are not built twice.
  const byAddress = new Map(state.objects.filter((o) => secretSourcesIn(o.spec).length > 0).map((o) => [o.address, o]));
  if (byAddress.size === 0) return [];
  const ctx = buildContext(state.objects, state.catalog, live, 'plan', new Map(), new Set(), env);
  const out: Diagnostic[] = [];
  for (const change of changes) {
    if (!change.change.actions.includes('create') && !change.change.actions.includes('update')) continue;
    const obj = byAddress.get(change.address);
    if (!obj) continue;
    const liveObj = (change.live_id !== undefined ? ctx.index(obj.kind).get(change.live_id) : undefined) ?? ctx.matchOf(obj)?.live;
    out.push(...unsetSourceDiagnostics(obj, payloadWithUnset(obj, ctx, liveObj).unset, 'error'));
  }
  return out;
}
