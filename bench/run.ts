/**
 * `npm run bench` (node dist/bench/run.js): THE place issue 12's targets are measured, in one run:
 * plan and apply at 1,000 / 5,000 / 10,000 objects against the per-object baseline, the no-change
 * plan's calls against the floor, export, plan CPU per object up to 15,000, validate against
 * `node -e 0`, and peak memory. Writes bench/results.md and bench/calls.svg. Not a test: times vary
 * with the machine (BENCH_NOTE adds a line about it, e.g. that it was shared); call counts do not.
 * Progress goes to stderr. BENCH_SIZES=1000,5000 runs fewer sizes; BENCH_START_RUNS the start-up runs.
 */
import { cpus, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apply, plan, readLive } from '../src/engine/index.js';
import { readOnly } from '../src/halo/index.js';
import { baselineRow, sampleCallMs } from './baseline.js';
import { repoRoot } from './child.js';
import { measureStart, startTable } from './cli-start.js';
import { measureExport, type ExportRow } from './export-cost.js';
import { measurePlanApply, timedPlan, type PlanApplyRow } from './plan-apply.js';
import { cpuTable, exportTable, planApplyTable, targetLines, type CpuRow } from './report.js';
import { startScenario } from './scenario.js';
import { callsChart } from './svg.js';

/** Above this many objects export runs without the rate limit (calls measured, time estimated). */
const BENCH_REAL_EXPORT_MAX = 1000;
const started = performance.now();
const log = (s: string) => process.stderr.write(`bench [${((performance.now() - started) / 1000).toFixed(0)}s]: ${s}\n`);

/** A tenant without the limit holding `objects` applied objects (for export and CPU beyond what 300/300 allows in time). */
async function appliedUnlimited(objects: number) {
  const sc = await startScenario(objects, { limited: false });
  const client = sc.client();
  const p = plan(sc.state, await readLive(sc.state, readOnly(client)), { toolVersion: 'bench', now: new Date() });
  const r = await apply(p, sc.state, client, { batchSize: 50, parallelism: 4, envDir: sc.dir });
  if (r.failed.length > 0) throw new Error(`apply of ${objects} failed: ${r.failed[0]?.message}`);
  return sc;
}

/** plan() CPU per object for a create plan and a no-change plan of `objects`, on an unlimited tenant. */
async function measureCpu(objects: number): Promise<CpuRow> {
  const fresh = await startScenario(objects, { limited: false });
  const create = timedPlan(fresh.state, await readLive(fresh.state, readOnly(fresh.client()))).cpuMsPerObject;
  await fresh.stop();
  const sc = await appliedUnlimited(objects);
  try {
    const noChange = timedPlan(sc.state, await readLive(sc.state, readOnly(sc.client())));
    if (noChange.planned.summary.add + noChange.planned.summary.change > 0) throw new Error('the no-change plan has changes');
    return { objects, createMs: create, noChangeMs: noChange.cpuMsPerObject };
  } finally {
    await sc.stop();
  }
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '1000,5000,10000').split(',').map(Number);
  const rows: PlanApplyRow[] = [];
  const exports: ExportRow[] = [];
  for (const n of sizes) {
    log(`${n} objects: plan and apply under ${300}/${300}`);
    const sc = await startScenario(n, { limited: true });
    try {
      rows.push(await measurePlanApply(sc, (s) => log(`${n}: ${s}`)));
      if (n <= BENCH_REAL_EXPORT_MAX) {
        log(`${n}: export under the limit (it waits for the rate window)`);
        exports.push(await measureExport(sc, true));
      }
    } finally {
      await sc.stop();
    }
    if (n > BENCH_REAL_EXPORT_MAX) {
      log(`${n}: export on a tenant without the limit (calls measured, time estimated)`);
      const un = await appliedUnlimited(n);
      try {
        exports.push(await measureExport(un, false));
      } finally {
        await un.stop();
      }
    }
  }
  const cpu: CpuRow[] = rows.map((r) => ({ objects: r.objects, createMs: r.planCpuMs, noChangeMs: r.noChangeCpuMs }));
  log('plan CPU at 15,000 objects');
  cpu.push(await measureCpu(15_000));
  log('per-object baseline: a 100-call sample');
  const callMs = await sampleCallMs();
  const baseline = sizes.map((n) => baselineRow(n, callMs));
  log('start-up: validate against node -e 0');
  const start = measureStart(Number(process.env.BENCH_START_RUNS ?? 5), sizes);

  const chart = callsChart('API calls to plan and apply N creates (50 ms latency, 300 per 5 min)', [
    { label: 'halo-iac plan + apply', colour: '#1f77b4', points: rows.map((r) => ({ x: r.objects, y: r.planCalls + r.applyCalls })) },
    { label: 'halo-iac no-change plan', colour: '#2ca02c', points: rows.map((r) => ({ x: r.objects, y: r.noChangeCalls })) },
    { label: 'halo-iac export', colour: '#9467bd', points: exports.map((e) => ({ x: e.objects, y: e.calls })) },
    { label: 'per-object plan + apply', colour: '#d62728', dashed: true, points: baseline.map((b) => ({ x: b.objects, y: b.planCalls + b.applyCalls })) },
  ]);
  writeFileSync(join(repoRoot(), 'bench', 'calls.svg'), chart);
  const text = [
    '# halo-iac benchmark (issue 12)',
    '',
    `Run ${new Date().toISOString()} on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory, Node ${process.version}; the whole bench took ${((performance.now() - started) / 60_000).toFixed(1)} minutes.` +
      (process.env.BENCH_NOTE ? ` ${process.env.BENCH_NOTE}` : ''),
    '',
    'Simulator with 50 ms latency (jittered) and Halo hosted\'s limit of 300 requests per rolling 300 s; every client paces itself to the same budget, shared by the processes of one run through the per-tenant budget file (issue 12 §4). ' +
      'Objects are half teams (in a department), half API-only agents each in one team, all created. Calls are API requests from the simulator\'s log (token requests excluded).',
    '',
    '![API calls against objects](calls.svg)',
    '',
    '## Plan and apply',
    '',
    planApplyTable(rows, baseline, callMs),
    '',
    '## Export',
    '',
    exportTable(exports),
    '',
    '## plan() CPU per object',
    '',
    cpuTable(cpu),
    '',
    '## Start-up: validate against `node -e 0`',
    '',
    startTable(start),
    '## Targets',
    '',
    ...targetLines(rows, exports, cpu, start),
    '',
  ].join('\n');
  writeFileSync(join(repoRoot(), 'bench', 'results.md'), text);
  process.stdout.write(text);
  log('done');
}

await main();
