/** `--target` is checked before any network call, with a did-you-mean from the environment's addresses (issue 10 §2). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import { docs, workspace, type Workspace } from './harness.js';

describe('--target', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
    ws.writeEnv(docs('kind: Team\nname: Integrations\nspec:\n  department: Service Delivery', 'kind: Agent\nname: Ops Bot\nspec:\n  apiOnly: true'));
  });
  afterEach(async () => ws.close());

  it('a typo fails plan and apply before any request, token requests included, naming the closest address', async () => {
    for (const cmd of [plan, apply]) {
      const r = await ws.run(cmd, { env: 'test', target: ['agent/Ops Bott'], autoApprove: true });
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')).toContain("--target agent/Ops Bott matches no declared object (did you mean 'agent/Ops Bot'?)");
    }
    const far = await ws.run(plan, { env: 'test', target: ['role/Nothing Like It'] });
    expect(far.code).toBe(1);
    expect(far.stderr).toContain('--target role/Nothing Like It matches no declared object (addresses look like team/Integrations)');
    expect(ws.sim.requests).toEqual([]);
  });

  it('a known target (any case) plans only that object', async () => {
    const r = await ws.run(plan, { env: 'test', target: ['AGENT/ops bot'] });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+ create agent/Ops Bot');
    expect(r.stdout).not.toContain('team/Integrations (');
  });
});

describe('--target includes what the targets depend on (as Terraform does)', () => {
  let ws: Workspace;
  afterEach(async () => ws.close());

  it('a targeted agent on a new team plans and applies the team too, and says why', async () => {
    ws = await workspace();
    ws.writeEnv(
      docs(
        'kind: Team\nname: NewTeam\nspec:\n  department: Sales',
        'kind: Team\nname: Other Team\nspec:\n  department: Sales',
        'kind: Agent\nname: NewBot\nspec:\n  apiOnly: true\n  teams:\n    mode: include\n    members: [NewTeam]',
      ),
    );
    const p = await ws.run(plan, { env: 'test', target: ['agent/NewBot'], out: 'p.json' });
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toContain('+ create team/NewTeam');
    expect(p.stdout).toContain('+ create agent/NewBot');
    expect(p.stdout).not.toContain('team/Other Team');
    expect(p.stderr.split('\n')).toContain('warning: team/NewTeam is included: agent/NewBot depends on it');
    const saved = JSON.parse(readFileSync(join(ws.cwd, 'p.json'), 'utf8')) as { resource_changes: { address: string }[] };
    expect(saved.resource_changes.map((c) => c.address)).toEqual(['team/NewTeam', 'agent/NewBot']);
    const a = await ws.run(apply, { env: 'test', autoApprove: true }, ['p.json']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');
    const teams = (await ws.client().list('Team')).map((t) => t.name);
    expect(teams).toContain('NewTeam');
    expect(teams).not.toContain('Other Team');
  });

  it('an apply error names the object once (not `agent/X: agent/X: POST ...`)', async () => {
    let removed = false;
    ws = await workspace({
      // The team disappears between the read and the agent's POST.
      beforeRespond: async (entry) => {
        if (removed || entry.method !== 'GET' || entry.path !== '/api/Team') return;
        removed = true;
        const team = (await ws.client().list('Team')).find((t) => t.name === 'Vanishing');
        if (team) await ws.client().remove('Team', team.id as number);
      },
    });
    const sales = (await ws.client().list('TopLevel')).find((d) => d.name === 'Sales');
    await ws.client().upsert('Team', [{ name: 'Vanishing', department_id: sales?.id }]);
    ws.writeEnv(docs('kind: Agent\nname: NewBot\nspec:\n  apiOnly: true\n  teams:\n    mode: include\n    members: [Vanishing]'));
    const r = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(r.code).toBe(1);
    const line = r.stderr.split('\n').find((l) => l.startsWith('Error: agent/NewBot'));
    expect(line).toMatch(/^Error: agent\/NewBot: POST \/api\/Agent: Halo answered 400: .*Team \d+ does not exist\./);
  });
});
