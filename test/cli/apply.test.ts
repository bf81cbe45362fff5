import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIRM_QUESTION, run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import { docs, workspace, type Workspace } from './harness.js';

const AGENT = (email: string) => docs(`kind: Agent\nname: Ops Bot\nspec:\n  email: ${email}\n  apiOnly: true`);

async function hasTeam(ws: Workspace, name: string): Promise<boolean> {
  return (await ws.client().list('Team')).some((t) => t.name === name);
}

function writes(ws: Workspace): number {
  return ws.sim.requests.filter((r) => r.method !== 'GET' && r.path.toLowerCase().startsWith('/api/')).length;
}

describe('halo-iac apply', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
    ws.writeEnv(docs('kind: Team\nname: Integrations\nspec:\n  department: Sales'));
  });
  afterEach(async () => ws.close());

  it('refuses without --auto-approve when there is no terminal, and writes nothing', async () => {
    const r = await ws.run(apply, { env: 'test' }, [], { stdinIsTTY: false });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--auto-approve');
    expect(writes(ws)).toBe(0);
    expect(await hasTeam(ws, 'Integrations')).toBe(false);
  });

  it("asks on a terminal and applies only after 'yes'", async () => {
    const no = await ws.run(apply, { env: 'test' }, [], { stdinIsTTY: true, answers: ['y'] });
    expect(no.code).toBe(1);
    expect(no.stdout).toContain(CONFIRM_QUESTION);
    expect(no.stderr).toContain('Apply cancelled.');
    expect(writes(ws)).toBe(0);
    const yes = await ws.run(apply, { env: 'test' }, [], { stdinIsTTY: true, answers: ['yes'] });
    expect(yes.code).toBe(0);
    expect(yes.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
    expect(await hasTeam(ws, 'Integrations')).toBe(true);
  });

  it('prints No changes and exits 0 when there is nothing to do', async () => {
    expect((await ws.run(apply, { env: 'test', autoApprove: true })).code).toBe(0);
    const again = await ws.run(apply, { env: 'test' }, [], { stdinIsTTY: false });
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe('No changes. Halo configuration matches the manifests.');
  });

  it('--format json prints a result document on stdout also when apply stops early', async () => {
    const r = await ws.run(apply, { env: 'test', format: 'json' }, [], { stdinIsTTY: false });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; error?: string };
    expect(out.ok).toBe(false);
    expect(out.error).toContain('refusing to apply without confirmation');
  });

  it('--format json prints a result document on stdout', async () => {
    const r = await ws.run(apply, { env: 'test', autoApprove: true, format: 'json' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, added: 1, changed: 0, destroyed: 0, failed: [], remaining: [] });
  });
});

describe('halo-iac apply with a saved plan', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => ws.close());

  it('applies exactly the saved plan', async () => {
    ws.writeEnv(AGENT('first@example.com'));
    expect((await ws.run(plan, { env: 'test', out: 'plan.json' })).code).toBe(0);
    const r = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
    expect((await ws.run(plan, { env: 'test', detailedExitcode: true })).code).toBe(0);
  });

  it('refuses a plan made stale by a change in Halo, listing the changed address', async () => {
    ws.writeEnv(AGENT('first@example.com'));
    expect((await ws.run(apply, { env: 'test', autoApprove: true })).code).toBe(0);
    ws.writeEnv(AGENT('second@example.com'));
    expect((await ws.run(plan, { env: 'test', out: 'plan.json' })).code).toBe(0);
    // Someone edits the agent in Halo between plan and apply.
    const client = ws.client();
    const agent = (await client.list('Agent', { includeapiagents: true })).find((a) => a.name === 'Ops Bot');
    expect(agent).toBeDefined();
    await client.upsert('Agent', [{ id: agent!.id, email: 'meddler@example.com' }]);
    const before = writes(ws);
    const r = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Saved plan is stale');
    expect(r.stderr).toContain('agent/Ops Bot');
    expect(writes(ws)).toBe(before);
  });

  it('refuses a saved plan when the manifests changed after it was made, and writes nothing', async () => {
    ws.writeEnv(AGENT('reviewed@example.com'));
    expect((await ws.run(plan, { env: 'test', out: 'plan.json' })).code).toBe(0);
    ws.writeEnv(AGENT('not-reviewed@example.com'));
    const before = writes(ws);
    const r = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Saved plan does not match the manifests');
    expect(r.stderr).toContain('agent/Ops Bot');
    const json = await ws.run(apply, { env: 'test', autoApprove: true, format: 'json' }, ['plan.json']);
    expect((JSON.parse(json.stdout) as { error: string }).error).toMatch(/does not match the manifests.*agent\/Ops Bot/);
    expect(writes(ws)).toBe(before);
    const agents = await ws.client().list('Agent', { includeapiagents: true });
    expect(agents.some((a) => a.name === 'Ops Bot')).toBe(false);
  });

  it('applies a saved --target plan even when an object outside it has a plan error', async () => {
    ws.writeEnv(
      docs(
        'kind: Team\nname: New Team\nspec:\n  department: Sales',
        'kind: Agent\nname: Bot\nspec:\n  apiOnly: true\n  access:\n    customers: [No Such Customer]',
      ),
    );
    expect((await ws.run(plan, { env: 'test', target: ['team/New Team'], out: 'plan.json' })).code).toBe(0);
    const r = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(r.code).toBe(0);
    expect(await hasTeam(ws, 'New Team')).toBe(true);
  });

  it('refuses --target together with a saved plan', async () => {
    ws.writeEnv(AGENT('first@example.com'));
    expect((await ws.run(plan, { env: 'test', out: 'plan.json' })).code).toBe(0);
    const r = await ws.run(apply, { env: 'test', autoApprove: true, target: ['agent/Ops Bot'] }, ['plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--target cannot be combined with a saved plan');
  });

  it('refuses a plan saved for another environment', async () => {
    ws.writeEnv(AGENT('first@example.com'));
    ws.writeEnv(AGENT('first@example.com'), { name: 'other' });
    expect((await ws.run(plan, { env: 'other', out: 'plan.json' })).code).toBe(0);
    const r = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('was planned for environment "other"');
  });

  it('saves plans that hold no secret', async () => {
    ws.writeEnv(AGENT('first@example.com'));
    await ws.run(plan, { env: 'test', out: 'plan.json' });
    const text = readFileSync(join(ws.cwd, 'plan.json'), 'utf8');
    expect(text).not.toContain(ws.sim.clientSecret);
  });
});
