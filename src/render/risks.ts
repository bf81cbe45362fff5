/**
 * Shared reading of what makes a change risky and what a destroy takes with it, for every
 * renderer: the labels, the reasons the engine gave for them (`risk_reasons`, absent in older
 * plans), and the objects that depend on one being destroyed (`dependents`). Free text is
 * scrubbed of the change's sensitive values before any view prints it.
 */
import type { Dependent, ResourceChange, RiskReason } from '../model/plan.js';
import { scrubber } from './values.js';

/** Every risk label of a change, in the plan's order, including any only named by a reason. */
export function riskLabels(rc: ResourceChange): string[] {
  return [...new Set<string>([...rc.risks, ...(rc.risk_reasons ?? []).map((r) => r.risk)])];
}

/** The reasons of a change, scrubbed; none for an older plan. */
export function riskReasons(rc: ResourceChange): RiskReason[] {
  const reasons = rc.risk_reasons ?? [];
  if (reasons.length === 0) return [];
  const clean = scrubber(rc);
  return reasons.map((r) => ({ risk: r.risk, reason: clean(r.reason) }));
}

/** Labels no reason explains: these are shown bare. */
export function bareRisks(rc: ResourceChange): string[] {
  const explained = new Set<string>((rc.risk_reasons ?? []).map((r) => r.risk));
  return rc.risks.filter((r) => !explained.has(r));
}

/** `privilege-escalation: permissions.canDeleteTickets false -> true` */
export function reasonText(r: RiskReason): string {
  return `${r.risk}: ${r.reason}`;
}

/** The objects depending on a destroyed one, scrubbed; none when the plan does not say. */
export function dependentsOf(rc: ResourceChange): Dependent[] {
  const dependents = rc.dependents ?? [];
  if (dependents.length === 0) return [];
  const clean = scrubber(rc);
  return dependents.map((d) => ({ address: d.address, reason: clean(d.reason) }));
}

/** `agent/Jane Smith: member of team/Old` */
export function dependentText(d: Dependent): string {
  return `${d.address}: ${d.reason}`;
}

/** The heading comment above a destroy's dependents. */
export const DEPENDENTS_HEADING = 'depends on it:';

/** True when a change carries a risk (or takes dependents with it): views show it first and expanded. */
export function isRisky(rc: ResourceChange): boolean {
  return riskLabels(rc).length > 0 || (rc.dependents?.length ?? 0) > 0;
}
