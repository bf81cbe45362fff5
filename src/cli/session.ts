/**
 * Steps shared by the commands that talk to Halo: load the environment (printing its
 * diagnostics), and turn the two expected failure kinds (a UserError, a HaloApiError) into
 * stderr lines and exit code 1. Anything else is a bug and goes to main.ts's handler.
 */
import { hasErrors, UserError } from '../model/diagnostics.js';
import { isHaloApiError } from '../halo/errors.js';
import { loadEnvironment } from '../manifest/load.js';
import type { DesiredState } from '../model/desired.js';
import { printDiagnostics, type Io } from './output.js';

/** The environment selection options every command shares. */
export interface EnvOptions {
  env?: string;
  config?: string;
  /** `--max-file-size`, in bytes (parsed by main.ts). */
  maxFileSize?: number;
  /** export: only the connection matters (see LoadOptions.connectionOnly). */
  connectionOnly?: boolean;
}

/** `-e`, `--config` and `--max-file-size` from a command's parsed options. */
export function envSelection(options: Record<string, unknown>): EnvOptions {
  const maxFileSize = typeof options.maxFileSize === 'number' ? options.maxFileSize : undefined;
  return { env: str(options.env), config: str(options.config), ...(maxFileSize !== undefined ? { maxFileSize } : {}) };
}

/**
 * Loads the environment and prints its diagnostics; undefined when it has errors. `warnings:
 * false` prints only errors: plan and apply list the load warnings in the plan itself
 * (plan.warnings), and export does not use the manifests beyond the connection.
 */
export async function loadState(options: EnvOptions, io: Io, mode: 'validate' | 'plan', warnings = true): Promise<DesiredState | undefined> {
  if (!options.env && !options.config) throw new UserError('choose an environment with -e ENV (environments/ENV/environment.yaml) or --config PATH');
  const result = await loadEnvironment({
    env: options.env,
    config: options.config,
    cwd: io.cwd,
    mode,
    processEnv: io.env,
    limits: { maxFileSize: options.maxFileSize },
    connectionOnly: options.connectionOnly,
  });
  printDiagnostics(io, warnings ? result.diagnostics : result.diagnostics.filter((d) => d.severity === 'error'));
  if (!result.state || hasErrors(result.diagnostics)) return undefined;
  return result.state;
}

/** Runs a command body; user and Halo errors become stderr lines and exit code 1. */
export async function guarded(io: Io, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UserError) {
      printDiagnostics(io, e.diagnostics);
      return 1;
    }
    if (isHaloApiError(e)) {
      io.err(`Error: ${e.message}\n`);
      return 1;
    }
    const system = systemErrorMessage(e);
    if (system) {
      io.err(`Error: ${system}\n`);
      return 1;
    }
    throw e;
  }
}

/** Reads a string option (commander leaves unset options undefined). */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Reads a repeatable string option. */
export function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Reads a numeric option with a default. */
export function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** Operating-system error codes caused by the user's environment (paths, ports), not by a bug. */
const SYSTEM_CODES: Record<string, string> = {
  EISDIR: 'is a directory',
  EEXIST: 'already exists and is not a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EADDRINUSE: 'address already in use (another process listens on that port; pick another with --port)',
  EADDRNOTAVAIL: 'address not available on this machine',
};

/**
 * A one-line message for an operating-system error the user can fix (writing a plan into a
 * directory, a port in use), or undefined for anything else, which stays an internal error.
 */
export function systemErrorMessage(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const err = e as NodeJS.ErrnoException & { address?: string; port?: number };
  const meaning = err.code ? SYSTEM_CODES[err.code] : undefined;
  if (!meaning) return undefined;
  const target = err.path ?? (err.address !== undefined ? `${err.address}${err.port !== undefined ? `:${err.port}` : ''}` : undefined);
  return `${err.syscall ?? 'operation'}${target ? ` ${target}` : ''}: ${meaning}`;
}
