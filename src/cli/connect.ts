/**
 * The Halo client for an environment's `connection`. Plan/apply/export refuse to start when the
 * credentials are unset (validate only warns), naming the environment file and the variables.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatDuration } from '../duration.js';
import { createHaloClient } from '../halo/index.js';
import type { BudgetOptions, HaloClientOptions, HaloWriter } from '../halo/types.js';
import { UserError } from '../model/diagnostics.js';
import type { EnvironmentConfig } from '../model/desired.js';
import type { Progress } from './progress.js';

/** Options from the command line that shape the client. */
export interface ConnectOptions {
  insecure?: boolean;
  progress?: Progress;
  /** Override the rate budget (bench); default: the environment's `connection.rateLimit`, else the client's own. */
  budget?: BudgetOptions | false;
  /** `--timeout`: per-request timeout in ms, over `connection.timeout`. */
  timeoutMs?: number;
  /** `--deadline`: the whole run's deadline in ms (none when unset). */
  deadlineMs?: number;
  /** The user's cache directory: the per-tenant rate budget shared by processes lives under it. */
  cacheDir?: string;
}

/**
 * halo-iac's cache directory: `HALO_IAC_CACHE_DIR`, else `$XDG_CACHE_HOME/halo-iac`, else
 * `~/.cache/halo-iac`. It holds only the per-tenant budget files (timestamps, keyed by a hash).
 */
export function cacheDirectory(env: NodeJS.ProcessEnv): string {
  if (env.HALO_IAC_CACHE_DIR) return resolve(env.HALO_IAC_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return join(resolve(env.XDG_CACHE_HOME), 'halo-iac');
  return join(env.HOME || homedir(), '.cache', 'halo-iac');
}

/**
 * The client options of a command: its flags (`--insecure`, `--timeout`, `--deadline`; main.ts parses
 * them) and the cache directory from its environment variables.
 */
export function flagOptions(flags: { insecure?: unknown; timeout?: unknown; deadline?: unknown }, progress: Progress, env: NodeJS.ProcessEnv): ConnectOptions {
  return {
    insecure: flags.insecure === true,
    progress,
    cacheDir: cacheDirectory(env),
    ...(typeof flags.timeout === 'number' ? { timeoutMs: flags.timeout } : {}),
    ...(typeof flags.deadline === 'number' ? { deadlineMs: flags.deadline } : {}),
  };
}

/** A writer for the environment's tenant; callers that only read wrap it with `readOnly`. */
export function connect(environment: EnvironmentConfig, options: ConnectOptions = {}): HaloWriter {
  return createHaloClient(clientOptions(environment, options));
}

/** The client options for an environment (refuses unset credentials); exported so the wiring is testable. */
export function clientOptions(environment: EnvironmentConfig, options: ConnectOptions = {}): HaloClientOptions {
  const c = environment.connection;
  const missing = [c.clientId ? undefined : 'clientId', c.clientSecret ? undefined : 'clientSecret'].filter(Boolean);
  if (missing.length > 0) {
    throw new UserError([
      {
        severity: 'error',
        message:
          `connection.${missing.join(' and connection.')} ${missing.length > 1 ? 'are' : 'is'} not set for environment "${environment.name}"; ` +
          `set the variables the environment file names (e.g. HALO_CLIENT_ID and HALO_CLIENT_SECRET) before plan, apply or export`,
        source: environment.source ?? { file: environment.file, line: 1, column: 1 },
      },
    ]);
  }
  const budget = options.budget ?? c.rateLimit;
  const timeoutMs = options.timeoutMs ?? c.timeoutMs;
  return {
    url: c.url,
    authUrl: c.authUrl,
    tenant: c.tenant,
    clientId: c.clientId!,
    clientSecret: c.clientSecret!,
    scope: c.scope,
    insecure: options.insecure || c.insecure,
    onEvent: options.progress ? (e) => options.progress!.onClient(e) : undefined,
    ...(budget !== undefined ? { budget } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(options.cacheDir !== undefined ? { budgetStateDir: options.cacheDir } : {}),
    ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs, deadlineLabel: `--deadline ${formatDuration(options.deadlineMs)}` } : {}),
  };
}
