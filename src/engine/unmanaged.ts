/**
 * What nobody manages (issue 10 §3): the live objects of the kinds the plan read that no manifest
 * declares, privileged ones first, each with the risks its list record shows (the kind's
 * `unmanagedRisks`, from list fields only: no read is made for them). Singletons and objects
 * export skips (Halo's system applications) are not listed. `policy.unmanaged: error` refuses the
 * plan while a privileged one exists, except the agent and application halo-iac itself logs in as,
 * which need their rights.
 */
import type { DesiredState, UnmanagedPolicy } from '../model/desired.js';
import { error, type Diagnostic } from '../model/diagnostics.js';
import { addressOf } from '../model/kinds.js';
import type { UnmanagedObject } from '../model/plan.js';
import { handlerFor, kindOrder } from '../kinds/index.js';
import type { LiveObject } from '../kinds/types.js';
import { sameId } from '../kinds/lookup.js';
import type { EngineContext } from './context.js';
import type { LiveSnapshot } from './live.js';

/** The unmanaged list of a plan and the refusals `policy.unmanaged: error` makes. */
export interface UnmanagedResult {
  /** Absent under `policy.unmanaged: ignore`. */
  unmanaged?: UnmanagedObject[];
  errors: Diagnostic[];
}

/** True for the live object halo-iac logs in as (its kind's `login` capability). */
function isLogin(kind: Parameters<typeof handlerFor>[0], o: LiveObject, live: LiveSnapshot, clientId: string | undefined): boolean {
  const h = handlerFor(kind);
  if (h.login === 'me') return live.me !== undefined && sameId(live.me.id, o.id);
  if (h.login === 'clientId') return clientId !== undefined && h.secret?.clientId(o.raw) === clientId;
  return false;
}

/** Lists the unmanaged live objects (`policy` default: report). */
export function unmanagedObjects(state: DesiredState, live: LiveSnapshot, ctx: EngineContext, clientId: string | undefined): UnmanagedResult {
  const policy: UnmanagedPolicy = state.environment.policy.unmanaged ?? 'report';
  if (policy === 'ignore') return { errors: [] };
  const privileged: UnmanagedObject[] = [];
  const plain: UnmanagedObject[] = [];
  const errors: Diagnostic[] = [];
  for (const kind of kindOrder()) {
    const h = handlerFor(kind);
    const objects = live.objects[kind];
    if (!objects || h.singleton) continue;
    const managed = new Set(state.objects.filter((o) => o.kind === kind).map((o) => ctx.matchOf(o)?.live.id).filter((id) => id !== undefined).map(String));
    for (const o of [...objects].sort((a, b) => a.name.localeCompare(b.name))) {
      if (managed.has(String(o.id)) || o.name.trim() === '' || h.exportable?.(o.raw) === false) continue;
      const entry: UnmanagedObject = { address: addressOf(kind, o.name), live_id: o.id, risks: h.unmanagedRisks?.(o.raw, state.catalog) ?? [] };
      (entry.risks.length > 0 ? privileged : plain).push(entry);
      if (policy === 'error' && entry.risks.length > 0 && !isLogin(kind, o, live, clientId)) {
        errors.push(
          error(
            `${entry.address} (id ${String(o.id)}) is not managed by halo-iac and is privileged (${entry.risks.join(', ')}); policy.unmanaged is error: declare it in a manifest, or remove it in Halo`,
            state.environment.source,
            entry.address,
          ),
        );
      }
    }
  }
  return { unmanaged: [...privileged, ...plain], errors };
}
