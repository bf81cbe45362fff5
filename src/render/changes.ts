/**
 * Shared reading of a Plan for every renderer: which changes to show, in which order, with which
 * symbol and words. Renderers read only the Plan document (design.md §3), never engine objects.
 */
import type { Plan, ResourceChange } from '../engine/plan-types.js';
import type { SourcePosition } from '../errors.js';

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

/** Changes carrying at least one risk label, for the "risks first" sections. */
export function riskyChanges(plan: Plan): ResourceChange[] {
  return visibleChanges(plan).filter((rc) => rc.risks.length > 0);
}

/** True when the plan changes nothing (and refuses nothing). */
export function isEmptyPlan(plan: Plan): boolean {
  return visibleChanges(plan).length === 0 && plan.errors.length === 0;
}

/** `Plan: X to add, Y to change, Z to destroy.` */
export function summaryLine(plan: Plan): string {
  const s = plan.summary;
  return `Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.`;
}

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
