/**
 * `halo-iac doctor` as data: each check compares one catalog assumption with what the tenant
 * answered, and the renderers (text, markdown, json) read only these results, as plan renderers
 * read only the plan.
 */

/** How the tenant's answer compares with the catalog. */
export type Verdict = 'agrees' | 'disagrees' | 'not seen';

/** One check of the catalog against the tenant. */
export interface CheckResult {
  /** Stable id, e.g. `claims.values` or `settings.nextTicketIdMethod`. */
  id: string;
  /** What the check is about: permissions, memberships, settings, applications, api. */
  area: string;
  /** What the catalog (or halo-iac) assumes, in words. */
  assumption: string;
  /** What the tenant answered: counts and codes only, never names, e-mail addresses or ids. */
  observed: string;
  verdict: Verdict;
  /** For a disagreement: YAML for the environment's `policy.catalog` file that would correct the catalog. */
  override?: string;
  /** Addresses of the objects it was seen on (`agent/Jane Smith`): printed by the text renderer only. */
  seenOn?: string[];
}

/** How many agents and roles got a detail read, of how many listed. */
export interface SampleCounts {
  /** `--sample N`: the most detail reads per kind. */
  limit: number;
  /** `total` is absent when the list could not be read. */
  agents: { sampled: number; total?: number };
  roles: { sampled: number; total?: number };
}

/** The outcome of one doctor run. */
export interface DoctorReport {
  checks: CheckResult[];
  /** Requests sent to the resource server (token requests excluded), all of them reads. */
  apiCalls: number;
  sample: SampleCounts;
  /** Reads that failed (one line each); any makes the run exit 1. */
  errors: string[];
}

/** Exit code of a report: 0 when nothing disagrees and nothing failed, else 1. */
export function doctorExitCode(report: DoctorReport): number {
  return report.errors.length > 0 || report.checks.some((c) => c.verdict === 'disagrees') ? 1 : 0;
}
