/**
 * Bench (not a test): start-up cost as a user's shell or CI step sees it, a fresh node process
 * each time, measured against a bare `node -e 0` in the same run so the ratios hold on any
 * machine. Targets: `--version` < 150 ms (issue 4); validate of 1,000 objects within 5x
 * `node -e 0` and of 10,000 within 15x (issue 12 §5). Each figure is the median of several runs,
 * the runs of all commands interleaved so background load hits them alike.
 *
 * Run after `npm run build`: node dist/bench/cli-start.js [--runs N] [--sizes 1000,5000,10000]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generate } from './large-environment.js';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

/** One command to time: the node arguments and what a successful run prints. */
interface Probe {
  label: string;
  args: string[];
  /** Target as a multiple of `node -e 0`, when there is one. */
  ratioTarget?: number;
  samples: number[];
}

/** Wall time of one fresh process; throws when it fails (a failing command is not a measurement). */
function once(args: string[], cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Measures every probe `runs` times (after one warm-up run each), interleaved; returns the table rows. */
export function measureStart(runs: number, sizes: number[]): { probes: Probe[]; bare: number } {
  const root = repoRoot();
  const bin = join(root, 'dist', 'src', 'cli', 'bin.js');
  const dirs: string[] = [];
  try {
    const probes: Probe[] = [
      { label: 'node -e 0 (bare Node start)', args: ['-e', '0'], samples: [] },
      { label: 'halo-iac --version', args: [bin, '--version'], samples: [] },
      { label: 'halo-iac validate -e demo', args: [bin, 'validate', '-e', 'demo'], samples: [] },
    ];
    for (const n of sizes) {
      const dir = mkdtempSync(join(tmpdir(), 'halo-iac-bench-'));
      dirs.push(dir);
      generate(dir, n);
      const ratioTarget = n <= 1000 ? 5 : n >= 10_000 ? 15 : undefined;
      probes.push({ label: `halo-iac validate (${n.toLocaleString('en')} objects, 20 files)`, args: [bin, 'validate', '--config', join(dir, 'environment.yaml')], ratioTarget, samples: [] });
    }
    for (const p of probes) once(p.args, root); // warm the file cache
    for (let i = 0; i < runs; i++) for (const p of probes) p.samples.push(once(p.args, root));
    return { probes, bare: median(probes[0]!.samples) };
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

/** The markdown table: median ms, ratio to `node -e 0`, and the verdict where there is a target. */
export function startTable(result: { probes: Probe[]; bare: number }): string {
  const rows = result.probes.map((p) => {
    const ms = median(p.samples);
    const ratio = ms / result.bare;
    const target = p.ratioTarget ? `<= ${p.ratioTarget}x: ${ratio <= p.ratioTarget ? 'met' : 'NOT met'}` : '';
    return `| ${p.label} | ${ms.toFixed(0)} | ${ratio.toFixed(1)}x | ${target} |`;
  });
  return ['| command | median ms | x node -e 0 | target |', '|---|---:|---:|---|', ...rows, ''].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const runs = Number(option('--runs', '7'));
  const sizes = option('--sizes', '1000,5000,10000').split(',').map(Number);
  process.stdout.write(startTable(measureStart(runs, sizes)));
}
