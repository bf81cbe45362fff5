/**
 * Lines the text and markdown views share: the sample and the verdict counts.
 */
import type { DoctorReport, SampleCounts, Verdict } from './types.js';
import { count } from './words.js';

/** `2 of 2 agents and 3 of 3 roles sampled`: how many got a detail read. */
export function sampledText(s: SampleCounts): string {
  const of = (side: { sampled: number; total?: number }, noun: string) =>
    side.total === undefined ? `no ${noun}s (their list could not be read)` : `${side.sampled} of ${count(side.total, noun)}`;
  return `${of(s.agents, 'agent')} and ${of(s.roles, 'role')} sampled`;
}

/** Checks per verdict. */
export function verdictCounts(report: DoctorReport): Record<Verdict, number> {
  const out: Record<Verdict, number> = { agrees: 0, disagrees: 0, 'not seen': 0 };
  for (const c of report.checks) out[c.verdict] += 1;
  return out;
}

/** `12 checks: 9 agree, 1 disagrees, 2 not seen. 12 API calls, all reads.` */
export function summaryLine(report: DoctorReport): string {
  const n = verdictCounts(report);
  const agree = `${n.agrees} agree${n.agrees === 1 ? 's' : ''}`;
  const disagree = `${n.disagrees} disagree${n.disagrees === 1 ? 's' : ''}`;
  return `${report.checks.length} checks: ${agree}, ${disagree}, ${n['not seen']} not seen. ${report.apiCalls} API call${report.apiCalls === 1 ? '' : 's'}, all reads.`;
}

/** `Detail reads: 2 of 2 agents and 3 of 3 roles sampled (the first 20 of each by id, --sample).` */
export function sampleLine(report: DoctorReport): string {
  return `Detail reads: ${sampledText(report.sample)} (the first ${report.sample.limit} of each by id, --sample).`;
}
