/**
 * Bench (not a test): hostile manifests under the file-size and document caps (issue 9 §5), each
 * validated by the built CLI in a fresh process (bench/child.ts), with its exit code, wall time,
 * peak memory and first diagnostic. Every case must be refused within about a second; the
 * refusals themselves (message, position) are asserted in test/manifest/hostile-yaml.test.ts.
 *
 * Run: npm run build && node dist/bench/hostile-input.js [--cases flat-4m,anchor-1m-x10]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './child.js';

const ENV = `apiVersion: halo-iac/v1
kind: Environment
name: bench
connection:
  url: https://acme.halopsa.com
  clientId: bench-client
include: ["./m/*.yaml"]
`;
const TEAM = (name: string) => `apiVersion: halo-iac/v1\nkind: Team\nname: ${name}\n`;

/** `[1,1,...]` with n items. */
const ones = (n: number) => '[' + '1,'.repeat(n - 1) + '1]';

/** Each case: the files under m/ it writes. */
const CASES: Record<string, () => Record<string, string>> = {
  'flat-4m (8 MB, one flow list of 4M items)': () => ({ 'a.yaml': TEAM('Flat') + 'spec:\n  x: ' + ones(4_000_000) + '\n' }),
  'flat-1m (2 MB, one flow list of 1M items)': () => ({ 'a.yaml': TEAM('Flat') + 'spec:\n  x: ' + ones(1_000_000) + '\n' }),
  'block-1m (1M block list items)': () => ({ 'a.yaml': TEAM('Block') + 'spec:\n  x:\n' + '  - 1\n'.repeat(1_000_000) }),
  'anchor-1m-x10 (a 1M-item anchor used 10 times)': () => ({
    'a.yaml': TEAM('Anchor') + 'spec:\n  a: &a ' + ones(1_000_000) + '\n  b: [' + Array.from({ length: 10 }, () => '*a').join(', ') + ']\n',
  }),
  'docs-110k (11 files of 10,000 documents)': () => {
    const files: Record<string, string> = {};
    for (let f = 0; f < 11; f++) files[`f${String(f).padStart(2, '0')}.yaml`] = Array.from({ length: 10_000 }, (_, i) => TEAM(`T${f}-${i}`)).join('---\n');
    return files;
  },
  'values-spread (40 files of 90k values each)': () => {
    const files: Record<string, string> = {};
    for (let f = 0; f < 40; f++) files[`v${String(f).padStart(2, '0')}.yaml`] = TEAM(`V${f}`) + 'spec:\n  x: ' + ones(90_000) + '\n';
    return files;
  },
  'baseline (one valid team: start-up cost)': () => ({ 'a.yaml': TEAM('Ops') }),
};

const i = process.argv.indexOf('--cases');
const only = i > 0 ? (process.argv[i + 1] ?? '').split(',') : undefined;

process.stdout.write('| case | exit | s | peak MiB | first line |\n|---|---:|---:|---:|---|\n');
for (const [name, build] of Object.entries(CASES)) {
  if (only && !only.some((o) => name.startsWith(o))) continue;
  const dir = mkdtempSync(join(tmpdir(), 'halo-iac-hostile-'));
  try {
    writeFileSync(join(dir, 'environment.yaml'), ENV);
    const files = build();
    mkdirSync(join(dir, 'm'));
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, 'm', file), text);
    const run = await runCli(['validate', '--config', 'environment.yaml'], {}, dir);
    const first = (run.stderr.split('\n').find((l) => l.trim() !== '') ?? '').slice(0, 140).replace(/\|/g, '\\|');
    process.stdout.write(`| ${name} | ${run.code} | ${run.seconds.toFixed(2)} | ${run.peakMiB.toFixed(0)} | ${first} |\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
