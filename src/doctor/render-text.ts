/**
 * The text view of a doctor report (the default): the sample, one block per check (verdict, id,
 * assumption, observation, where it was seen, the override for a disagreement), then the verdict
 * counts and the API call count.
 */
import { sampleLine, summaryLine } from './summary.js';
import type { CheckResult, DoctorReport } from './types.js';

/** What the text view may say about the environment. */
export interface DoctorTextOptions {
  /** The environment's `policy.catalog` file as written, when it has one. */
  catalogFile?: string;
}

/** At most this many objects named per check. */
const SEEN_ON_LIMIT = 5;

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l) => by + l)
    .join('\n');

function checkBlock(c: CheckResult, options: DoctorTextOptions): string {
  const lines = [`${c.verdict.padEnd(9)}  ${c.id} (${c.area})`, `  assumption: ${c.assumption}`, `  observed:   ${c.observed}`];
  if (c.seenOn && c.seenOn.length > 0) {
    const more = c.seenOn.length - SEEN_ON_LIMIT;
    lines.push(`  seen on:    ${c.seenOn.slice(0, SEEN_ON_LIMIT).join(', ')}${more > 0 ? ` and ${more} more` : ''}`);
  }
  if (c.override !== undefined) {
    const where = options.catalogFile
      ? `add to ${options.catalogFile} (the environment's policy.catalog)`
      : 'add to a catalog override file, named in environment.yaml as policy: { catalog: ./catalog-overrides.yaml }';
    lines.push(`  override:   ${where}:`, indent(c.override, '      '));
  }
  return lines.join('\n');
}

/** Renders the report as text. */
export function renderDoctorText(report: DoctorReport, options: DoctorTextOptions = {}): string {
  return [sampleLine(report), '', ...report.checks.map((c) => checkBlock(c, options) + '\n'), summaryLine(report), ''].join('\n');
}
