/**
 * The plan's identity checks (issue 9 §2): a declared object must resolve to at most one live
 * object (by its pinned `id:`, else by name), a reference by name to an undeclared object must not
 * name several live ones, and live duplicates nobody declares are worth a warning.
 */
import { error, warning, type Diagnostic } from '../model/diagnostics.js';
import type { DesiredObject, DesiredState } from '../model/desired.js';
import { addressOf, naturalKey, type KindName } from '../model/kinds.js';
import { handlerFor } from '../kinds/index.js';
import { specPath } from '../model/spec-path.js';
import type { EngineContext } from './context.js';
import { ambiguousReferenceMessage, matchProblemMessage, undeclaredDuplicatesMessage } from './match.js';

/** The refusal of an object that does not resolve to one live object, if it does not. */
export function identityError(obj: DesiredObject, ctx: EngineContext): Diagnostic | undefined {
  const problem = ctx.index(obj.kind).problem(obj);
  // Ensuring a pinned object is gone, when it is gone, is nothing to do.
  if (!problem || (problem.kind === 'missing-id' && obj.absent)) return undefined;
  return error(`${obj.address}: ${matchProblemMessage(obj.kind, problem)}`, obj.source, obj.address);
}

/** The refusal of a reference to an undeclared name several live objects share, if it is one. */
export function ambiguousReference(obj: DesiredObject, ref: { kind: KindName; name: string; path: string }, ctx: EngineContext): Diagnostic | undefined {
  if (ctx.declared(ref.kind, ref.name)) return undefined;
  const live = ctx.index(ref.kind).named(ref.name);
  if (live.length < 2) return undefined;
  return error(`${obj.address}: ${ambiguousReferenceMessage(specPath(ref.path), ref.kind, ref.name, live)}`, obj.fieldSources[ref.path] ?? obj.source, obj.address);
}

/**
 * One warning per name that two or more live objects of a read kind share, when no declared
 * object claims it (by name, previous name or pinned id) and no reference names it: those are
 * refusals already.
 */
export function undeclaredDuplicateWarnings(state: DesiredState, kinds: readonly KindName[], ctx: EngineContext): Diagnostic[] {
  const claimed = new Set<string>();
  for (const o of state.objects) {
    for (const n of [o.name, ...o.previously]) claimed.add(`${o.kind}/${naturalKey(n)}`);
    if (o.id !== undefined) claimed.add(`${o.kind}#${String(o.id)}`);
    if (!o.absent) for (const r of handlerFor(o.kind).references(o.spec)) claimed.add(`${r.kind}/${naturalKey(r.name)}`);
  }
  const out: Diagnostic[] = [];
  for (const kind of kinds) {
    if (handlerFor(kind).singleton) continue;
    for (const group of ctx.index(kind).duplicates()) {
      const first = group[0];
      if (!first || claimed.has(`${kind}/${naturalKey(first.name)}`) || group.some((g) => claimed.has(`${kind}#${String(g.id)}`))) continue;
      out.push(warning(undeclaredDuplicatesMessage(kind, group), undefined, addressOf(kind, first.name.trim())));
    }
  }
  return out;
}
