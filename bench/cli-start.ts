/**
 * Bench (not a test): wall time of `halo-iac --version` and of `halo-iac validate` on the demo
 * environment, as a user's shell or CI step sees it (a new node process each time).
 * Targets (issue 4): --version < 150 ms; validate of 1,000 objects < 1 s. Run after `npm run build`: node dist/bench/cli-start.js
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generate, OBJECTS } from './large-environment.js';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function time(args: string[], runs: number, cwd: string): number {
  const bin = join(cwd, 'dist', 'src', 'cli', 'bin.js');
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
    samples.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`halo-iac ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return median(samples);
}

const root = repoRoot();
const bare: number[] = [];
for (let i = 0; i < 10; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  bare.push(performance.now() - t0);
}
const version = time(['--version'], 15, root);
const validate = time(['validate', '-e', 'demo'], 5, root);
const big = mkdtempSync(join(tmpdir(), 'halo-iac-bench-'));
let validateBig: number;
try {
  generate(big);
  validateBig = time(['validate', '--config', join(big, 'environment.yaml')], 5, root);
} finally {
  rmSync(big, { recursive: true, force: true });
}
process.stdout.write(
  [
    '| command | median ms |',
    '|---|---:|',
    `| node -e 0 (bare Node start) | ${median(bare).toFixed(0)} |`,
    `| halo-iac --version | ${version.toFixed(0)} |`,
    `| halo-iac validate -e demo | ${validate.toFixed(0)} |`,
    `| halo-iac validate (${OBJECTS} objects, 20 files) | ${validateBig.toFixed(0)} |`,
    '',
  ].join('\n'),
);
