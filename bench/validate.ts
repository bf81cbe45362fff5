/**
 * Bench (not a test): time loadEnvironment on a generated environment of 1,000 objects spread
 * over 20 files. Target: under 1 s, including the one-off schema compilation.
 * Run: npx tsx bench/validate.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { hasErrors, formatDiagnostic } from '../src/errors.js';
import { loadEnvironment } from '../src/manifest/load.js';
import { generate } from './large-environment.js';

const dir = mkdtempSync(join(tmpdir(), 'halo-iac-bench-'));
try {
  generate(dir);
  for (const run of ['cold', 'warm']) {
    const start = performance.now();
    const { state, diagnostics } = await loadEnvironment({ config: join(dir, 'environment.yaml'), cwd: dir, mode: 'validate', processEnv: {} });
    const ms = performance.now() - start;
    if (hasErrors(diagnostics)) {
      process.stderr.write(diagnostics.slice(0, 10).map(formatDiagnostic).join('\n') + '\n');
      process.exitCode = 1;
      break;
    }
    process.stdout.write(`validate ${run}: ${state?.objects.length ?? 0} objects in ${ms.toFixed(0)} ms (target < 1000 ms)\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
