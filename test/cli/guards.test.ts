import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import { docs, workspace, type Workspace } from './harness.js';

describe('plan and apply guards', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => ws.close());

  it('refuses deletes without --allow-delete and policy.allowDelete', async () => {
    ws.writeEnv(docs('kind: Team\nname: Sales\nabsent: true'));
    const refused = await ws.run(plan, { env: 'test', detailedExitcode: true });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/team\/Sales|resources\.yaml:\d+:\d+/);
    const flagOnly = await ws.run(plan, { env: 'test', allowDelete: true });
    expect(flagOnly.code).toBe(1);
    const applyRefused = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(applyRefused.code).toBe(1);
    expect((await ws.client().list('Team')).some((t) => t.name === 'Sales')).toBe(true);
  });

  // Old Team: a team halo-iac's login agent is not a member of (deleting one it is in is a lockout change).
  const oldTeam = () => ws.client().upsert('Team', [{ name: 'Old Team', department_id: 4 }]);

  it('plans and applies a delete when both the policy and the flag allow it', async () => {
    await oldTeam();
    ws.writeEnv(docs('kind: Team\nname: Old Team\nabsent: true'), { environmentExtra: 'policy:\n  allowDelete: true\n  maxDeletes: 5' });
    const r = await ws.run(plan, { env: 'test', allowDelete: true, detailedExitcode: true });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('- destroy team/Old Team');
    expect(r.stdout).toContain('Plan: 0 to add, 0 to change, 1 to destroy.');
    const applied = await ws.run(apply, { env: 'test', allowDelete: true, autoApprove: true });
    expect(applied.code).toBe(0);
    expect((await ws.client().list('Team')).some((t) => t.name === 'Old Team')).toBe(false);
  });

  it('a saved plan with a delete still needs --allow-delete on apply, and says so (not "edited")', async () => {
    await oldTeam();
    ws.writeEnv(docs('kind: Team\nname: Old Team\nabsent: true'), { environmentExtra: 'policy:\n  allowDelete: true\n  maxDeletes: 5' });
    expect((await ws.run(plan, { env: 'test', allowDelete: true, out: 'plan.json' })).code).toBe(0);
    const refused = await ws.run(apply, { env: 'test', autoApprove: true, format: 'json' }, ['plan.json']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('deletes need');
    expect(refused.stderr).not.toContain('does not match the manifests');
    expect((JSON.parse(refused.stdout) as { error: string }).error).toContain('deletes need');
    expect((await ws.client().list('Team')).some((t) => t.name === 'Old Team')).toBe(true);
    const applied = await ws.run(apply, { env: 'test', autoApprove: true, allowDelete: true }, ['plan.json']);
    expect(applied.code).toBe(0);
    expect((await ws.client().list('Team')).some((t) => t.name === 'Old Team')).toBe(false);
  });

  it('refuses changes to the agent halo-iac logs in as, unless --allow-lockout', async () => {
    ws.writeEnv(docs('kind: Agent\nname: Admin\nspec:\n  disabled: true'));
    const refused = await ws.run(plan, { env: 'test' });
    expect(refused.code).toBe(1);
    expect(refused.stderr.toLowerCase()).toContain('lockout');
    const applyRefused = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(applyRefused.code).toBe(1);
    const allowed = await ws.run(plan, { env: 'test', allowLockout: true, detailedExitcode: true });
    expect(allowed.code).toBe(2);
    expect(allowed.stdout).toContain('lockout');
  });
});
