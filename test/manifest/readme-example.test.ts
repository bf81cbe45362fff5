/**
 * README "Manifest format": its example environment, copied literally into the files its first
 * lines name (`# environments/prod/environment.yaml`, `# environments/prod/integrations.yaml`),
 * validates with zero errors. Unset `${env:...}` values only warn, as validate promises.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { loadEnvironment } from '../../src/manifest/load.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { tempTree } from './helpers.js';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

/** The ```yaml blocks of the "Manifest format" section whose first line names a file: path -> text. */
function exampleFiles(): Record<string, string> {
  const start = readme.indexOf('\n## Manifest format\n');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const files: Record<string, string> = {};
  for (const m of section.matchAll(/```yaml\n# (environments\/\S+\.yaml)\n([\s\S]*?)```/g)) files[m[1]!] = `# ${m[1]}\n${m[2]}`;
  return files;
}

it('the Manifest format example validates as copied', async () => {
  const files = exampleFiles();
  expect(Object.keys(files).sort()).toEqual(['environments/prod/environment.yaml', 'environments/prod/integrations.yaml']);
  const cwd = tempTree(files);
  const { state, diagnostics } = await loadEnvironment({ env: 'prod', cwd, mode: 'validate', processEnv: {} });
  expect(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
  expect(state?.objects.length).toBeGreaterThan(5);
});

it('the export options table is one table with each option once', () => {
  const start = readme.indexOf('\n### `halo-iac export -e ENV`\n');
  const section = readme.slice(start, readme.indexOf('\n### ', start + 1));
  const lines = section.split('\n');
  const first = lines.findIndex((l) => l === '| option | |');
  const table: string[] = [];
  for (let i = first; i < lines.length && lines[i]!.startsWith('|'); i++) table.push(lines[i]!);
  // No table row after the table ends (a row stranded below a paragraph renders as text).
  expect(lines.slice(first + table.length).filter((l) => l.startsWith('| `'))).toEqual([]);
  const options = table.slice(2).flatMap((row) => [...row.split(' | ')[0]!.matchAll(/`(--[a-z-]+)/g)].map((m) => m[1]!));
  expect(options).toEqual(['--kinds', '--names', '--out', '--insecure', '--timeout', '--deadline']);
});
