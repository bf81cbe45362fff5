import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadEnvironment } from '../../src/manifest/load.js';
import { UNDECLARED_REFERENCE } from '../../constructs/index.js';
import { ENV_HEADER, tempTree } from './helpers.js';

const team = (name: string) => `apiVersion: halo-iac/v1\nkind: Team\nname: ${name}\n`;

describe('loadEnvironment', () => {
  it('resolves -e NAME under <cwd>/environments and applies defaults', async () => {
    const cwd = tempTree({ 'environments/prod/environment.yaml': ENV_HEADER + '---\n' + team('Ops') });
    const { state, diagnostics } = await loadEnvironment({ env: 'prod', cwd, mode: 'plan', processEnv: {} });
    expect(diagnostics).toEqual([]);
    expect(state?.environment).toMatchObject({
      name: 'test',
      connection: { url: 'https://acme.halopsa.com', clientId: 'test-client', scope: 'all' },
      policy: { allowDelete: false, maxDeletes: 5 },
    });
    expect(state?.objects.map((o) => o.address)).toEqual(['team/Ops']);
    expect(state?.objects[0]?.source).toEqual({ file: 'environments/prod/environment.yaml', line: 10, column: 7 });
  });

  it('names the known environments when -e is wrong', async () => {
    const cwd = tempTree({ 'environments/prod/environment.yaml': ENV_HEADER });
    const { diagnostics } = await loadEnvironment({ env: 'prd', cwd, mode: 'validate', processEnv: {} });
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "environment 'prd' not found: no environments/prd/environment.yaml (did you mean 'prod'?)",
    ]);
  });

  it('substitutes variables and env values anywhere in a string', async () => {
    const cwd = tempTree({
      'env.yaml':
        ENV_HEADER.replace('https://acme.halopsa.com', 'https://${var:tenant}.halopsa.com') +
        '  tenant: ${var:tenant}\n  clientSecret: ${env:SECRET}\nvariables:\n  tenant: acme\n  domain: ${var:tenant}.example\n---\n' +
        'apiVersion: halo-iac/v1\nkind: Agent\nname: API ${var:tenant}\nspec:\n  email: api@${var:domain}\n  apiOnly: true\n',
    });
    const { state, diagnostics } = await loadEnvironment({ config: 'env.yaml', cwd, mode: 'plan', processEnv: { SECRET: 's3cr3t' } });
    expect(diagnostics).toEqual([]);
    expect(state?.environment.connection).toMatchObject({ url: 'https://acme.halopsa.com', tenant: 'acme', clientSecret: 's3cr3t' });
    expect(state?.objects[0]).toMatchObject({ name: 'API acme', spec: { email: 'api@acme.example', apiOnly: true } });
    expect(state?.objects[0]?.fieldSources['email']).toEqual({ file: 'env.yaml', line: 17, column: 10 });
  });

  it('includes files by glob, sorted and deduplicated, never the environment file itself', async () => {
    const cwd = tempTree({
      '.git/HEAD': 'ref: refs/heads/main\n', // a repository: ../../manifests is inside its root
      'envs/prod/environment.yaml': ENV_HEADER + 'include: ["./*.yaml", "../../manifests/**/*.yaml", "./b.yaml"]\n',
      'envs/prod/b.yaml': team('B'),
      'envs/prod/a.yaml': team('A'),
      'manifests/x/c.yaml': team('C'),
    });
    const { state, diagnostics } = await loadEnvironment({ config: 'envs/prod/environment.yaml', cwd, mode: 'validate', processEnv: {} });
    expect(diagnostics).toEqual([]);
    expect(state?.objects.map((o) => `${o.name}@${o.source?.file}`).sort()).toEqual([
      'A@envs/prod/a.yaml',
      'B@envs/prod/b.yaml',
      'C@manifests/x/c.yaml',
    ]);
  });

  it('warns in validate mode and refuses in plan mode when a connection env var is unset', async () => {
    const cwd = tempTree({ 'env.yaml': ENV_HEADER + '  clientSecret: ${env:HALO_CLIENT_SECRET}\nallowEmpty: true\n' });
    const validate = await loadEnvironment({ config: 'env.yaml', cwd, mode: 'validate', processEnv: {} });
    expect(validate.state?.environment.connection.clientSecret).toBeUndefined();
    expect(validate.state?.diagnostics.map(formatDiagnostic)).toEqual(['env.yaml:7:17: warning: ${env:HALO_CLIENT_SECRET} is not set']);
    const plan = await loadEnvironment({ config: 'env.yaml', cwd, mode: 'plan', processEnv: { TEST_SECRET: 's' } });
    expect(plan.state).toBeUndefined();
    expect(plan.diagnostics.map(formatDiagnostic)).toEqual(['env.yaml:7:17: ${env:HALO_CLIENT_SECRET} is not set']);
  });

  it('warns about undeclared references in validate mode only; plan mode leaves them to the live check', async () => {
    const agent = 'apiVersion: halo-iac/v1\nkind: Agent\nname: Bot\nspec:\n  apiOnly: true\n  teams:\n    mode: include\n    members: [Sales]\n';
    const cwd = tempTree({ 'env.yaml': ENV_HEADER + '  clientSecret: ${env:TEST_SECRET}\n---\n' + agent });
    const validate = await loadEnvironment({ config: 'env.yaml', cwd, mode: 'validate', processEnv: { TEST_SECRET: 's' } });
    const expected = "env.yaml:16:15: warning: agent/Bot: team 'Sales' is not declared; it must exist in Halo (resolved at plan time)";
    expect(validate.diagnostics.map(formatDiagnostic)).toEqual([expected]);
    expect(validate.diagnostics[0]?.code).toBe(UNDECLARED_REFERENCE);
    expect(validate.state?.diagnostics.map(formatDiagnostic)).toEqual([expected]);
    const plan = await loadEnvironment({ config: 'env.yaml', cwd, mode: 'plan', processEnv: { TEST_SECRET: 's' } });
    expect(plan.diagnostics).toEqual([]);
    // state.diagnostics feed the plan's warnings: the reference must not come back there either.
    expect(plan.state?.diagnostics).toEqual([]);
    expect(plan.state?.objects[0]?.references).toEqual([{ kind: 'Team', name: 'Sales', path: 'teams.members.0', relation: 'member of' }]);
  });

  it('never echoes a value that came from the environment, even through a variable', async () => {
    const secret = 'hunter2-not-an-email';
    const cwd = tempTree({
      'env.yaml':
        ENV_HEADER +
        'variables:\n  scope: ${env:SCOPE}\n---\n' +
        'apiVersion: halo-iac/v1\nkind: Agent\nname: A\nspec:\n  email: ${env:EMAIL}\n---\n' +
        'apiVersion: halo-iac/v1\nkind: Application\nname: App\nspec:\n  scopes: ["${var:scope}"]\n',
    });
    const { diagnostics } = await loadEnvironment({ config: 'env.yaml', cwd, mode: 'plan', processEnv: { EMAIL: secret, SCOPE: secret } });
    const text = diagnostics.map(formatDiagnostic);
    expect(text).toEqual([
      'env.yaml:14:10: spec.email: the value from ${env:..} is not a valid email',
      'env.yaml:20:12: spec.scopes[0]: unknown scope (the value from ${env:..}; see catalog/scopes.yaml)',
    ]);
    expect(text.join('\n')).not.toContain(secret);
  });

  it('accepts scopes added by a catalog override', async () => {
    const app = 'apiVersion: halo-iac/v1\nkind: Application\nname: App\nspec:\n  loginAs: A\n  scopes: [read:widgets]\n';
    const files = {
      'env.yaml': ENV_HEADER + 'policy:\n  catalog: ./overrides.yaml\n---\n' + app,
      'overrides.yaml': 'scopes:\n  read:widgets: { description: Read widgets, verified: false, source: "assumption: test" }\n',
    };
    const withOverride = await loadEnvironment({ config: 'env.yaml', cwd: tempTree(files), mode: 'validate', processEnv: {} });
    expect(withOverride.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const without = await loadEnvironment({ config: 'env.yaml', cwd: tempTree({ 'env.yaml': ENV_HEADER + '---\n' + app }), mode: 'validate', processEnv: {} });
    expect(without.diagnostics.map(formatDiagnostic)).toEqual(["env.yaml:13:12: unknown scope 'read:widgets' (see catalog/scopes.yaml)"]);
  });

  it('reports every error of every file, not just the first', async () => {
    const cwd = tempTree({
      'env.yaml': ENV_HEADER + 'include: ["m/*.yaml"]\n',
      'm/a.yaml': 'apiVersion: halo-iac/v1\nkind: Team\nname: A\nspec:\n  inactive: nope\n',
      'm/b.yaml': 'apiVersion: halo-iac/v1\nkind: Tema\nname: B\n',
    });
    const { diagnostics } = await loadEnvironment({ config: 'env.yaml', cwd, mode: 'validate', processEnv: {} });
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'm/a.yaml:5:13: spec.inactive: expected boolean, got string',
      "m/b.yaml:2:7: unknown kind 'Tema' (did you mean 'Team'?)",
    ]);
  });
});
