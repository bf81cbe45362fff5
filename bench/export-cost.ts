/**
 * Export of a bench tenant after apply (issue 12 §3): the calls by kind (lists, then detail reads),
 * the time, and the estimate export prints before its detail reads. Under Halo's 300/300 an export
 * of 5,000 agents waits 16 windows (over an hour), so above BENCH_REAL_EXPORT_MAX objects it runs on
 * a tenant without the limit: its calls are measured, its time under the limit is the estimate's.
 */
import { exportCost, exportManifests, readLiveForExport, type ExportEstimate } from '../src/engine/index.js';
import { readOnly } from '../src/halo/index.js';
import { BENCH_RATE_LIMIT, apiCalls, type Scenario } from './scenario.js';

/** One export's measurements. */
export interface ExportRow {
  objects: number;
  calls: number;
  listCalls: number;
  /** Detail reads per kind, e.g. `Agent 500, Role 3, TicketType 4`. */
  details: string;
  agentDetails: number;
  exported: number;
  /** Measured wall time (under the limit only when `limited`). */
  seconds: number;
  /** What export printed before its detail reads, for the 300/300 limit. */
  estimatedSeconds: number;
  limited: boolean;
  status429: number;
}

/** Exports every kind of the scenario's tenant (as `halo-iac export` does), counting its calls. */
export async function measureExport(sc: Scenario, limited: boolean): Promise<ExportRow> {
  const client = sc.client();
  const from = sc.sim.requests.length;
  let estimate: ExportEstimate | undefined;
  let spent = 0;
  const t0 = performance.now();
  const live = await readLiveForExport(readOnly(client), sc.state.catalog, {}, undefined, {
    onEstimate(e) {
      estimate = e;
      spent = client.stats.requests;
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const exported = exportManifests(live, sc.state.catalog).length;
  const api = sc.sim.requests.slice(from).filter((r) => r.path.startsWith('/api/'));
  const detailCounts = new Map<string, number>();
  for (const r of api) {
    const m = /^\/api\/([A-Za-z]+)\/[^/]+$/.exec(r.path);
    if (m) detailCounts.set(m[1] as string, (detailCounts.get(m[1] as string) ?? 0) + 1);
  }
  if (!estimate) throw new Error('export gave no estimate');
  return {
    objects: sc.objects,
    calls: api.length,
    listCalls: estimate.listCalls,
    details: [...detailCounts].map(([k, n]) => `${k} ${n}`).join(', '),
    agentDetails: detailCounts.get('Agent') ?? 0,
    exported,
    seconds,
    // The estimate export prints, for Halo's limit (what this process spent before its detail reads counts).
    estimatedSeconds: exportCost(estimate, BENCH_RATE_LIMIT, spent).expectedMs / 1000,
    limited,
    status429: apiCalls(sc.sim, from).status429,
  };
}
