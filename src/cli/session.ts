/**
 * Steps shared by the commands that talk to Halo: which environment, loading it (its errors
 * reported to the run), and reading parsed options.
 */
import { hasErrors, UserError } from '../model/diagnostics.js';
import { loadApp, type LoadedApp } from '../manifest/app-loader.js';
import { loadEnvironment } from '../manifest/load.js';
import { valueLimits, type ManifestLimits } from '../manifest/limits.js';
import { unknownTargets } from '../engine/targets.js';
import type { DesiredState } from '../model/desired.js';
import { secretSourceValues } from '../../constructs/secret/source.js';
import type { Io } from './output.js';
import type { Run } from './result.js';

/** The environment selection options every command shares. */
export interface EnvOptions {
  env?: string;
  config?: string;
  /** `--max-file-size`, in bytes (parsed by main.ts). */
  maxFileSize?: number;
  /** `--max-values`: YAML values per file (5x per environment). */
  maxValues?: number;
  /** export: only the connection matters (see LoadOptions.connectionOnly). */
  connectionOnly?: boolean;
  /** `--app FILE`: code-defined objects next to the YAML ones. */
  app?: string;
  /** `--target` addresses: each must name a declared object, checked before any network call. */
  targets?: string[];
}

/** `-e`, `--config` and `--max-file-size` from a command's parsed options. */
export function envSelection(options: Record<string, unknown>): EnvOptions {
  const maxFileSize = typeof options.maxFileSize === 'number' ? options.maxFileSize : undefined;
  const maxValues = typeof options.maxValues === 'number' ? options.maxValues : undefined;
  const app = str(options.app);
  const targets = strs(options.target);
  return {
    env: str(options.env),
    config: str(options.config),
    ...(maxFileSize !== undefined ? { maxFileSize } : {}),
    ...(maxValues !== undefined ? { maxValues } : {}),
    ...(app ? { app } : {}),
    ...(targets.length > 0 ? { targets } : {}),
  };
}

/**
 * `--app FILE`, loaded once per run (synth loads several environments with it): `ok` is false
 * when it cannot be loaded, its one diagnostic reported to the run.
 */
export async function appOf(file: string | undefined, io: Io, run: Run<unknown>): Promise<{ ok: boolean; app?: LoadedApp }> {
  if (!file) return { ok: true };
  const loaded = await loadApp(file, io.cwd);
  run.report(loaded.diagnostics);
  return loaded.app ? { ok: true, app: loaded.app } : { ok: false };
}

/**
 * Loads the environment for a command that talks to Halo and reports its errors; undefined when it
 * has any. Its warnings are the plan's business: plan and apply list them in plan.warnings, and
 * export and doctor use the manifests for the connection only.
 */
export async function loadState(options: EnvOptions, io: Io, run: Run<unknown>): Promise<DesiredState | undefined> {
  if (!options.env && !options.config) throw new UserError('choose an environment with -e ENV (environments/ENV/environment.yaml) or --config PATH');
  const { ok, app } = await appOf(options.app, io, run);
  if (!ok) return undefined;
  const result = await loadEnvironment({
    env: options.env,
    config: options.config,
    cwd: io.cwd,
    mode: 'plan',
    processEnv: io.env,
    limits: readLimits(options),
    connectionOnly: options.connectionOnly,
    app,
  });
  if (result.state) hideSecretsOf(result.state, io);
  run.report(result.diagnostics.filter((d) => d.severity === 'error'));
  if (!result.state || hasErrors(result.diagnostics)) return undefined;
  // A mistyped --target fails here, before a token is asked for.
  const unknown = unknownTargets(result.state, options.targets ?? []);
  run.report(unknown);
  return unknown.length > 0 ? undefined : result.state;
}

/** The reading limits `--max-file-size` and `--max-values` set (the rest stay at their defaults). */
export function readLimits(options: { maxFileSize?: unknown; maxValues?: unknown }): Partial<ManifestLimits> {
  return {
    ...(typeof options.maxFileSize === 'number' ? { maxFileSize: options.maxFileSize } : {}),
    ...valueLimits(typeof options.maxValues === 'number' ? options.maxValues : undefined),
  };
}

/**
 * Registers with the Io the secrets the loaded environment knows of: the connection's client
 * secret and the value of every variable a `secretFrom` names. Output then never shows them.
 */
export function hideSecretsOf(state: DesiredState, io: Io): void {
  if (!io.hide) return;
  io.hide(state.environment.connection.clientSecret);
  for (const value of secretSourceValues(state.objects.map((o) => o.spec), io.env)) io.hide(value);
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
