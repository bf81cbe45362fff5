/**
 * Bench (not a test): where validate's time goes, in process, for generated environments of
 * 1,000 / 5,000 / 10,000 objects over 20 files: reading (YAML, envelopes, schemas, variables)
 * and building the construct tree, each timed cold (first run in the process, as the CLI sees
 * it) and warm. bench/cli-start.ts measures the CLI as a fresh process against `node -e 0`.
 *
 * Run: npx tsx bench/validate.ts [--sizes 1000,5000,10000]   (or node dist/bench/validate.js)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { synthesizeDesiredState } from '../constructs/index.js';
import { formatDiagnostic, hasErrors } from '../src/model/diagnostics.js';
import { readManifests } from '../src/manifest/load.js';
import { generate } from './large-environment.js';

const i = process.argv.indexOf('--sizes');
const sizes = (i > 0 ? (process.argv[i + 1] ?? '') : '1000,5000,10000').split(',').map(Number);

process.stdout.write('| objects | run | read ms | construct tree ms | total ms |\n|---:|---|---:|---:|---:|\n');
for (const n of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'halo-iac-bench-'));
  try {
    generate(dir, n);
    for (const run of ['cold', 'warm']) {
      const t0 = performance.now();
      const read = await readManifests({ config: join(dir, 'environment.yaml'), cwd: dir, mode: 'validate', processEnv: {} });
      const t1 = performance.now();
      if (!read.config || !read.catalog || hasErrors(read.diagnostics)) throw new Error(read.diagnostics.slice(0, 5).map(formatDiagnostic).join('\n'));
      const built = synthesizeDesiredState(read.config, read.documents, read.catalog);
      const t2 = performance.now();
      if (built.state.objects.length !== n) throw new Error(`expected ${n} objects, got ${built.state.objects.length}`);
      process.stdout.write(`| ${n} | ${run} | ${(t1 - t0).toFixed(0)} | ${(t2 - t1).toFixed(0)} | ${(t2 - t0).toFixed(0)} |\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
