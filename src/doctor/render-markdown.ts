/**
 * The markdown view of a doctor report, meant to be pasted into a bug report: a table of checks
 * and the overrides of the disagreements. Counts and codes only: no URL, no environment, file or
 * object names (the checks' observations never hold names, and `seenOn` is not printed here).
 */
import { toolVersion } from '../version.js';
import { sampleLine, summaryLine } from './summary.js';
import type { CheckResult, DoctorReport } from './types.js';

/** A table cell: pipes escaped, one line. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function row(c: CheckResult): string {
  const verdict = c.verdict === 'disagrees' ? '**disagrees**' : c.verdict;
  return `| ${verdict} | \`${c.id}\` | ${cell(c.assumption)} | ${cell(c.observed)} |`;
}

function overrideBlock(c: CheckResult): string {
  return [`<details><summary><code>${c.id}</code></summary>`, '', '```yaml', c.override ?? '', '```', '', '</details>', ''].join('\n');
}

/** Renders the report as markdown. */
export function renderDoctorMarkdown(report: DoctorReport): string {
  const withOverride = report.checks.filter((c) => c.override !== undefined);
  return [
    `### halo-iac doctor (${toolVersion()})`,
    '',
    sampleLine(report),
    '',
    '| verdict | check | assumption | observed |',
    '|---|---|---|---|',
    ...report.checks.map(row),
    '',
    ...(withOverride.length > 0 ? ['Catalog overrides that would make the catalog match (for `policy.catalog`):', '', ...withOverride.map(overrideBlock)] : []),
    summaryLine(report),
    '',
  ].join('\n');
}
