/**
 * The tables and the target verdicts of bench/results.md (bench/run.ts measures, this words it).
 */
import type { BaselineRow } from './baseline.js';
import { BASELINE_PARALLELISM } from './baseline.js';
import type { measureStart } from './cli-start.js';
import type { ExportRow } from './export-cost.js';
import { BENCH_FLOOR, type PlanApplyRow } from './plan-apply.js';

/** plan() CPU per object at one size. */
export interface CpuRow {
  objects: number;
  createMs: number;
  noChangeMs: number;
}

const n = (x: number) => x.toLocaleString('en');
const s = (x: number) => (x >= 600 ? `${(x / 60).toFixed(0)} min` : `${x.toFixed(1)} s`);

/** halo-iac next to the baseline, then the no-change plan and peak memory. */
export function planApplyTable(rows: readonly PlanApplyRow[], baseline: readonly BaselineRow[], callMs: number): string {
  const head = [
    '| objects | plan calls | plan s | apply calls (writes) | apply s | 429s | converged | per-object plan calls / s | per-object apply calls / s | fewer calls |',
    '|---:|---:|---:|---:|---:|---:|:---|---:|---:|---:|',
  ];
  const body = rows.map((r) => {
    const b = baseline.find((x) => x.objects === r.objects);
    const ratio = b ? `${((b.planCalls + b.applyCalls) / (r.planCalls + r.applyCalls)).toFixed(0)}x` : '-';
    const base = b ? `${n(b.planCalls)} / ${s(b.planSeconds)} | ${n(b.applyCalls)} / ${s(b.applySeconds)}` : '- | -';
    return `| ${n(r.objects)} | ${r.planCalls} | ${r.planSeconds.toFixed(1)} | ${r.applyCalls} (${r.applyWrites}) | ${r.applySeconds.toFixed(1)} | ${r.status429} | ${r.converged ? 'yes' : 'NO'} | ${base} | ${ratio} |`;
  });
  const noChange = [
    '| objects | no-change plan calls | floor | exit | CLI wall s | plan peak MiB | validate peak MiB |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${n(r.objects)} | ${r.noChangeCalls} | ${BENCH_FLOOR.length} | ${r.noChangeExit} | ${r.noChangeSeconds.toFixed(1)} | ${r.noChangePeakMiB.toFixed(0)} | ${r.validatePeakMiB.toFixed(0)} |`),
  ];
  return [
    ...head,
    ...body,
    '',
    `The per-object columns are **computed, not run** (at 1,000 objects they would take about ${s(baseline.find((b) => b.objects === 1000)?.applySeconds ?? NaN)} to apply, hours at 10,000): ` +
      `one GET per object to plan, one GET and one POST per object to apply (how a Terraform provider refreshes and writes); time is 300 s per further 300 calls of the rolling window plus ` +
      `${callMs.toFixed(1)} ms per call, measured on a 100-call sample of single-object GETs at parallelism ${BASELINE_PARALLELISM} on the same simulator. ` +
      'halo-iac apply calls include the verification re-read after writing.',
    '',
    ...noChange,
    '',
    `The no-change plan is \`halo-iac plan --detailed-exitcode\` run as a child process right after apply (exit 0: no changes); its floor is ${BENCH_FLOOR.join(', ')}. ` +
      'Peak memory is the child\'s maxRSS (getrusage, as `/usr/bin/time -v` reports it).',
  ].join('\n');
}

/** The export rows. */
export function exportTable(rows: readonly ExportRow[]): string {
  return [
    '| objects | calls | lists | detail reads | exported | s | estimate printed first | 429s |',
    '|---:|---:|---:|:---|---:|---:|---:|---:|',
    ...rows.map(
      (e) =>
        `| ${n(e.objects)} | ${n(e.calls)} | ${e.listCalls} | ${e.details} | ${n(e.exported)} | ${e.limited ? s(e.seconds) : `${s(e.seconds)} without the limit`} | ${s(e.estimatedSeconds)} | ${e.status429} |`,
    ),
    '',
    'Export writes every kind of the tenant (the bench objects plus the seed: 4 teams, 2 agents, 3 roles, 4 ticket types, 1 application, settings). ' +
      'Above 1,000 objects it runs on a tenant without the rate limit: its calls are measured, and the "estimate" column is the time `halo-iac export` prints before its detail reads for the 300/300 limit. ' +
      'At 1,000 objects it runs under the limit, right after plan, apply and the no-change plan spent from the same budget.',
  ].join('\n');
}

