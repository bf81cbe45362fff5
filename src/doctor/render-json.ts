/**
 * The JSON view of a doctor report, exactly
 * `{"checks":[{"id","area","assumption","observed","verdict","override"?}],"api_calls":N}`
 * (README "halo-iac doctor"): `override` only on disagreements that have one. Names seen on
 * (`seenOn`) are left out, like in markdown.
 */
import type { DoctorReport } from './types.js';

/** The report as JSON text (two-space indent, trailing newline). */
export function renderDoctorJson(report: DoctorReport): string {
  const checks = report.checks.map((c) => ({
    id: c.id,
    area: c.area,
    assumption: c.assumption,
    observed: c.observed,
    verdict: c.verdict,
    ...(c.override !== undefined ? { override: c.override } : {}),
  }));
  return JSON.stringify({ checks, api_calls: report.apiCalls }, null, 2) + '\n';
}
