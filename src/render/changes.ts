/**
 * Shared reading of a Plan for every renderer: which changes to show, in which order, with which
 * symbol and words. Renderers read only the Plan document (design.md §3), never engine objects.
 */
import type { PendingSecret, Plan, PlanDiagnostic, ResourceChange } from '../model/plan.js';
import type { SourcePosition } from '../model/diagnostics.js';

/** What a resource change does, reduced to one verb (Terraform's vocabulary). */
export type Verb = 'create' | 'update' | 'destroy' | 'replace' | 'no-op';

/** The verb of a change from its `actions` list. */
export function verbOf(rc: ResourceChange): Verb {
  const a = rc.change.actions;
  if (a.includes('create') && a.includes('delete')) return 'replace';
  if (a.includes('create')) return 'create';
  if (a.includes('delete')) return 'destroy';
  if (a.includes('update')) return 'update';
  return 'no-op';
}

/** Terraform's symbols: `+` create, `~` update, `-` destroy, `-/+` replace. */
export const SYMBOL: Record<Verb, string> = {
  create: '+',
  update: '~',
  destroy: '-',
  replace: '-/+',
  'no-op': ' ',
};

/** The words after the symbol, e.g. `+ create`, `~ update in-place`. */
export const LABEL: Record<Verb, string> = {
  create: 'create',
  update: 'update in-place',
  destroy: 'destroy',
  replace: 'destroy and then create replacement',
  'no-op': 'no change',
};

/** The changes a reader cares about (no-ops dropped), in the plan's own (apply) order. */
export function visibleChanges(plan: Plan): ResourceChange[] {
  return plan.resource_changes.filter((rc) => verbOf(rc) !== 'no-op');
}


/** Warnings without repeats: the same message at the same place (or address) is said once. */
export function distinctWarnings(warnings: readonly PlanDiagnostic[]): PlanDiagnostic[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = JSON.stringify([w.source ? formatSource(w.source) : (w.address ?? ''), w.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Secret deliveries an earlier run left unfinished (older plan files have none). */
export function pendingSecrets(plan: Plan): PendingSecret[] {
  return plan.pending_secrets ?? [];
}

/** `~ application/X: secret delivery pending`: the line every view shows for a pending secret (`symbol` may be coloured). */
export function pendingLine(p: PendingSecret, symbol = '~'): string {
  return `${symbol} ${p.address}: secret delivery pending`;
}

/** What apply will do about a pending secret (no secret in it). */
export function pendingNote(p: PendingSecret): string {
  if (p.record_missing) {
    return `Halo marks its secret (sent ${p.created_at ?? '?'}) as not delivered, and its pending record is not on this machine (${p.file}): apply sends a new secret and delivers that`;
  }
  const since = p.created_at ? `, written ${p.created_at}` : '';
  const how = p.client_id_known ? '' : ' (the create\'s response never arrived: apply finds the client id by name)';
  return `${p.file}${since}: apply checks it against Halo, then delivers it to its sink or sends a new one${how}`;
}

/** True when the plan refuses something: nothing of it can be applied. */
export function isRefused(plan: Plan): boolean {
  return plan.errors.length > 0;
}

/**
 * What a refused plan would have done: its changes and those the guards refused (older plans have
 * none of the latter), no-ops dropped, in the plan's order.
 */
export function wouldHaveChanges(plan: Plan): ResourceChange[] {
  return [...visibleChanges(plan), ...(plan.refused_changes ?? []).filter((rc) => verbOf(rc) !== 'no-op')];
}

/** The add / change / destroy counts a view shows: a refused plan's counts include the refused changes. */
export function shownSummary(plan: Plan): Plan['summary'] {
  if (!isRefused(plan)) return plan.summary;
  const refused = plan.refused_changes ?? [];
  const n = (verb: Verb) => refused.filter((rc) => verbOf(rc) === verb || (verb !== 'update' && verbOf(rc) === 'replace')).length;
  return { add: plan.summary.add + n('create'), change: plan.summary.change + n('update'), destroy: plan.summary.destroy + n('destroy') };
}

/** True when the plan changes nothing (and refuses nothing, and has no secret delivery pending). */
export function isEmptyPlan(plan: Plan): boolean {
  return visibleChanges(plan).length === 0 && plan.errors.length === 0 && pendingSecrets(plan).length === 0;
}

/**
 * `Plan: X to add, Y to change, Z to destroy.`, plus the pending secret deliveries when there are
 * any; for a refused plan `Plan refused: nothing can be applied. It would have been: X to add, ...`.
 */
export function summaryLine(plan: Plan): string {
  const s = shownSummary(plan);
  const n = pendingSecrets(plan).length;
  const pending = n > 0 ? ` ${n} secret deliver${n === 1 ? 'y' : 'ies'} pending.` : '';
  const counts = `${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.${pending}`;
  if (isRefused(plan)) return `Plan refused: nothing can be applied. It would have been: ${counts}`;
  return `Plan: ${counts}`;
}

/** The heading of a refused plan's changes (text and markdown say the same). */
export const WOULD_HAVE = 'Had the plan not been refused, halo-iac would have performed the following actions:';

/** The sentence printed (verbatim) when nothing would change. */
export const NO_CHANGES = 'No changes. Halo configuration matches the manifests.';

/** `file:line:col` */
export function formatSource(s: SourcePosition): string {
  return `${s.file}:${s.line}:${s.column}`;
}

/** `target url (tenant x)` as one phrase. */
export function targetPhrase(plan: Plan): string {
  return plan.target.tenant ? `${plan.target.url} (tenant ${plan.target.tenant})` : plan.target.url;
}
