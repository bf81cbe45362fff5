/**
 * Diagnostics, the one type for every problem halo-iac reports (loading, validate, plan refusals
 * and warnings, a run that stops: Terraform's tfdiags), and the two error kinds (after changesets):
 * a UserError carries diagnostics and is printed as `file:line:col: message`, one per line;
 * anything else is an internal error and is printed with its stack.
 */

/** A position in a manifest file; line and column are 1-based. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning';

/** A diagnostic is a value: severity, message, where it came from, and which object it is about. */
export interface Diagnostic {
  severity: Severity;
  message: string;
  source?: SourcePosition;
  /** `<kind>/<name>` of the object concerned, lower-case kind. */
  address?: string;
  /** Lines printed under the message as they are (e.g. the addresses a refusal names, indented). */
  detail?: string;
  /** Stable machine-readable kind of diagnostic (e.g. `undeclared-reference`), so callers filter without matching text. */
  code?: string;
  /**
   * True for a problem of this run rather than of its input (Halo answered an error, the saved plan
   * is stale, there is no terminal to confirm on): printed `Error: message`, as Terraform does.
   */
  runtime?: boolean;
}

/**
 * `file:line:col: message` (warnings say `warning:` after the position), `address: message`
 * without a position, `Error: message` for a runtime problem. One line: see diagnosticLines.
 */
export function formatDiagnostic(d: Diagnostic): string {
  if (d.runtime) return `Error: ${d.message}`;
  const where = d.source
    ? `${d.source.file}:${d.source.line}:${d.source.column}: `
    : d.address
      ? `${d.address}: `
      : '';
  const sev = d.severity === 'warning' ? 'warning: ' : '';
  return `${where}${sev}${d.message}`;
}

/** The printed lines of a diagnostic: its formatted line, then its detail lines. */
export function diagnosticLines(d: Diagnostic): string[] {
  return d.detail === undefined ? [formatDiagnostic(d)] : [formatDiagnostic(d), ...d.detail.split('\n')];
}

/** An error diagnostic (position and address when known). */
export function error(message: string, source?: SourcePosition, address?: string): Diagnostic {
  return { severity: 'error', message, ...(source ? { source } : {}), ...(address ? { address } : {}) };
}

/** A warning diagnostic. */
export function warning(message: string, source?: SourcePosition, address?: string): Diagnostic {
  return { severity: 'warning', message, ...(source ? { source } : {}), ...(address ? { address } : {}) };
}

/** An error of this run (printed `Error: message`), with lines to print under it. */
export function runtimeError(message: string, detail?: string): Diagnostic {
  return { severity: 'error', message, runtime: true, ...(detail !== undefined ? { detail } : {}) };
}

/** A problem the user can fix (bad manifest, refused plan, stale plan). Exit code 1, no stack. */
export class UserError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[] | string) {
    const list = typeof diagnostics === 'string' ? [error(diagnostics)] : diagnostics;
    super(list.map(formatDiagnostic).join('\n'));
    this.name = 'UserError';
    this.diagnostics = list;
  }
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/**
 * Diagnostics (or plan entries of them) sorted by position: files in the order they were first
 * reported, then line and column (stable, so one position keeps its messages' order); those
 * without a position last.
 */
export function byPosition<T extends { source?: SourcePosition }>(diagnostics: readonly T[]): T[] {
  const files = new Map<string, number>();
  for (const d of diagnostics) if (d.source && !files.has(d.source.file)) files.set(d.source.file, files.size);
  const rank = (d: T): [number, number, number] => (d.source ? [files.get(d.source.file) ?? 0, d.source.line, d.source.column] : [files.size, 0, 0]);
  return diagnostics
    .map((d, i) => ({ d, i, r: rank(d) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.r[2] - b.r[2] || a.i - b.i)
    .map((x) => x.d);
}
