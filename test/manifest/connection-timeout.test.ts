/**
 * `connection.timeout` (issue 9 §6): `30s`, `2m`, `500ms` or a number of seconds; parsed once, rejected
 * at its position, handed to the client as its per-request timeout; `--timeout` overrides it.
 */
import { describe, expect, it } from 'vitest';
import { clientOptions } from '../../src/cli/connect.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadEnvironment } from '../../src/manifest/load.js';
import { ENV_HEADER, tempTree } from './helpers.js';

const load = (connectionLines: string, processEnv: Record<string, string> = {}) =>
  loadEnvironment({ config: 'env.yaml', cwd: tempTree({ 'env.yaml': ENV_HEADER + '  clientSecret: ${env:TEST_SECRET}\n' + connectionLines + 'allowEmpty: true\n' }), mode: 'validate', processEnv: { TEST_SECRET: 's', ...processEnv } });

describe('connection.timeout', () => {
  it.each([
    ['  timeout: 30s\n', 30_000],
    ['  timeout: 2m\n', 120_000],
    ['  timeout: 750ms\n', 750],
    ['  timeout: 45\n', 45_000],
    ['  timeout: "12"\n', 12_000],
  ])('%j is parsed into ms', async (line, ms) => {
    const { state, diagnostics } = await load(line);
    expect(diagnostics).toEqual([]);
    expect(state?.environment.connection.timeoutMs).toBe(ms);
    expect(clientOptions(state!.environment).timeoutMs).toBe(ms);
  });

  it('may come from the environment', async () => {
    const { state } = await load('  timeout: ${env:HALO_TIMEOUT}\n', { HALO_TIMEOUT: '5s' });
    expect(state?.environment.connection.timeoutMs).toBe(5_000);
  });

  it('is refused at its position when it is not a duration', async () => {
    expect((await load('  timeout: soon\n')).diagnostics.map(formatDiagnostic)).toEqual([
      "env.yaml:8:12: connection.timeout: 'soon': expected a duration such as 30s, 2m or 500ms, or a number of seconds",
    ]);
    expect((await load('  timeout: 0\n')).diagnostics.map(formatDiagnostic)).toEqual([
      "env.yaml:8:12: connection.timeout: '0': expected a duration such as 30s, 2m or 500ms, or a number of seconds",
    ]);
    expect((await load('  timeout: true\n')).diagnostics.map(formatDiagnostic)).toEqual(['env.yaml:8:12: connection.timeout: expected string or number, got boolean']);
  });

  it('unset leaves the client default (30 s); --timeout wins over the file', async () => {
    const plain = (await load('')).state!.environment;
    expect(clientOptions(plain)).not.toHaveProperty('timeoutMs');
    const set = (await load('  timeout: 2m\n')).state!.environment;
    expect(clientOptions(set, { timeoutMs: 5_000 }).timeoutMs).toBe(5_000);
  });
});
