/**
 * `halo-iac validate -e ENV [--config PATH] [--format json] [--explain]`: loads an environment
 * offline (no network, no secrets: unset connection env vars only warn) and reports every
 * problem as `file:line:col: message`. Exit 0 valid (warnings allowed), 1 invalid.
 */
import { formatDiagnostic, type Diagnostic } from '../model/diagnostics.js';
import { loadEnvironment } from '../manifest/load.js';
import type { DesiredState } from '../model/desired.js';
import { processIo, type Io } from './output.js';

/** One diagnostic in `--format json` output. */
interface JsonDiagnostic {
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
  severity: Diagnostic['severity'];
  address: string | null;
  /** Stable kind of diagnostic (e.g. `undeclared-reference`), only when it has one. */
  code?: string;
}

function toJson(d: Diagnostic): JsonDiagnostic {
  return {
    file: d.source?.file ?? null,
    line: d.source?.line ?? null,
    column: d.source?.column ?? null,
    message: d.message,
    severity: d.severity,
    address: d.address ?? null,
    ...(d.code ? { code: d.code } : {}),
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `entry = halo (source) used by a, b` lines for --explain. */
function explainLines(state: DesiredState | undefined): string[] {
  return (state?.unverified ?? []).map(
    (u) => `${u.entry} = ${JSON.stringify(u.halo)} (unverified; source: ${u.source}) used by ${u.usedBy.join(', ')}`,
  );
}

/** Runs validate; returns the exit code. */
export async function run(options: Record<string, unknown>, _args: string[] = [], io: Io = processIo()): Promise<number> {
  const env = typeof options.env === 'string' ? options.env : undefined;
  const config = typeof options.config === 'string' ? options.config : undefined;
  const json = options.format === 'json';
  const explain = options.explain === true;
  const maxFileSize = typeof options.maxFileSize === 'number' ? options.maxFileSize : undefined;
  const { state, diagnostics } = await loadEnvironment({ env, config, cwd: io.cwd, mode: 'validate', processEnv: io.env, limits: { maxFileSize } });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  const valid = errors.length === 0 && state !== undefined;
  const objects = state?.objects.length ?? 0;
  if (json) {
    const out: Record<string, unknown> = { valid, errors: errors.map(toJson), warnings: warnings.map(toJson), objects };
    if (explain) out.unverified = state?.unverified ?? [];
    io.out(JSON.stringify(out, null, 2) + '\n');
    return valid ? 0 : 1;
  }
  for (const d of diagnostics) io.err(formatDiagnostic(d) + '\n');
  const name = state?.environment.name ?? env ?? config ?? '?';
  if (!valid) {
    io.err(`Invalid: ${plural(errors.length, 'error')}${warnings.length ? `, ${plural(warnings.length, 'warning')}` : ''} in environment ${name}.\n`);
    return 1;
  }
  if (explain) {
    const lines = explainLines(state);
    io.out(lines.length ? `Unverified catalog values these manifests rely on:\n${lines.map((l) => `  ${l}\n`).join('')}` : 'No unverified catalog values are used.\n');
  }
  const w = warnings.length ? ` (${plural(warnings.length, 'warning')})` : '';
  io.out(`Valid: ${plural(objects, 'object')} in environment ${name}${w}.\n`);
  return 0;
}
