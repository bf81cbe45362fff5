/**
 * The Halo API simulator (design.md §6): a real HTTP server that behaves like Halo for
 * everything halo-iac touches. Used in-process by tests and the demo, and by `halo-iac sim`.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenService } from './auth.js';
import { FaultInjector, parseFault, type FaultSpec } from './faults.js';
import type { KindContext } from './kinds/types.js';
import { generateSecret } from './kinds/application.js';
import { RequestLog, type SimLogEntry } from './log.js';
import { seededRandom } from './prng.js';
import { RollingWindow, type RateLimitConfig } from './rate-limit.js';
import { seedState, setBootstrapCredentials } from './seed.js';
import { createListener } from './server.js';
import { loadState, saveState, Store, type TenantState } from './store.js';

export { parseFault, type FaultSpec } from './faults.js';
export { parseRateLimit, type RateLimitConfig } from './rate-limit.js';
export type { SimLogEntry } from './log.js';
export type { TenantState } from './store.js';

/** Options of startSimulator (and of `halo-iac sim`). */
export interface SimulatorOptions {
  /** 0 = a free port (the default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Require ?tenant=<tenant> on token endpoints; turns the rate limit on (300/300) unless rateLimit is given. */
  hosted?: boolean;
  /** Default 'demo'. */
  tenant?: string;
  /** Default 3600. */
  tokenTtlSeconds?: number;
  /** Bootstrap application credentials (default: generated; kept from statePath when loaded). */
  clientId?: string;
  clientSecret?: string;
  /** JSON persistence with atomic writes; loaded at start when the file exists. */
  statePath?: string;
  /** Added per request, with jitter (0.5x to 1.5x). */
  latencyMs?: number;
  /** Requests per rolling window; false or absent = off (hosted: 300/300). */
  rateLimit?: RateLimitConfig | false;
  /** '5xx:0.05', 'drop-after-commit:0.02', '429-burst:0.01', 'token-expiry:30' (or '30s'). */
  faults?: string[];
  /** Seed for latency jitter and faults (replayable runs). */
  seed?: number;
  /** JSONL request log, secrets masked. */
  logPath?: string;
  /** Default true: the realistic starting tenant (seed.ts). */
  seedTenant?: boolean;
  /**
   * Test hook: awaited after a request was handled (a write committed) and logged, before the
   * response is sent. Crash tests kill the client here, so it never learns the outcome.
   */
  beforeRespond?: (entry: SimLogEntry) => void | Promise<void>;
}

/** A running simulator. */
export interface RunningSimulator {
  /** e.g. http://127.0.0.1:54321 (no trailing slash); the API is at url + '/api'. */
  url: string;
  /** url + '/auth'. */
  authUrl: string;
  clientId: string;
  clientSecret: string;
  tenant: string;
  /** Every logged request (masked), in order. */
  requests: SimLogEntry[];
  /** Deep copy of the store, for test assertions (secrets included as stored). */
  snapshot(): TenantState;
  /** Saves state (when statePath is set), closes connections and the log. */
  stop(): Promise<void>;
}

function initialState(options: SimulatorOptions, tenant: string, ctx: Pick<KindContext, 'newGuid'>): TenantState {
  const loaded = options.statePath ? loadState(options.statePath) : undefined;
  if (loaded) {
    setBootstrapCredentials(loaded, { clientId: options.clientId, clientSecret: options.clientSecret });
    return { ...loaded, tenant };
  }
  const creds = {
    clientId: options.clientId ?? ctx.newGuid(),
    clientSecret: options.clientSecret ?? generateSecret(ctx.newGuid),
  };
  return seedState(tenant, creds, options.seedTenant ?? true);
}

function rateLimitOf(options: SimulatorOptions): RateLimitConfig | undefined {
  if (options.rateLimit === false) return undefined;
  if (options.rateLimit) return options.rateLimit;
  return options.hosted ? { requests: 300, windowSeconds: 300 } : undefined;
}

/** Starts the simulator; resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const tenant = options.tenant ?? 'demo';
  const faultSpecs: FaultSpec[] = (options.faults ?? []).map(parseFault);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  const now = () => Date.now();
  const newGuid = () => randomUUID();
  const store = new Store(initialState(options, tenant, { newGuid }));
  const ctx: KindContext = { store, newGuid, nowIso: () => new Date(now()).toISOString() };
  const faults = new FaultInjector(faultSpecs, seededRandom(seed));
  const limit = rateLimitOf(options);
  const log = new RequestLog(options.logPath);
  const statePath = options.statePath;
  const persist = () => {
    if (statePath) saveState(statePath, store.toState());
  };
  let baseUrl = '';
  const server = createServer(
    { keepAlive: true },
    createListener({
      ctx,
      tokens: new TokenService(store, {
        hosted: options.hosted ?? false,
        tenant,
        ttlSeconds: options.tokenTtlSeconds ?? 3600,
        faultLifetimeSeconds: faults.tokenLifetimeSeconds,
        now,
      }),
      log,
      faults,
      limiter: limit ? new RollingWindow(limit) : undefined,
      latencyMs: options.latencyMs ?? 0,
      jitter: seededRandom(seed ^ 0x5bd1e995),
      tenant,
      baseUrl: () => baseUrl,
      persist,
      now,
      ...(options.beforeRespond ? { beforeRespond: options.beforeRespond } : {}),
    }),
  );
  const host = options.host ?? '127.0.0.1';
  // Write the state once before listening: an unwritable --state fails here, with no port bound.
  try {
    persist();
  } catch (e) {
    await log.close();
    throw e;
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  }).catch(async (e: unknown) => {
    await log.close();
    throw e;
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const bootstrap = store.get('Application', store.bootstrapApplicationId);
  let stopped = false;
  return {
    url: baseUrl,
    authUrl: `${baseUrl}/auth`,
    clientId: String(bootstrap?.['clientId'] ?? ''),
    clientSecret: String(bootstrap?.['clientSecret'] ?? ''),
    tenant,
    requests: log.entries,
    snapshot: () => store.toState(),
    async stop() {
      if (stopped) return;
      stopped = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      persist();
      await log.close();
    },
  };
}
