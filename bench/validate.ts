/**
 * Bench (not a test): time loadEnvironment on a generated environment of 1,000 objects spread
 * over 20 files. Target: under 1 s, including the one-off schema compilation.
 * Run: npx tsx bench/validate.ts
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { hasErrors, formatDiagnostic } from '../src/errors.js';
import { loadEnvironment } from '../src/manifest/load.js';

const OBJECTS = 1000;
const FILES = 20;

function generate(dir: string): void {
  writeFileSync(
    join(dir, 'environment.yaml'),
    'apiVersion: halo-iac/v1\nkind: Environment\nname: bench\nconnection:\n  url: https://bench.halopsa.com\n  clientId: bench\n' +
      'include: ["./manifests/*.yaml"]\nvariables:\n  domain: bench.example\n',
  );
  mkdirSync(join(dir, 'manifests'));
  const teams = OBJECTS / 4;
  const perFile = OBJECTS / FILES;
  const docs: string[] = [];
  for (let i = 0; i < OBJECTS; i++) {
    if (i < teams) docs.push(`apiVersion: halo-iac/v1\nkind: Team\nname: Team ${i}\nspec:\n  use: [tickets]\n`);
    else {
      const t = i % teams;
      docs.push(
        `apiVersion: halo-iac/v1\nkind: Agent\nname: Agent ${i}\nspec:\n  email: agent${i}@\${var:domain}\n  apiOnly: true\n` +
          `  defaultTeam: Team ${t}\n  teams:\n    mode: include\n    members: [Team ${t}, Team ${(t + 1) % teams}]\n`,
      );
    }
  }
  for (let f = 0; f < FILES; f++) {
    writeFileSync(join(dir, 'manifests', `m${String(f).padStart(2, '0')}.yaml`), docs.slice(f * perFile, (f + 1) * perFile).join('---\n'));
  }
}

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
