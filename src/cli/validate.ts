/**
 * `halo-iac validate -e ENV [--config PATH] [--format json] [--explain]`: loads an environment
 * offline (no network, no secrets: unset connection env vars only warn) and reports every
 * problem as `file:line:col: message`. Exit 0 valid (warnings allowed), 1 invalid.
 */
import type { DesiredState } from '../model/desired.js';
import { loadEnvironment } from '../manifest/load.js';
import { processIo, type Io } from './output.js';
import { execute, jsonDiagnostic, jsonLines, textLines, type CommandResult, type Printer, type Run } from './result.js';
import { appOf, hideSecretsOf, readLimits, str } from './session.js';

/** What validate found. */
export interface ValidateResult {
  valid: boolean;
  /** The environment as the summary names it. */
  name: string;
  state?: DesiredState;
  explain: boolean;
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

/** Loads and checks the environment; every diagnostic goes to the run. */
export async function validateCommand(options: Record<string, unknown>, io: Io, run: Run<ValidateResult>): Promise<CommandResult<ValidateResult>> {
  const env = typeof options.env === 'string' ? options.env : undefined;
  const config = typeof options.config === 'string' ? options.config : undefined;
  const { ok, app } = await appOf(str(options.app), io, run);
  if (!ok) return run.finish(1, { valid: false, name: env ?? config ?? '?', explain: false });
  const { state, diagnostics } = await loadEnvironment({ env, config, cwd: io.cwd, mode: 'validate', processEnv: io.env, limits: readLimits(options), app });
  if (state) hideSecretsOf(state, io);
  run.report(diagnostics);
  const valid = state !== undefined && !diagnostics.some((d) => d.severity === 'error');
  return run.finish(valid ? 0 : 1, { valid, name: state?.environment.name ?? env ?? config ?? '?', ...(state ? { state } : {}), explain: options.explain === true });
}

/** Text: every diagnostic on stderr, then `Valid: ...` on stdout (or `Invalid: ...` on stderr). */
function textPrinter(io: Io): Printer<ValidateResult> {
  return {
    ...textLines(io),
    done({ diagnostics, result }) {
      if (!result) return;
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = diagnostics.length - errors;
      if (!result.valid) {
        io.err(`Invalid: ${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''} in environment ${result.name}.\n`);
        return;
      }
      if (result.explain) {
        const lines = explainLines(result.state);
        io.out(lines.length ? `Unverified catalog values these manifests rely on:\n${lines.map((l) => `  ${l}\n`).join('')}` : 'No unverified catalog values are used.\n');
      }
      const w = warnings ? ` (${plural(warnings, 'warning')})` : '';
      io.out(`Valid: ${plural(result.state?.objects.length ?? 0, 'object')} in environment ${result.name}${w}.\n`);
    },
  };
}

/** JSON: `{valid, errors, warnings, objects, unverified?}` on stdout, nothing on stderr. */
function jsonPrinter(io: Io): Printer<ValidateResult> {
  return {
    ...jsonLines(io, false),
    done({ diagnostics, result }) {
      const out: Record<string, unknown> = {
        valid: result?.valid ?? false,
        errors: diagnostics.filter((d) => d.severity === 'error').map(jsonDiagnostic),
        warnings: diagnostics.filter((d) => d.severity === 'warning').map(jsonDiagnostic),
        objects: result?.state?.objects.length ?? 0,
      };
      if (result?.explain) out.unverified = result.state?.unverified ?? [];
      io.out(JSON.stringify(out, null, 2) + '\n');
    },
  };
}

/** Runs validate; returns the exit code. */
export async function run(options: Record<string, unknown>, _args: string[] = [], io: Io = processIo()): Promise<number> {
  const printer = options.format === 'json' ? jsonPrinter(io) : textPrinter(io);
  return execute(printer, (r) => validateCommand(options, io, r));
}
