import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import { run as show } from '../../src/cli/show.js';
import { docs, workspace, type Workspace } from './harness.js';

const TEAM_AND_AGENT = docs(
  'kind: Team\nname: Integrations\nspec:\n  department: Service Delivery\n  use: [tickets]',
  'kind: Agent\nname: Ops Bot\nspec:\n  email: ops-bot@example.com\n  apiOnly: true\n  teams: { mode: include, members: [Integrations] }',
);

describe('halo-iac plan', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
    ws.writeEnv(TEAM_AND_AGENT);
  });
  afterEach(async () => ws.close());

  it('sends no write request to Halo (the CLI plans through a read-only client)', async () => {
    const before = ws.sim.requests.length;
    expect((await ws.run(plan, { env: 'test', detailedExitcode: true })).code).toBe(2);
    const sent = ws.sim.requests.slice(before).filter((r) => r.path.toLowerCase().startsWith('/api/'));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('refuses a --target that matches nothing (exit 1), so a typo cannot pass CI', async () => {
    const r = await ws.run(plan, { env: 'test', target: ['agent/Ops Bott'] });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--target agent/Ops Bott matches no declared object');
  });

  it('reports a plan file that cannot be written as one line, not a stack trace', async () => {
    const r = await ws.run(plan, { env: 'test', out: '.' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: open .*: is a directory$/m);
    expect(r.stderr).not.toContain('    at ');
  });

  it('an environment with no objects still authenticates: wrong credentials fail instead of "No changes"', async () => {
    ws.writeEnv('', { environmentExtra: 'allowEmpty: true' });
    expect((await ws.run(plan, { env: 'test', detailedExitcode: true })).code).toBe(0);
    ws.env.HALO_CLIENT_SECRET = 'not-the-secret';
    const r = await ws.run(plan, { env: 'test', detailedExitcode: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('invalid_client');
    expect(r.stdout).not.toContain('No changes');
  });

  it('warns when an application logs in as a live agent that is not API-only (not visible to validate)', async () => {
    ws.writeEnv(docs('kind: Application\nname: Jane App\nspec:\n  loginAs: Jane Smith\n  scopes: [read:tickets]'));
    const r = await ws.run(plan, { env: 'test' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^environments\/test\/resources\.yaml:\d+:\d+: warning: application\/Jane App: logs in as agent 'Jane Smith', which exists in Halo and is not API-only/m);
  });

  it('says each load warning once, on stderr: the text plan on stdout does not repeat it', async () => {
    ws.writeEnv(
      docs(
        'kind: Agent\nname: Human Login\nspec:\n  email: human@example.com\n  apiOnly: false',
        'kind: Application\nname: Human App\nspec:\n  loginAs: Human Login\n  scopes: [read:tickets]',
      ),
    );
    const r = await ws.run(plan, { env: 'test' });
    expect(r.code).toBe(0);
    const both = r.stdout + r.stderr;
    expect(both.split('which is not API-only').length - 1).toBe(1);
    expect(r.stderr).toMatch(/^environments\/test\/resources\.yaml:\d+:\d+: warning: .*which is not API-only/m);
  });

  it('shows creates with their sources and the summary line', async () => {
    const r = await ws.run(plan, { env: 'test', format: 'text' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+ create team/Integrations (environments/test/resources.yaml:');
    expect(r.stdout).toContain('+ create agent/Ops Bot');
    expect(r.stdout).toMatch(/Plan: 2 to add, 0 to change, 0 to destroy\.\n$/);
    // Progress goes to stderr, never to stdout.
    expect(r.stderr).toMatch(/read \d+ live objects \(.*Team \d+/);
    expect(r.stdout).not.toMatch(/read \d+ live objects/);
  });

  it('--detailed-exitcode says 2 before apply and 0 after, with No changes', async () => {
    expect((await ws.run(plan, { env: 'test', detailedExitcode: true })).code).toBe(2);
    const applied = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(applied.code).toBe(0);
    expect(applied.stdout.trimEnd().split('\n').at(-1)).toBe('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');
    const after = await ws.run(plan, { env: 'test', detailedExitcode: true });
    expect(after.code).toBe(0);
    expect(after.stdout.trimEnd().split('\n').at(-1)).toBe('No changes. Halo configuration matches the manifests.');
  });

  it('--format json prints only the plan on stdout', async () => {
    const r = await ws.run(plan, { env: 'test', format: 'json' });
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout) as { summary: { add: number }; environment: string; resource_changes: { address: string }[] };
    expect(parsed.summary.add).toBe(2);
    expect(parsed.environment).toBe('test');
    expect(parsed.resource_changes.map((c) => c.address)).toContain('team/Integrations');
  });

  it('--format markdown prints a PR comment', async () => {
    const r = await ws.run(plan, { env: 'test', format: 'markdown' });
    expect(r.stdout.startsWith('## halo-iac plan: `test`')).toBe(true);
    expect(r.stdout).toContain('<details>');
  });

  it('--out saves a plan that show renders exactly like plan', async () => {
    const r = await ws.run(plan, { env: 'test', out: 'plan.json' });
    expect(r.code).toBe(0);
    const file = join(ws.cwd, 'plan.json');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).format_version).toBe('1.1');
    const shown = await ws.run(show, { format: 'text' }, ['plan.json']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(r.stdout);
  });

  it('refuses to plan without credentials, naming the environment file', async () => {
    delete ws.env.HALO_CLIENT_SECRET;
    const r = await ws.run(plan, { env: 'test' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('environments/test/environment.yaml');
    expect(r.stdout).toBe('');
  });

  it('exits 1 with file:line:col errors for a broken manifest, before any API call', async () => {
    ws.writeEnv(docs('kind: Team\nname: Broken\nspec:\n  colour: blue'));
    const before = ws.sim.requests.length;
    const r = await ws.run(plan, { env: 'test', detailedExitcode: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/environments\/test\/resources\.yaml:\d+:\d+: /);
    expect(ws.sim.requests.length).toBe(before);
  });
});

describe('halo-iac show', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => ws.close());

  it('refuses a file that is not a plan', async () => {
    ws.write('nope.json', '{"hello": 1}');
    const r = await ws.run(show, {}, ['nope.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not a halo-iac plan');
  });
});
