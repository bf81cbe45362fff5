/**
 * The two error kinds of halo-iac (after changesets): a UserError carries diagnostics with
 * source positions and is printed as `file:line:col: message`, one per line; anything else is
 * an internal error and is printed with its stack.
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
  /** Optional longer explanation, printed indented under the message. */
  detail?: string;
  /** Stable machine-readable kind of diagnostic (e.g. `undeclared-reference`), so callers filter without matching text. */
  code?: string;
}

/** `file:line:col: message` (warnings say `warning:` after the position). */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.source
    ? `${d.source.file}:${d.source.line}:${d.source.column}: `
    : d.address
      ? `${d.address}: `
      : '';
  const sev = d.severity === 'warning' ? 'warning: ' : '';
  return `${where}${sev}${d.message}`;
}

export function error(message: string, source?: SourcePosition, address?: string): Diagnostic {
  return { severity: 'error', message, source, address };
}

export function warning(message: string, source?: SourcePosition, address?: string): Diagnostic {
  return { severity: 'warning', message, source, address };
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
