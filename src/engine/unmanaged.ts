/**
 * What nobody manages (issue 10 §3): the live objects of the kinds the plan read that no manifest
 * declares, privileged ones first, each with the risks its record shows (the kind's
 * `unmanagedRisks`). Under the default policy (report) that is the list record only: no read is
 * made for them, and the plan says what was therefore not checked (`unmanaged_unchecked`: the
 * kinds that can carry privileged risks but were not listed, and the objects whose list record
 * lacks what their risks need, e.g. an agent's admin flag). Under `policy.unmanaged: error` the
 * read covers both (live.ts), and the plan is refused while a privileged one exists, except the
 * agent and application halo-iac itself logs in as, which need their rights. Singletons and
 * objects export skips (Halo's system applications) are not listed.
 */
import type { DesiredState, UnmanagedPolicy } from '../model/desired.js';
import { error, type Diagnostic } from '../model/diagnostics.js';
import { addressOf, kindWords, naturalKey, type KindName } from '../model/kinds.js';
import type { UnmanagedObject } from '../model/plan.js';
import { handlerFor, kindOrder } from '../kinds/index.js';
import type { LiveObject, UnmanagedRiskContext } from '../kinds/types.js';
import type { EngineContext } from './context.js';
import { isLogin } from './guards.js';
import type { LiveSnapshot } from './live.js';

/** The unmanaged list of a plan, what it could not check, and the refusals `policy.unmanaged: error` makes. */
export interface UnmanagedResult {
  /** Absent under `policy.unmanaged: ignore`. */
  unmanaged?: UnmanagedObject[];
  /** What the list does not cover, one sentence each (absent when everything was checked). */
  unchecked?: string[];
  errors: Diagnostic[];
}

/** The kinds whose live objects can carry privileged risks (their handler's `unmanagedRisks`), in kind order. */
export function riskKinds(): KindName[] {
  return kindOrder().filter((k) => handlerFor(k).unmanagedRisks !== undefined && !handlerFor(k).singleton);
}

/**
 * The context a kind's unmanagedRisks sees: other kinds' objects judged by their own records.
 * Each name is judged once (every agent holding a role asks about it), through a per-kind index.
 */
function riskContext(state: DesiredState, live: LiveSnapshot): UnmanagedRiskContext {
  const byName = new Map<KindName, Map<string, LiveObject[]>>();
  const verdicts = new Map<string, boolean | undefined>();
  const named = (kind: KindName, key: string): LiveObject[] => {
    let index = byName.get(kind);
    if (!index) {
      index = new Map();
      for (const o of live.objects[kind] ?? []) {
        const k = naturalKey(o.name);
        const list = index.get(k);
        if (list) list.push(o);
        else index.set(k, [o]);
      }
      byName.set(kind, index);
    }
    return index.get(key) ?? [];
  };
  const ctx: UnmanagedRiskContext = {
    catalog: state.catalog,
    privileged(kind, name) {
      const key = naturalKey(name);
      const memo = `${kind}\n${key}`;
      if (verdicts.has(memo)) return verdicts.get(memo);
      const h = handlerFor(kind);
      const same = named(kind, key);
      let verdict: boolean | undefined = false;
      if (same.some((o) => (h.unmanagedRisks?.(o.raw, ctx) ?? []).length > 0)) verdict = true;
      else if (same.length === 0 || same.some((o) => h.unmanagedUnread?.lacks(o.raw) === true)) verdict = undefined;
      verdicts.set(memo, verdict);
      return verdict;
    },
  };
  return ctx;
}

function plural(n: number, kind: KindName): string {
  return `${n} unmanaged ${kindWords(kind)}${n === 1 ? '' : 's'}`;
}

/** Lists the unmanaged live objects (`policy` default: report). */
export function unmanagedObjects(state: DesiredState, live: LiveSnapshot, ctx: EngineContext, clientId: string | undefined): UnmanagedResult {
  const policy: UnmanagedPolicy = state.environment.policy.unmanaged ?? 'report';
  if (policy === 'ignore') return { errors: [] };
  const privileged: UnmanagedObject[] = [];
  const plain: UnmanagedObject[] = [];
  const errors: Diagnostic[] = [];
  const unchecked: string[] = [];
  const risks = riskContext(state, live);
  const notListed = riskKinds().filter((k) => live.objects[k] === undefined);
  if (notListed.length > 0) {
    const words = notListed.map((k) => `${kindWords(k)}s`).join(', ');
    unchecked.push(`${words} not listed: no manifest declares or refers to them; policy.unmanaged: error lists them (one call each)`);
  }
  for (const kind of kindOrder()) {
    const h = handlerFor(kind);
    const objects = live.objects[kind];
    if (!objects || h.singleton) continue;
    const managed = new Set(state.objects.filter((o) => o.kind === kind).map((o) => ctx.matchOf(o)?.live.id).filter((id) => id !== undefined).map(String));
    let unread = 0;
    for (const o of [...objects].sort((a, b) => a.name.localeCompare(b.name))) {
      if (managed.has(String(o.id)) || o.name.trim() === '' || h.exportable?.(o.raw) === false) continue;
      const entry: UnmanagedObject = { address: addressOf(kind, o.name), live_id: o.id, risks: h.unmanagedRisks?.(o.raw, risks) ?? [] };
      (entry.risks.length > 0 ? privileged : plain).push(entry);
      const login = isLogin(kind, o, live, clientId);
      // halo-iac's own login is never refused, so what its list record lacks is not worth a read.
      if (!login && h.unmanagedUnread?.lacks(o.raw) === true) unread++;
      if (policy === 'error' && entry.risks.length > 0 && !login) {
        errors.push(
          error(
            `${entry.address} (id ${String(o.id)}) is not managed by halo-iac and is privileged (${entry.risks.join(', ')}); policy.unmanaged is error: declare it in a manifest, or remove it in Halo`,
            state.environment.source,
            entry.address,
          ),
        );
      }
    }
    const u = h.unmanagedUnread;
    if (u && unread > 0) {
      unchecked.push(
        policy === 'error'
          ? `${u.what} of ${plural(unread, kind)} unknown: their detail read did not carry it either`
          : `${u.what} of ${plural(unread, kind)} not read: ${u.why}; policy.unmanaged: error reads them (one call each)`,
      );
    }
  }
  return { unmanaged: [...privileged, ...plain], ...(unchecked.length > 0 ? { unchecked } : {}), errors };
}
