/**
 * `halo-iac doctor`: check a tenant against the catalog, read-only (issue 8 §5). The runner
 * produces a DoctorReport; three renderers read only that report.
 */
import { renderDoctorJson } from './render-json.js';
import { renderDoctorMarkdown } from './render-markdown.js';
import { renderDoctorText, type DoctorTextOptions } from './render-text.js';
import type { DoctorReport } from './types.js';

/** Output formats of doctor. */
export type DoctorFormat = 'text' | 'markdown' | 'json';

/** Renders a report in the given format (text options apply to text only). */
export function renderDoctor(report: DoctorReport, format: DoctorFormat, textOptions: DoctorTextOptions = {}): string {
  if (format === 'json') return renderDoctorJson(report);
  if (format === 'markdown') return renderDoctorMarkdown(report);
  return renderDoctorText(report, textOptions);
}

export { DEFAULT_SAMPLE, runDoctor, type DoctorInput } from './runner.js';
export { RateLimitHeaderLog } from './rate-limit.js';
export { doctorExitCode, type CheckResult, type DoctorReport, type Verdict } from './types.js';
export type { DoctorTextOptions } from './render-text.js';
