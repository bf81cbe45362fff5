/**
 * The per-object baseline: one read per object to plan and one read plus one write per object to
 * apply (how a Terraform provider refreshes and writes). At 1,000 objects that is 3,000 calls, ten
 * 5-minute windows under Halo's 300/300 (hours at 10,000), so it is never run whole: its calls are
 * counted from that rule and its time computed from the limit and a measured sample of 100
 * single-object GETs on the same simulator (50 ms latency, `parallelism` in flight).
 */
import { createHaloClient } from '../src/halo/index.js';
import { mapPool } from '../src/engine/pool.js';
import { startSimulator } from '../src/simulator/index.js';
import { BENCH_LATENCY_MS, BENCH_RATE_LIMIT } from './scenario.js';

/** Requests in flight, as halo-iac's default --parallelism. */
export const BASELINE_PARALLELISM = 4;
const SAMPLE = 100;

/** The measured pace of single-object calls: ms per call with BASELINE_PARALLELISM in flight. */
export async function sampleCallMs(): Promise<number> {
  const sim = await startSimulator({ port: 0, latencyMs: BENCH_LATENCY_MS, rateLimit: false, seed: 1 });
  try {
    const client = createHaloClient({ url: sim.url, authUrl: sim.authUrl, clientId: sim.clientId, clientSecret: sim.clientSecret, budget: false });
    const [team] = await client.list<{ id: number }>('Team');
    if (!team) throw new Error('the seed tenant has no team');
    const t0 = performance.now();
    await mapPool(Array.from({ length: SAMPLE }), BASELINE_PARALLELISM, () => client.get('Team', team.id));
    return (performance.now() - t0) / SAMPLE;
  } finally {
    await sim.stop();
  }
}

/**
 * Seconds to make `calls` requests right after `before` others, under the rolling limit: every
 * further `requests` calls wait one window for the earlier ones to age out, and the calls of the
 * last window go at the measured pace.
 */
export function limitedSeconds(before: number, calls: number, callMs: number): number {
  const { requests, windowSeconds } = BENCH_RATE_LIMIT;
  const at = (n: number) => (n <= 0 ? 0 : Math.max(0, Math.ceil(n / requests) - 1) * windowSeconds + (((n - 1) % requests) + 1) * (callMs / 1000));
  return at(before + calls) - at(before);
}

/** The baseline's calls and computed times at `objects`. */
export interface BaselineRow {
  objects: number;
  planCalls: number;
  planSeconds: number;
  applyCalls: number;
  applySeconds: number;
}

/** Plan then apply of `objects` creates, one read (plan) and one read plus one write (apply) per object. */
export function baselineRow(objects: number, callMs: number): BaselineRow {
  const planCalls = objects;
  const applyCalls = 2 * objects;
  return { objects, planCalls, planSeconds: limitedSeconds(0, planCalls, callMs), applyCalls, applySeconds: limitedSeconds(planCalls, applyCalls, callMs) };
}
