/**
 * One bench tenant: a simulator (50 ms latency, Halo hosted's 300 requests per rolling 5 minutes
 * unless `limited: false`), an environment folder with `objects` manifests (half teams in a
 * department, half API agents each in one of the teams, 1,000 documents a file: the loader allows
 * 10,000 a file), and the state loaded from it. Clients share one per-tenant budget file, as the
 * CLI's processes do (issue 12 §4), so back-to-back steps never meet a 429.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHaloClient } from '../src/halo/index.js';
import type { HaloWriter } from '../src/halo/types.js';
import { loadEnvironment } from '../src/manifest/load.js';
import type { DesiredState } from '../src/model/desired.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/index.js';

/** Simulator and client settings of every run. */
export const BENCH_LATENCY_MS = 50;
export const BENCH_RATE_LIMIT = { requests: 300, windowSeconds: 300 };
/** The department every bench team is in (a seed department). */
export const BENCH_DEPARTMENT = 'Service Delivery';
const DOCS_PER_FILE = 1000;

/** `objects` manifests: half teams, half API agents each in one of the teams. */
export function benchDocuments(objects: number): string[] {
  const teams = Math.ceil(objects / 2);
  const docs: string[] = [];
  for (let i = 0; i < teams; i++) docs.push(`apiVersion: halo-iac/v1\nkind: Team\nname: Bench Team ${i}\nspec:\n  department: ${BENCH_DEPARTMENT}\n  use: [tickets]\n`);
  for (let i = 0; i < objects - teams; i++) {
    docs.push(
      `apiVersion: halo-iac/v1\nkind: Agent\nname: Bench Agent ${i}\nspec:\n  email: bench-${i}@example.com\n  apiOnly: true\n  teams: { mode: include, members: [Bench Team ${i % teams}] }\n`,
    );
  }
  return docs;
}

const ENVIRONMENT = `apiVersion: halo-iac/v1
kind: Environment
name: bench
connection:
  url: \${env:HALO_URL}
  authUrl: \${env:HALO_AUTH_URL}
  clientId: \${env:HALO_CLIENT_ID}
  clientSecret: \${env:HALO_CLIENT_SECRET}
  rateLimit: ${BENCH_RATE_LIMIT.requests}/${BENCH_RATE_LIMIT.windowSeconds}
include: ["./objects-*.yaml"]
`;

/** A running bench tenant. */
export interface Scenario {
  objects: number;
  sim: RunningSimulator;
  dir: string;
  /** The shared budget's cache directory (HALO_IAC_CACHE_DIR of CLI children). */
  cacheDir: string;
  state: DesiredState;
  /** The environment variables a CLI child needs to reach the simulator. */
  env: NodeJS.ProcessEnv;
  /** A new client, as a new process would make: the client's budget, shared through cacheDir. */
  client(): HaloWriter;
  stop(): Promise<void>;
}

/** Starts a tenant and writes and loads `objects` manifests. */
export async function startScenario(objects: number, options: { limited: boolean }): Promise<Scenario> {
  const sim = await startSimulator({ port: 0, latencyMs: BENCH_LATENCY_MS, rateLimit: options.limited ? BENCH_RATE_LIMIT : false, seed: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'halo-iac-bench-'));
  const cacheDir = join(dir, '.cache');
  writeFileSync(join(dir, 'environment.yaml'), ENVIRONMENT);
  const docs = benchDocuments(objects);
  for (let f = 0; f * DOCS_PER_FILE < docs.length; f++) {
    writeFileSync(join(dir, `objects-${String(f).padStart(3, '0')}.yaml`), docs.slice(f * DOCS_PER_FILE, (f + 1) * DOCS_PER_FILE).join('---\n'));
  }
  const env = { HALO_URL: sim.url, HALO_AUTH_URL: sim.authUrl, HALO_CLIENT_ID: sim.clientId, HALO_CLIENT_SECRET: sim.clientSecret, HALO_IAC_CACHE_DIR: cacheDir };
  const loaded = await loadEnvironment({ config: join(dir, 'environment.yaml'), cwd: dir, mode: 'plan', processEnv: env });
  if (!loaded.state) {
    await sim.stop();
    throw new Error(`bench manifests do not load: ${loaded.diagnostics.slice(0, 3).map((d) => d.message).join('; ')}`);
  }
  const state = loaded.state;
  return {
    objects,
    sim,
    dir,
    cacheDir,
    state,
    env,
    client: () =>
      createHaloClient({
        url: sim.url,
        authUrl: sim.authUrl,
        clientId: sim.clientId,
        clientSecret: sim.clientSecret,
        budget: options.limited ? BENCH_RATE_LIMIT : false,
        ...(options.limited ? { budgetStateDir: cacheDir } : {}),
      }),
    async stop() {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** API requests the simulator logged from index `from` on (token requests excluded). */
export function apiCalls(sim: RunningSimulator, from = 0): { calls: number; writes: number; status429: number } {
  const api = sim.requests.slice(from).filter((r) => r.path.toLowerCase().startsWith('/api/'));
  return { calls: api.length, writes: api.filter((r) => r.method !== 'GET').length, status429: api.filter((r) => r.status === 429).length };
}
