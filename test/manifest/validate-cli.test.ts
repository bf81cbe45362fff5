import { describe, expect, it } from 'vitest';
import { run as environments } from '../../src/cli/environments.js';
import { captureIo, type CapturedIo } from '../../src/cli/output.js';
import { run as validate } from '../../src/cli/validate.js';
import { ENV_HEADER, tempTree } from './helpers.js';

/** validate and environments write through output.ts's Io, like every other command. */
function capture(cwd: string, env: Record<string, string> = {}): CapturedIo {
  return captureIo({ cwd, env });
}

const team = 'apiVersion: halo-iac/v1\nkind: Team\nname: Ops\n';
const secretEnv = ENV_HEADER + '  clientSecret: ${env:HALO_CLIENT_SECRET}\n';

describe('halo-iac validate', () => {
  it('exits 0 with a summary line, warnings on stderr', async () => {
    const io = capture(tempTree({ 'environments/prod/environment.yaml': secretEnv + '---\n' + team }));
    expect(await validate({ env: 'prod', format: 'text' }, [], io)).toBe(0);
    expect(io.stdout()).toBe('Valid: 1 object in environment test (1 warning).\n');
    expect(io.stderr()).toBe('environments/prod/environment.yaml:7:17: warning: ${env:HALO_CLIENT_SECRET} is not set\n');
  });

  it('warns about a clientSecret written in the file (directly or through a literal variable), at its position, without quoting it', async () => {
    const literal = ENV_HEADER + '  clientSecret: Hx2literalsecret\n';
    const io = capture(tempTree({ 'env.yaml': literal + '---\n' + team }));
    expect(await validate({ config: 'env.yaml', format: 'text' }, [], io)).toBe(0);
    expect(io.stderr()).toBe('env.yaml:7:17: warning: connection.clientSecret: a secret in a file in Git; use ${env:HALO_CLIENT_SECRET}\n');
    expect(io.stdout()).not.toContain('Hx2literalsecret');
    const viaVariable = ENV_HEADER + '  clientSecret: ${var:s}\nvariables:\n  s: Hx2literalsecret\n';
    const io2 = capture(tempTree({ 'env.yaml': viaVariable + '---\n' + team }));
    expect(await validate({ config: 'env.yaml', format: 'text' }, [], io2)).toBe(0);
    expect(io2.stderr()).toBe('env.yaml:7:17: warning: connection.clientSecret: a secret in a file in Git; use ${env:HALO_CLIENT_SECRET}\n');
    // From the environment: no warning.
    const io3 = capture(tempTree({ 'env.yaml': secretEnv + '---\n' + team }), { HALO_CLIENT_SECRET: 'Hx2fromenvsecret' });
    expect(await validate({ config: 'env.yaml', format: 'text' }, [], io3)).toBe(0);
    expect(io3.stderr()).toBe('');
  });

  it('exits 1 and prints every error as file:line:col: message', async () => {
    const bad = 'apiVersion: halo-iac/v1\nkind: Team\nname: Ops\nspec:\n  inactive: "no"\n  usee: [tickets]\n';
    const io = capture(tempTree({ 'env.yaml': ENV_HEADER + '---\n' + bad }));
    expect(await validate({ config: 'env.yaml', format: 'text' }, [], io)).toBe(1);
    expect(io.stderr().split('\n')).toEqual([
      'env.yaml:12:13: spec.inactive: expected boolean, got string',
      "env.yaml:13:3: unknown key 'usee' (did you mean 'use'?)",
      'Invalid: 2 errors in environment env.yaml.',
      '',
    ]);
    expect(io.stdout()).toBe('');
  });

  it('rejects a value a permission does not have at its position, listing its values with a did-you-mean', async () => {
    const agent = 'apiVersion: halo-iac/v1\nkind: Agent\nname: Bot\nspec:\n  permissions:\n    tickets: readModifyAll\n    timesheets: readModifyAll\n    customers: readonly\n';
    const io = capture(tempTree({ 'env.yaml': ENV_HEADER + '---\n' + agent }));
    expect(await validate({ config: 'env.yaml', format: 'text' }, [], io)).toBe(1);
    expect(io.stderr().split('\n')).toEqual([
      "env.yaml:13:14: spec.permissions.tickets: must be one of: none, readOnly, readModify (did you mean 'readModify'?)",
      "env.yaml:15:16: spec.permissions.customers: must be one of: none, namesOnly, readOnly, readModify (did you mean 'readOnly'?)",
      'Invalid: 2 errors in environment env.yaml.',
      '',
    ]);
  });

  it('accepts a permission value a catalog override (policy.catalog) teaches', async () => {
    const agent = 'apiVersion: halo-iac/v1\nkind: Agent\nname: Bot\nspec:\n  permissions:\n    tickets: readModifyAll\n';
    const override = 'permissions:\n  tickets:\n    values:\n      readModifyAll: { halo: "7", label: "Read and Modify (All)", verified: true, source: "our tenant" }\n';
    const withPolicy = ENV_HEADER + 'policy:\n  catalog: ./over.yaml\n';
    const io = capture(tempTree({ 'env.yaml': withPolicy + '---\n' + agent, 'over.yaml': override }));
    expect(await validate({ config: 'env.yaml', format: 'text' }, [], io)).toBe(0);
    expect(io.stdout()).toBe('Valid: 1 object in environment test.\n');
  });

  it('a catalog override file that does not exist is reported at the catalog: value, text and JSON', async () => {
    const cwd = tempTree({ 'environments/prod/environment.yaml': ENV_HEADER + 'policy:\n  catalog: ./nope.yaml\n---\n' + team });
    const io = capture(cwd);
    expect(await validate({ env: 'prod', format: 'text' }, [], io)).toBe(1);
    expect(io.stderr().split('\n')[0]).toBe('environments/prod/environment.yaml:8:12: catalog override file not found: environments/prod/nope.yaml');
    const json = capture(cwd);
    expect(await validate({ env: 'prod', format: 'json' }, [], json)).toBe(1);
    expect((JSON.parse(json.stdout()) as { errors: unknown[] }).errors[0]).toEqual({
      file: 'environments/prod/environment.yaml',
      line: 8,
      column: 12,
      message: 'catalog override file not found: environments/prod/nope.yaml',
      severity: 'error',
      address: null,
    });
  });

  it('prints JSON on stdout only with --format json', async () => {
    const io = capture(tempTree({ 'env.yaml': secretEnv + '---\n' + team + '---\napiVersion: halo-iac/v1\nkind: Agnet\nname: X\n' }));
    expect(await validate({ config: 'env.yaml', format: 'json' }, [], io)).toBe(1);
    expect(io.stderr()).toBe('');
    expect(JSON.parse(io.stdout())).toEqual({
      valid: false,
      errors: [{ file: 'env.yaml', line: 14, column: 7, message: "unknown kind 'Agnet' (did you mean 'Agent'?)", severity: 'error', address: null }],
      warnings: [{ file: 'env.yaml', line: 7, column: 17, message: '${env:HALO_CLIENT_SECRET} is not set', severity: 'warning', address: null }],
      objects: 0,
    });
  });

  it('keeps the undeclared-reference warning (PR checks are offline), with its code in JSON', async () => {
    const agent = 'apiVersion: halo-iac/v1\nkind: Agent\nname: Bot\nspec:\n  apiOnly: true\n  defaultTeam: Sales\n';
    const cwd = tempTree({ 'env.yaml': ENV_HEADER + '---\n' + agent });
    const io = capture(cwd);
    expect(await validate({ config: 'env.yaml', format: 'text' }, [], io)).toBe(0);
    expect(io.stderr()).toBe("env.yaml:13:16: warning: agent/Bot: team 'Sales' is not declared; it must exist in Halo (resolved at plan time)\n");
    expect(io.stdout()).toBe('Valid: 1 object in environment test (1 warning).\n');
    const json = capture(cwd);
    expect(await validate({ config: 'env.yaml', format: 'json' }, [], json)).toBe(0);
    expect(JSON.parse(json.stdout()).warnings).toEqual([
      expect.objectContaining({ line: 13, column: 16, address: 'agent/Bot', code: 'undeclared-reference' }),
    ]);
  });

  it('counts objects in JSON when valid', async () => {
    const io = capture(tempTree({ 'env.yaml': ENV_HEADER + '---\n' + team }));
    expect(await validate({ config: 'env.yaml', format: 'json' }, [], io)).toBe(0);
    expect(JSON.parse(io.stdout())).toMatchObject({ valid: true, errors: [], warnings: [], objects: 1 });
  });

  it('--explain lists the unverified catalog values in use, with their source', async () => {
    const agent =
      'apiVersion: halo-iac/v1\nkind: Department\nname: IT\n---\napiVersion: halo-iac/v1\nkind: Agent\nname: API\nspec:\n  apiOnly: true\n' +
      '  departments:\n    mode: include\n    members: [{ name: IT, level: modifyAll }]\n';
    const cwd = tempTree({ 'env.yaml': ENV_HEADER + '---\n' + agent });
    const io = capture(cwd);
    expect(await validate({ config: 'env.yaml', format: 'text', explain: true }, [], io)).toBe(0);
    const lines = io.stdout().trimEnd().split('\n');
    expect(lines[0]).toBe('Unverified catalog values these manifests rely on:');
    expect(lines.some((l) => /^ {2}membershipLevels\.modifyAll = .+ \(unverified; source: .+\) used by agent\/API$/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe('Valid: 2 objects in environment test.');
    const json = capture(cwd);
    expect(await validate({ config: 'env.yaml', format: 'json', explain: true }, [], json)).toBe(0);
    const entries = (JSON.parse(json.stdout()) as { unverified: { entry: string; usedBy: string[] }[] }).unverified;
    expect(entries.find((u) => u.entry === 'membershipLevels.modifyAll')?.usedBy).toEqual(['agent/API']);
  });

  it('says which environments exist when -e is wrong', async () => {
    const io = capture(tempTree({ 'environments/prod/environment.yaml': ENV_HEADER }));
    expect(await validate({ env: 'staging', format: 'text' }, [], io)).toBe(1);
    expect(io.stderr().split('\n')[0]).toBe("environment 'staging' not found: no environments/staging/environment.yaml (known: prod)");
  });
});

describe('halo-iac environments', () => {
  const tree = () =>
    tempTree({
      'environments/prod/environment.yaml': ENV_HEADER.replace('name: test', 'name: prod') + '  tenant: acme\n  clientSecret: ${env:HALO_CLIENT_SECRET}\n',
      'environments/demo/environment.yaml': 'apiVersion: halo-iac/v1\nkind: Environment\nname: demo\nconnection:\n  url: ${env:HALO_URL}\n',
      'environments/notes/readme.md': 'not an environment',
    });

  it('prints a JSON array for a CI matrix, raw values, no secrets', async () => {
    const io = capture(tree(), { HALO_URL: 'http://127.0.0.1:1', HALO_CLIENT_SECRET: 'shh' });
    expect(await environments({ json: true, dir: 'environments' }, [], io)).toBe(0);
    expect(JSON.parse(io.stdout())).toEqual([
      { name: 'demo', file: 'environments/demo/environment.yaml', url: '${env:HALO_URL}' },
      { name: 'prod', file: 'environments/prod/environment.yaml', url: 'https://acme.halopsa.com', tenant: 'acme' },
    ]);
    expect(io.stdout()).not.toContain('shh');
  });

  it('prints a table, and fails on a missing folder', async () => {
    const io = capture(tree());
    expect(await environments({ dir: 'environments' }, [], io)).toBe(0);
    expect(io.stdout().split('\n')).toEqual([
      'NAME  URL                       TENANT',
      'demo  ${env:HALO_URL}           -',
      'prod  https://acme.halopsa.com  acme',
      '',
    ]);
    const missing = capture(tree());
    expect(await environments({ dir: 'nope' }, [], missing)).toBe(1);
    expect(missing.stderr()).toBe('environments folder not found: nope\n');
  });
});