/** plan() CPU per object. */
export function cpuTable(rows: readonly CpuRow[]): string {
  return [
    '| objects | create plan ms/object | no-change plan ms/object |',
    '|---:|---:|---:|',
    ...rows.map((r) => `| ${n(r.objects)} | ${r.createMs.toFixed(3)} | ${r.noChangeMs.toFixed(3)} |`),
    '',
    'CPU time (user + system) of the pure plan() call, per object; the 15,000 row is on a tenant without the rate limit. Before issue 12 §2: 0.66 ms at 1,000 and 1.16 ms at 15,000 (dependsOn filtered every object for every object).',
  ].join('\n');
}

/** One line per target of issue 12, with the measured numbers and the verdict. */
export function targetLines(rows: readonly PlanApplyRow[], exports: readonly ExportRow[], cpu: readonly CpuRow[], start: ReturnType<typeof measureStart>): string[] {
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const floorOk = rows.every((r) => r.noChangeCalls === BENCH_FLOOR.length && r.noChangeExit === 0);
  const first = cpu.find((c) => c.objects === 1000) ?? cpu[0];
  const last = cpu.at(-1);
  const grows = first && last ? last.noChangeMs / first.noChangeMs : NaN;
  const e1k = exports.find((e) => e.objects === 1000);
  const total429 = rows.reduce((a, r) => a + r.status429, 0) + exports.reduce((a, e) => a + e.status429, 0);
  const k1 = rows.find((r) => r.objects === 1000);
  const lines = [
    `- §1 no-change plan at the floor (${BENCH_FLOOR.length} calls): ${verdict(floorOk)}: ${rows.map((r) => `${r.noChangeCalls} at ${n(r.objects)}`).join(', ')}.`,
    `- §2 plan CPU per object does not grow with n (no-change plan, 15,000 within 1.25x of 1,000): ${verdict(grows <= 1.25)}: ${first?.noChangeMs.toFixed(3)} ms at ${n(first?.objects ?? 0)}, ${last?.noChangeMs.toFixed(3)} ms at ${n(last?.objects ?? 0)} (${grows.toFixed(2)}x).`,
  ];
  if (e1k) {
    const target = e1k.listCalls + e1k.agentDetails;
    const other = e1k.calls - target;
    lines.push(
      `- §3 export of 1,000 objects in at most lists + one detail read per agent (${e1k.listCalls} + ${e1k.agentDetails} = ${target}): ` +
        `met for the teams and agents (no team is read in detail); the whole tenant took ${e1k.calls} calls, ${other > 0 ? `${verdict(false)} to the letter: ${other} over, the detail reads of the seed's roles and ticket types (their claims and field rows are detail-only; \`--kinds team,agent\` leaves them out)` : verdict(true)}, ` +
        `in ${s(e1k.seconds)} with ${e1k.status429} 429s (before: 1,055 calls, 15 minutes, 45 429s).`,
    );
  }
  lines.push(`- §4 zero 429s across the run (plan, apply, no-change plan and export share one budget): ${verdict(total429 === 0)}: ${total429}.`);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const ratios = start.probes
    .filter((p) => p.ratioTarget !== undefined)
    .map((p) => ({ label: p.label, ratio: median(p.samples) / start.bare, target: p.ratioTarget as number }));
  lines.push(
    `- §5 validate within 5x \`node -e 0\` at 1,000 and 15x at 10,000: ${verdict(ratios.every((r) => r.ratio <= r.target))}: ` +
      `${ratios.map((r) => `${r.label} ${r.ratio.toFixed(1)}x (target ${r.target}x)`).join('; ')}.`,
  );
  if (k1) {
    const ok = k1.applyCalls <= 30 && k1.applySeconds < 60 && k1.status429 === 0 && k1.converged;
    lines.push(`- design.md §9, apply of 1,000 creates in <= 30 calls and < 60 s, zero 429s: ${verdict(ok)}: ${k1.applyCalls} calls (${k1.applyWrites} writes), ${k1.applySeconds.toFixed(1)} s.`);
  }
  return lines;
}
