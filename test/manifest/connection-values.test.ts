/**
 * `connection.rateLimit` (parsed, rejected at its position, handed to the client budget) and
 * `connection.scope` (each scope checked against the catalog offline).
 */
import { describe, expect, it } from 'vitest';
import { clientOptions } from '../../src/cli/connect.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadEnvironment } from '../../src/manifest/load.js';
import { ENV_HEADER, tempTree } from './helpers.js';

// The environments declare nothing but their connection: allowEmpty says that is intended.
const load = (connectionLines: string, processEnv: Record<string, string> = {}, mode: 'validate' | 'plan' = 'validate') =>
  loadEnvironment({ config: 'env.yaml', cwd: tempTree({ 'env.yaml': ENV_HEADER + '  clientSecret: ${env:TEST_SECRET}\n' + connectionLines + 'allowEmpty: true\n' }), mode, processEnv: { TEST_SECRET: 's', ...processEnv } });

describe('connection.rateLimit', () => {
  it('parses REQUESTS/SECONDS and off; absent leaves the client default', async () => {
    expect((await load('  rateLimit: 20/2\n')).state?.environment.connection.rateLimit).toEqual({ requests: 20, windowSeconds: 2 });
    expect((await load('  rateLimit: "300 / 300"\n')).state?.environment.connection.rateLimit).toEqual({ requests: 300, windowSeconds: 300 });
    expect((await load('  rateLimit: off\n')).state?.environment.connection.rateLimit).toBe(false);
    const absent = await load('');
    expect(absent.diagnostics).toEqual([]);
    expect(absent.state?.environment.connection).not.toHaveProperty('rateLimit');
  });

  it('takes its value from a variable', async () => {
    const { state, diagnostics } = await load('  rateLimit: ${env:HALO_RATE}\n', { HALO_RATE: '60/60' });
    expect(diagnostics).toEqual([]);
    expect(state?.environment.connection.rateLimit).toEqual({ requests: 60, windowSeconds: 60 });
  });

  it('rejects a malformed or zero value at its position, never echoing an environment value', async () => {
    expect((await load('  rateLimit: fast\n')).diagnostics.map(formatDiagnostic)).toEqual([
      "env.yaml:8:14: connection.rateLimit: 'fast': expected REQUESTS/SECONDS (e.g. 300/300) or off",
    ]);
    expect((await load('  rateLimit: 0/300\n')).diagnostics.map(formatDiagnostic)).toEqual([
      "env.yaml:8:14: connection.rateLimit: '0/300': requests and seconds must both be at least 1",
    ]);
    expect((await load('  rateLimit: 300\n')).diagnostics.map(formatDiagnostic)).toEqual(['env.yaml:8:14: connection.rateLimit: expected string, got number']);
    const fromEnv = await load('  rateLimit: ${env:HALO_RATE}\n', { HALO_RATE: 'hunter2' });
    expect(fromEnv.state).toBeUndefined();
    expect(fromEnv.diagnostics.map(formatDiagnostic)).toEqual([
      'env.yaml:8:14: connection.rateLimit: the value from ${env:..}: expected REQUESTS/SECONDS (e.g. 300/300) or off',
    ]);
  });

  it('becomes the client budget; the bench override still wins', async () => {
    const limited = (await load('  rateLimit: 20/2\n')).state!.environment;
    expect(clientOptions(limited).budget).toEqual({ requests: 20, windowSeconds: 2 });
    expect(clientOptions(limited, { budget: false }).budget).toBe(false);
    expect(clientOptions((await load('  rateLimit: off\n')).state!.environment).budget).toBe(false);
    // Unset: no budget option at all, so the client applies its own default (300/300, off on loopback).
    expect(clientOptions((await load('')).state!.environment)).not.toHaveProperty('budget');
  });
});

describe('connection.scope', () => {
  it('accepts space-separated catalog scopes', async () => {
    const { state, diagnostics } = await load('  scope: "read:tickets  edit:tickets all:teams"\n');
    expect(diagnostics).toEqual([]);
    expect(state?.environment.connection.scope).toBe('read:tickets  edit:tickets all:teams');
  });

  it('rejects an unknown scope at the value in validate (offline), with the catalog reason or a suggestion', async () => {
    const { state, diagnostics } = await load('  scope: bogus:scope read:agents\n');
    expect(state).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "env.yaml:8:10: connection.scope: unknown scope 'bogus:scope' (see catalog/scopes.yaml)",
      expect.stringMatching(/^env\.yaml:8:10: connection\.scope: unknown scope 'read:agents': there is no agents scope/),
    ]);
  });

  it('does not echo a scope that came from the environment', async () => {
    const { diagnostics } = await load('  scope: ${env:HALO_SCOPE}\n', { HALO_SCOPE: 'secret-ish' }, 'plan');
    expect(diagnostics.map(formatDiagnostic)).toEqual(['env.yaml:8:10: connection.scope: unknown scope in the value from ${env:..} (see catalog/scopes.yaml)']);
  });
});
