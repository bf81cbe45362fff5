/**
 * Plan and apply of `objects` creates on a bench tenant (bench/scenario.ts), then the no-change
 * plan a pipeline runs next, as the CLI (a child process: its calls, wall time and peak memory),
 * and validate's peak memory. Calls come from the simulator's request log (token requests
 * excluded); CPU is plan()'s own (process.cpuUsage around the pure function).
 */
import { join } from 'node:path';
import { apply, plan, readLive } from '../src/engine/index.js';
import { readOnly } from '../src/halo/index.js';
import type { Plan } from '../src/model/plan.js';
import type { DesiredState } from '../src/model/desired.js';
import type { LiveSnapshot } from '../src/engine/index.js';
import { runCli } from './child.js';
import { apiCalls, type Scenario } from './scenario.js';

/** The reads a no-change plan of the bench manifests cannot do without (issue 12 §1), named. */
export const BENCH_FLOOR = ['GET /api/Agent/me (lockout guard)', 'Department list (/TopLevel, 1 page)', 'Team list', 'Agent list'];

/** One size's measurements. */
export interface PlanApplyRow {
  objects: number;
  planCalls: number;
  planSeconds: number;
  /** plan() CPU per object of the create plan, ms. */
  planCpuMs: number;
  applyCalls: number;
  /** POST/DELETE requests among applyCalls. */
  applyWrites: number;
  applySeconds: number;
  status429: number;
  converged: boolean;
  /** The no-change plan run as `halo-iac plan --detailed-exitcode` right after apply. */
  noChangeCalls: number;
  noChangeSeconds: number;
  noChangeExit: number;
  noChangePeakMiB: number;
  /** plan() CPU per object of the no-change plan, ms. */
  noChangeCpuMs: number;
  validatePeakMiB: number;
}

/** plan() with its CPU time per object. */
export function timedPlan(state: DesiredState, live: LiveSnapshot, batchSize = 50): { planned: Plan; cpuMsPerObject: number } {
  const c0 = process.cpuUsage();
  const planned = plan(state, live, { toolVersion: 'bench', batchSize, now: new Date() });
  const c = process.cpuUsage(c0);
  return { planned, cpuMsPerObject: (c.user + c.system) / 1000 / Math.max(1, state.objects.length) };
}

/** Applies the scenario's manifests (plan, apply), then runs the no-change plan and validate as the CLI. */
export async function measurePlanApply(sc: Scenario, log: (s: string) => void): Promise<PlanApplyRow> {
  const { sim, state } = sc;
  const client = sc.client();
  const t0 = performance.now();
  const live = await readLive(state, readOnly(client));
  const { planned, cpuMsPerObject } = timedPlan(state, live);
  const afterPlan = apiCalls(sim);
  const t1 = performance.now();
  log(`plan: ${afterPlan.calls} calls, ${planned.summary.add} to add; applying`);
  const result = await apply(planned, state, client, { batchSize: 50, parallelism: 4, envDir: sc.dir, live });
  const t2 = performance.now();
  const afterApply = apiCalls(sim);
  const remaining = result.remaining.resource_changes.filter((c) => !c.change.actions.includes('no-op')).length;
  log(`apply: ${afterApply.calls - afterPlan.calls} calls in ${((t2 - t1) / 1000).toFixed(1)} s; no-change plan as the CLI`);

  const before = sim.requests.length;
  const config = join(sc.dir, 'environment.yaml');
  const noChange = await runCli(['plan', '--config', config, '--detailed-exitcode'], sc.env, sc.dir);
  const noChangeCalls = apiCalls(sim, before).calls;
  // The same plan in process, for plan()'s CPU on a tenant where everything exists.
  const again = timedPlan(state, await readLive(state, readOnly(sc.client())));
  const validate = await runCli(['validate', '--config', config], sc.env, sc.dir);
  if (validate.code !== 0) throw new Error(`validate failed: ${validate.stderr.slice(0, 500)}`);
  return {
    objects: sc.objects,
    planCalls: afterPlan.calls,
    planSeconds: (t1 - t0) / 1000,
    planCpuMs: cpuMsPerObject,
    applyCalls: afterApply.calls - afterPlan.calls,
    applyWrites: afterApply.writes - afterPlan.writes,
    applySeconds: (t2 - t1) / 1000,
    status429: afterApply.status429 + apiCalls(sim, before).status429,
    converged: result.failed.length === 0 && remaining === 0 && result.added === sc.objects,
    noChangeCalls,
    noChangeSeconds: noChange.seconds,
    noChangeExit: noChange.code,
    noChangePeakMiB: noChange.peakMiB,
    noChangeCpuMs: again.cpuMsPerObject,
    validatePeakMiB: validate.peakMiB,
  };
}
