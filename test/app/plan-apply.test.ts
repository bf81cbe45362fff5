/**
 * `--app` on the plan path, through the simulator over loopback HTTP: plan and apply converge what
 * code declares exactly as YAML (one engine, one batch per kind, the same guards), with --target,
 * saved plans (and a saved --app plan refused without --app), and doctor's declared kinds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { captureIo } from '../../src/cli/output.js';
import { run as doctor } from '../../src/cli/doctor.js';
import { run as plan } from '../../src/cli/plan.js';
import type { SimLogEntry } from '../../src/simulator/index.js';
import { docs, workspace, type Workspace } from '../cli/harness.js';
import { appSource, appWorkspace, root } from './helpers.js';

const YAML = docs('kind: Team\nname: Integrations\nspec:\n  department: Service Delivery\n  use: [tickets]');

/** main.ts: a team and an API agent in both teams, declared in code. */
const APP = appSource(
  ['defineApp', 'Agent', 'Team'],
  [
    'export default defineApp((environment) => {',
    "  new Team(environment, 'Automation', { spec: { department: 'Service Delivery', use: ['tickets'] } });",
    "  new Agent(environment, 'Automation Bot', {",
    "    spec: { email: 'automation-bot@example.com', apiOnly: true, teams: { mode: 'include', members: ['Integrations', 'Automation'] } },",
    '  });',
    '});',
  ],
);

const posts = (ws: Workspace, from: number, path: string): SimLogEntry[] => ws.sim.requests.slice(from).filter((r) => r.method === 'POST' && r.path.toLowerCase() === path.toLowerCase());
const writes = (ws: Workspace): number => ws.sim.requests.filter((r) => r.method !== 'GET' && r.path.toLowerCase().startsWith('/api/')).length;

describe('halo-iac plan -e rewst --app main.ts (the example)', () => {
  let ws: Workspace;
  beforeEach(async () => (ws = await workspace()));
  afterEach(async () => ws.close());

  it('shows + create team/Automation at its line of main.ts, from its construct path', async () => {
    // The line and column of `new Team(environment, 'Automation', ...)` in the repository's main.ts.
    const lines = readFileSync(join(root, 'main.ts'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes("new Team(environment, 'Automation'")) + 1;
    const column = (lines[line - 1] ?? '').indexOf('new Team') + 1;
    // Run in the repository (plan only reads): environments/rewst and main.ts as a user has them.
    const io = captureIo({ env: ws.env, cwd: root });
    const code = await plan({ env: 'rewst', app: 'main.ts' }, [], io);
    expect(io.stderr()).not.toContain('error');
    expect(code).toBe(0);
    const r = { stdout: io.stdout() };
    expect(r.stdout).toContain(`\n  + create team/Automation (main.ts:${line}:${column})\n      # from app/rewst/Automation\n`);
    expect(r.stdout).toMatch(/\nPlan: 3 to add, 0 to change, 0 to destroy\.\n$/);
  });
});

describe('--app on plan and apply', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await appWorkspace();
    ws.writeEnv(YAML);
    ws.write('main.ts', APP);
  });
  afterEach(async () => ws.close());

  it('apply converges the code-defined objects with the YAML ones in one batch per kind, then plans No changes', async () => {
    const from = ws.sim.requests.length;
    const r = await ws.run(apply, { env: 'test', app: 'main.ts', autoApprove: true });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Apply complete! Resources: 3 added, 0 changed, 0 destroyed.');
    const teamPosts = posts(ws, from, '/api/Team');
    expect(teamPosts).toHaveLength(1);
    expect((teamPosts[0]?.request as { name: string }[]).map((t) => t.name).sort()).toEqual(['Automation', 'Integrations']);
    const agents = await ws.client().list('Agent', { includeapiagents: true });
    expect(agents.filter((a) => a.name === 'Automation Bot')).toHaveLength(1);
    const again = await ws.run(plan, { env: 'test', app: 'main.ts', detailedExitcode: true });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes. Halo configuration matches the manifests.');
  });

  it('--target reaches a code-defined object by its address', async () => {
    const r = await ws.run(plan, { env: 'test', app: 'main.ts', target: ['team/Automation'] });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+ create team/Automation (main.ts:3:3)');
    expect(r.stdout).not.toContain('team/Integrations');
    expect(r.stdout).toMatch(/Plan: 1 to add, 0 to change, 0 to destroy\.\n$/);
    const applied = await ws.run(apply, { env: 'test', app: 'main.ts', target: ['team/Automation'], autoApprove: true });
    expect(applied.code).toBe(0);
    const teams = (await ws.client().list('Team')).map((t) => t.name);
    expect(teams).toContain('Automation');
    expect(teams).not.toContain('Integrations');
  });

  it('a saved plan made with --app applies with --app, and is refused without it', async () => {
    const saved = await ws.run(plan, { env: 'test', app: 'main.ts', out: 'p.json' });
    expect(saved.code).toBe(0);
    expect(saved.stderr).toContain('To apply exactly this plan: halo-iac apply -e test --app main.ts p.json');
    const before = writes(ws);
    const without = await ws.run(apply, { env: 'test', autoApprove: true }, ['p.json']);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain(
      'Error: Saved plan does not match the manifests: 2 objects edited since p.json was made:\n  team/Automation: no longer in the manifests\n  agent/Automation Bot: no longer in the manifests\n',
    );
    expect(writes(ws)).toBe(before);
    const withApp = await ws.run(apply, { env: 'test', app: 'main.ts', autoApprove: true }, ['p.json']);
    expect(withApp.stderr).not.toMatch(/error/i);
    expect(withApp.code).toBe(0);
    expect((await ws.client().list('Team')).map((t) => t.name)).toContain('Automation');
  });

  it('the same guards: a code-defined delete is refused without --allow-delete, a missing reference at its line', async () => {
    ws.write(
      'main.ts',
      appSource(['defineApp', 'Team'], ['export default defineApp((environment) => {', "  new Team(environment, 'Sales', { absent: true });", "  new Team(environment, 'Ops', { spec: { department: 'Nowhere' } });", '});']),
    );
    const r = await ws.run(plan, { env: 'test', app: 'main.ts' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('\nmain.ts:3:3: team/Sales (app/test/Sales): refusing to delete team/Sales: deletes need policy.allowDelete and --allow-delete\n');
    expect(r.stderr).toContain('\nmain.ts:4:3: team/Ops (app/test/Ops): spec.department refers to department/Nowhere, which is neither declared nor live\n');
    expect(writes(ws)).toBe(0);
  });

  it('an app that throws stops the plan before Halo is read: one line, exit 1', async () => {
    ws.write('main.ts', appSource(['defineApp'], ['export default defineApp(() => {', "  throw new Error('no connection string');", '});']));
    const from = ws.sim.requests.length;
    const r = await ws.run(plan, { env: 'test', app: 'main.ts' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('main.ts:3:9: the app failed for environment test: no connection string\n');
    expect(ws.sim.requests.length).toBe(from);
  });

  it('doctor counts the kinds the app declares', async () => {
    const observed = async (options: Record<string, unknown>) => {
      const r = await ws.run(doctor, { env: 'test', format: 'json', ...options });
      const checks = (JSON.parse(r.stdout) as { checks: { id: string; observed: string }[] }).checks;
      return checks.find((c) => c.id === 'applications.login-scopes')?.observed ?? '';
    };
    expect(await observed({})).toMatch(/; Team needs all or admin: covered$/);
    expect(await observed({ app: 'main.ts' })).toMatch(/; Team and Agent need all or admin: covered$/);
  });
});
