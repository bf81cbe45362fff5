/**
 * The markdown of a run that stopped before it had a result: what a pipeline posts as the PR
 * comment when plan could not plan (manifests that do not load, credentials Halo refuses), so the
 * comment says the plan failed and why instead of being empty.
 */
import { formatDiagnostic, type Diagnostic } from '../model/diagnostics.js';
import { MARKDOWN_LIMIT } from './markdown.js';
import { clamp, escapeText, fenceFor } from './markdown-text.js';
import { printable, printableDiagnostic } from './printable.js';

/** Errors listed before "and N more". */
const MAX_LISTED = 20;

/** What the block says about the run. */
export interface StoppedRun {
  /** `plan`, `show`, `doctor`. */
  command: string;
  environment?: string;
  code: number;
  diagnostics: readonly Diagnostic[];
  /** Leave the errors out (doctor's markdown goes into public bug reports and must not name the tenant). */
  withhold?: boolean;
}

/** `### :no_entry: halo-iac plan failed` with the exit code and the errors in a code block. */
export function renderStoppedMarkdown(stopped: StoppedRun): string {
  const errors = stopped.diagnostics.filter((d) => d.severity === 'error');
  const where = stopped.environment ? ` for environment ${escapeText(printable(stopped.environment))}` : '';
  const head = [`### :no_entry: halo-iac ${stopped.command} failed${where}`, '', `It stopped before it had a result (exit ${stopped.code}).`];
  if (stopped.withhold || errors.length === 0) return [...head.slice(0, 2), `${head[2]} The errors are in the job log (stderr).`, ''].join('\n');
  const lines = errors.slice(0, MAX_LISTED).map(printableDiagnostic).map((d) => [formatDiagnostic(d), ...(d.detail?.split('\n') ?? [])].join('\n'));
  if (errors.length > MAX_LISTED) lines.push(`... and ${errors.length - MAX_LISTED} more (see the job log)`);
  const body = lines.join('\n');
  const fence = fenceFor(body);
  const text = [...head.slice(0, 2), `${head[2]} ${errors.length === 1 ? 'The error' : `The ${errors.length} errors`}:`, '', `${fence}text`, body, fence, ''].join('\n');
  return clamp(text, MARKDOWN_LIMIT);
}
