/**
 * Plan/apply cost at 10 / 100 / 1,000 managed objects (teams + API agents with a team
 * membership) on the simulator with 50 ms latency and Halo hosted's 300 requests per rolling
 * 5 minutes, next to a one-call-per-object baseline (batch size 1, how a Terraform provider
 * writes). Counts come from the simulator's request log (token requests excluded).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { apply, plan, readLive } from '../src/engine/index.js';
import type { Plan } from '../src/model/plan.js';
import { createHaloClient, readOnly } from '../src/halo/index.js';
import { loadEnvironment } from '../src/manifest/load.js';
import type { DesiredState } from '../src/model/desired.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/index.js';

/** Simulator and client settings of every run. */
export const BENCH_LATENCY_MS = 50;
export const BENCH_RATE_LIMIT = { requests: 300, windowSeconds: 300 };

/** One measured (or extrapolated) run. */
export interface BenchRow {
  objects: number;
  batchSize: number;
  planCalls: number;
  planSeconds: number;
  applyCalls: number;
  /** POST/DELETE requests among applyCalls. */
  applyWrites: number;
  applySeconds: number;
  status429: number;
  converged: boolean;
  extrapolated: boolean;
}

/** `objects` manifests: half teams, half API agents each in one of the teams. */
export function benchManifests(objects: number): string {
  const teams = Math.ceil(objects / 2);
  const agents = objects - teams;
  const docs: string[] = [];
  for (let i = 0; i < teams; i++) docs.push(`apiVersion: halo-iac/v1\nkind: Team\nname: Bench Team ${i}\nspec:\n  department: Service Delivery\n  use: [tickets]\n`);
  for (let i = 0; i < agents; i++) {
    docs.push(
      `apiVersion: halo-iac/v1\nkind: Agent\nname: Bench Agent ${i}\nspec:\n  email: bench-${i}@example.com\n  apiOnly: true\n  teams: { mode: include, members: [Bench Team ${i % teams}] }\n`,
    );
  }
  return docs.join('---\n');
}

const ENVIRONMENT = `apiVersion: halo-iac/v1
kind: Environment
name: bench
connection:
  url: \${env:HALO_URL}
  authUrl: \${env:HALO_AUTH_URL}
  clientId: \${env:HALO_CLIENT_ID}
  clientSecret: \${env:HALO_CLIENT_SECRET}
include: ["./*.yaml"]
`;

function apiRequests(sim: RunningSimulator): { calls: number; writes: number; status429: number } {
  const api = sim.requests.filter((r) => r.path.toLowerCase().startsWith('/api/'));
  return {
    calls: api.length,
    writes: api.filter((r) => r.method !== 'GET').length,
    status429: sim.requests.filter((r) => r.status === 429).length,
  };
}

async function loadBenchState(dir: string, sim: RunningSimulator): Promise<DesiredState> {
  const processEnv = { HALO_URL: sim.url, HALO_AUTH_URL: sim.authUrl, HALO_CLIENT_ID: sim.clientId, HALO_CLIENT_SECRET: sim.clientSecret };
  const loaded = await loadEnvironment({ config: join(dir, 'environment.yaml'), cwd: dir, mode: 'plan', processEnv });
  if (!loaded.state) throw new Error(`bench manifests do not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return loaded.state;
}

/** Measures one plan + apply of `objects` creates at `batchSize` on a fresh simulator. */
export async function measure(objects: number, batchSize: number): Promise<BenchRow> {
  const sim = await startSimulator({ port: 0, latencyMs: BENCH_LATENCY_MS, rateLimit: BENCH_RATE_LIMIT, seed: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'halo-iac-bench-'));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'environment.yaml'), ENVIRONMENT);
    writeFileSync(join(dir, 'objects.yaml'), benchManifests(objects));
    const state = await loadBenchState(dir, sim);
    // The client paces itself with the same budget Halo enforces, so it waits instead of hitting 429.
    const client = createHaloClient({ url: sim.url, authUrl: sim.authUrl, clientId: sim.clientId, clientSecret: sim.clientSecret, budget: BENCH_RATE_LIMIT });

    const t0 = performance.now();
    const live = await readLive(state, readOnly(client));
    const planned: Plan = plan(state, live, { toolVersion: 'bench', batchSize, now: new Date() });
    const afterPlan = apiRequests(sim);
    const t1 = performance.now();
    const result = await apply(planned, state, client, { batchSize, parallelism: 4, envDir: dirname(state.environment.file), live });
    const t2 = performance.now();
    const afterApply = apiRequests(sim);
    const remaining = result.remaining.resource_changes.filter((c) => !c.change.actions.includes('no-op')).length;
    return {
      objects,
      batchSize,
      planCalls: afterPlan.calls,
      planSeconds: (t1 - t0) / 1000,
      applyCalls: afterApply.calls - afterPlan.calls,
      applyWrites: afterApply.writes - afterPlan.writes,
      applySeconds: (t2 - t1) / 1000,
      status429: afterApply.status429,
      converged: result.failed.length === 0 && remaining === 0 && result.added === objects,
      extrapolated: false,
    };
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The batch-size-1 baseline at 1,000 objects, extrapolated linearly from the 10 and 100 runs.
 * Time: calls beyond the first window's 300 wait for the rolling window, 300 s per further 300
 * calls, plus the latency-bound time of the calls themselves.
 */
export function extrapolate(at10: BenchRow, at100: BenchRow, objects: number): BenchRow {
  const linear = (a: number, b: number) => b + ((b - a) / 90) * (objects - 100);
  const planCalls = Math.round(linear(at10.planCalls, at100.planCalls));
  const applyCalls = Math.round(linear(at10.applyCalls, at100.applyCalls));
  const applyWrites = Math.round(linear(at10.applyWrites, at100.applyWrites));
  const windowWaits = Math.max(0, Math.ceil((planCalls + applyCalls) / BENCH_RATE_LIMIT.requests) - 1) * BENCH_RATE_LIMIT.windowSeconds;
  return {
    objects,
    batchSize: 1,
    planCalls,
    planSeconds: linear(at10.planSeconds, at100.planSeconds),
    applyCalls,
    applyWrites,
    applySeconds: linear(at10.applySeconds, at100.applySeconds) + windowWaits,
    status429: 0,
    converged: true,
    extrapolated: true,
  };
}

/** The markdown results table. */
export function resultsTable(rows: readonly BenchRow[]): string {
  const head = [
    '| objects | batch size | plan calls | plan s | apply calls (writes) | apply s | 429s | converged |',
    '|---:|---:|---:|---:|---:|---:|---:|:---|',
  ];
  const body = rows.map((r) => {
    const mark = r.extrapolated ? ' (extrapolated)' : '';
    return `| ${r.objects} | ${r.batchSize}${mark} | ${r.planCalls} | ${r.planSeconds.toFixed(1)} | ${r.applyCalls} (${r.applyWrites}) | ${r.applySeconds.toFixed(1)} | ${r.extrapolated ? '-' : r.status429} | ${r.extrapolated ? '-' : r.converged ? 'yes' : 'NO'} |`;
  });
  return [...head, ...body].join('\n');
}
