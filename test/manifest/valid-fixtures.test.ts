/**
 * Every shipped environment (environments/) and every halo-iac manifest under examples/ loads
 * with zero errors. The folders are read at run time, so new examples are covered automatically.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadEnvironment } from '../../src/manifest/load.js';
import { ENV_HEADER, tempTree } from './helpers.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');

function yamlFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(dir, f))
    .sort();
}

const environments = existsSync(join(repo, 'environments'))
  ? readdirSync(join(repo, 'environments')).filter((d) => existsSync(join(repo, 'environments', d, 'environment.yaml')))
  : [];
const examples = yamlFilesUnder(join(repo, 'examples')).filter((f) => /^apiVersion:\s*halo-iac\//m.test(readFileSync(f, 'utf8')));

describe('valid fixtures', () => {
  it('ships at least one environment', () => {
    expect(environments.length).toBeGreaterThan(0);
  });

  it.each(environments)('environments/%s validates with zero errors', async (name) => {
    const { state, diagnostics } = await loadEnvironment({ env: name, cwd: repo, mode: 'validate', processEnv: {} });
    expect(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
    expect(state?.objects.length).toBeGreaterThan(0);
  });

  it.each(examples.map((f) => relative(repo, f)))('examples: %s validates with zero errors', async (file) => {
    const abs = join(repo, file);
    const isEnvironment = /^kind:\s*Environment\s*$/m.test(readFileSync(abs, 'utf8'));
    // A manifest without its own environment is checked through a throwaway one that includes it.
    let cwd = repo;
    if (!isEnvironment) {
      // A copy beside the throwaway environment: includes may not leave the environment's repository root.
      cwd = tempTree({ 'example.yaml': readFileSync(abs, 'utf8') });
      writeFileSync(join(cwd, 'env.yaml'), `${ENV_HEADER}include: ["./example.yaml"]\n`);
    }
    const config = isEnvironment ? file : 'env.yaml';
    const { diagnostics } = await loadEnvironment({ config, cwd, mode: 'validate', processEnv: {} });
    expect(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
  });
});
