import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../src/cli/output.js';
import { run } from '../../src/cli/synth.js';

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'halo-synth-cli-'));
  for (const name of ['alpha', 'beta']) {
    mkdirSync(join(dir, 'environments', name), { recursive: true });
    writeFileSync(
      join(dir, 'environments', name, 'environment.yaml'),
      ['apiVersion: halo-iac/v1', 'kind: Environment', `name: ${name}`, 'connection:', '  url: ${env:HALO_URL_UNSET_FOR_TEST}', 'include: ["./*.yaml"]', ''].join('\n'),
    );
    writeFileSync(join(dir, 'environments', name, 'teams.yaml'), ['apiVersion: halo-iac/v1', 'kind: Team', 'name: Service Desk', 'spec:', '  use: [tickets]', ''].join('\n'));
  }
  mkdirSync(join(dir, 'cdktf.out', 'stacks', 'removed-env'), { recursive: true });
  mkdirSync(join(dir, 'cdktf.out', 'stacks', 'beta'), { recursive: true });
  return dir;
}

describe('halo-iac synth', () => {
  it('synthesizes one environment with -e, keeps the other, removes stale stacks', async () => {
    const dir = project();
    const io = captureIo({ cwd: dir, env: {} });
    const code = await run({ env: 'alpha', out: 'cdktf.out' }, [], io);
    expect(io.stderr()).toContain('is not set');
    expect(code).toBe(0);
    expect(io.stdout()).toContain('Synthesized stack alpha -> cdktf.out/stacks/alpha/cdk.tf.json');
    expect(io.stdout()).toContain('Removed stale stack removed-env');
    const json = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'alpha', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(json.resource.null_resource)).toEqual([expect.stringMatching(/^team_Service_Desk_[0-9a-f]{8}$/)]);
    expect(existsSync(join(dir, 'cdktf.out', 'stacks', 'removed-env'))).toBe(false);
    expect(existsSync(join(dir, 'cdktf.out', 'stacks', 'beta'))).toBe(true);
  });

  it('synthesizes every environment without -e', async () => {
    const dir = project();
    expect(await run({ out: 'tf' }, [], captureIo({ cwd: dir, env: {} }))).toBe(0);
    expect(existsSync(join(dir, 'tf', 'stacks', 'alpha', 'cdk.tf.json'))).toBe(true);
    expect(existsSync(join(dir, 'tf', 'stacks', 'beta', 'cdk.tf.json'))).toBe(true);
  });

  it('fails with positioned errors and writes nothing when a manifest is invalid', async () => {
    const dir = project();
    writeFileSync(join(dir, 'environments', 'alpha', 'app.yaml'), ['apiVersion: halo-iac/v1', 'kind: Application', 'name: App', 'spec:', '  loginAs: Bot', '  scopes: [read:actions]', ''].join('\n'));
    const io = captureIo({ cwd: dir, env: {} });
    expect(await run({ env: 'alpha', out: 'tf' }, [], io)).toBe(1);
    expect(io.stderr()).toMatch(/environments\/alpha\/app\.yaml:\d+:\d+: .*read:actions/);
    expect(existsSync(join(dir, 'tf'))).toBe(false);
  });
});
