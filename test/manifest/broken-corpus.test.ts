import net from 'node:net';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureIo } from '../../src/cli/output.js';
import { run as validate } from '../../src/cli/validate.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadEnvironment } from '../../src/manifest/load.js';
import { brokenCases } from '../fixtures/broken/cases.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/broken');

// Zero network: any socket or fetch attempt during loading fails the run.
const connect = vi.spyOn(net.Socket.prototype, 'connect');
const fetchSpy = vi.spyOn(globalThis, 'fetch');
beforeAll(() => {
  connect.mockClear();
  fetchSpy.mockClear();
});
afterAll(() => {
  expect(connect).not.toHaveBeenCalled();
  expect(fetchSpy).not.toHaveBeenCalled();
});

describe('broken manifest corpus', () => {
  it('has at least 75 cases, one per folder', () => {
    const folders = readdirSync(root).filter((f) => statSync(join(root, f)).isDirectory());
    expect(brokenCases.length).toBeGreaterThanOrEqual(75);
    expect(brokenCases.map((c) => c.folder).sort()).toEqual(folders.sort());
  });

  it.each(brokenCases)('$folder', async ({ folder, mode, expected, limits }) => {
    const cwd = join(root, folder);
    expect(existsSync(join(cwd, 'environment.yaml'))).toBe(true);
    const { state, diagnostics } = await loadEnvironment({ config: 'environment.yaml', cwd, mode, processEnv: {}, limits });
    expect(diagnostics.map(formatDiagnostic)).toEqual(expected);
    const hasError = diagnostics.some((d) => d.severity === 'error');
    expect(state === undefined).toBe(hasError);
  });

  // The same through `halo-iac validate`: its exit code, and exactly these lines on stderr before the summary.
  // (Document-count limits have no CLI option: those two cases are covered by loadEnvironment above.)
  const viaCli = brokenCases.filter((c) => c.mode === 'validate' && c.limits?.maxDocuments === undefined && c.limits?.maxDocumentsPerFile === undefined);
  it.each(viaCli)('validate exit code: $folder', async ({ folder, expected, limits }) => {
    const io = captureIo({ cwd: join(root, folder), env: {} });
    const code = await validate({ config: 'environment.yaml', format: 'text', maxFileSize: limits?.maxFileSize }, [], io);
    const errors = expected.filter((l) => !/^[^ ]+: warning: /.test(l));
    expect(code).toBe(errors.length > 0 ? 1 : 0);
    expect(io.stderr().split('\n').slice(0, expected.length)).toEqual(expected);
  });

  it('never puts an environment value in a message, even when that value is the error', async () => {
    const secret = 'super-secret-value-1234';
    const { diagnostics } = await loadEnvironment({
      config: 'environment.yaml',
      cwd: join(root, '..', 'secret-values'),
      mode: 'plan',
      processEnv: { HALO_IAC_TEST_SECRET: secret, HALO_CLIENT_SECRET: secret },
    });
    const lines = diagnostics.map(formatDiagnostic);
    // The env values are invalid where they are used (a boolean, an enum, a scope): each is reported at its position...
    expect(lines.filter((l) => l.includes('environment.yaml:15:') || l.includes('environment.yaml:17:') || l.includes('environment.yaml:23:')).length).toBeGreaterThanOrEqual(3);
    // ...without the value itself.
    expect(lines.join('\n')).not.toContain(secret);
  });
});
