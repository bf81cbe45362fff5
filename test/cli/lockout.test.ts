/**
 * Lockout through roles (issue 9 §4), end to end against the seed tenant, where halo-iac logs in
 * as "Admin", who holds the Administrator role and is a member of every seeded team and of three
 * departments. Editing that role was applied under --auto-approve with exit 0 and no label.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import { docs, workspace, type Workspace } from './harness.js';


const STRIP_ADMIN = docs('kind: Role\nname: Administrator\nspec:\n  permissions:\n    administrator: false');

describe('lockout through the login agent’s role', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => ws.close());

  it('apply --auto-approve refuses to strip Administrator from the role the login agent holds, and writes nothing', async () => {
    ws.writeEnv(STRIP_ADMIN);
    const r = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toContain(
      "environments/test/resources.yaml:3:7: refusing to change role/Administrator: halo-iac's login agent Admin holds this role, so the change could lock halo-iac out (use --allow-lockout)",
    );
    expect(ws.writes()).toEqual([]);
  });

  it('with --allow-lockout the plan labels it lockout, with the reason', async () => {
    ws.writeEnv(STRIP_ADMIN);
    const r = await ws.run(plan, { env: 'test', allowLockout: true, format: 'json' });
    expect(r.code).toBe(0);
    const change = (JSON.parse(r.stdout) as { resource_changes: { address: string; risks: string[]; risk_reasons?: unknown[] }[] }).resource_changes.find((c) => c.address === 'role/Administrator');
    expect(change?.risks).toContain('lockout');
    expect(change?.risk_reasons).toContainEqual({ risk: 'lockout', reason: "halo-iac's login agent Admin holds role/Administrator" });
    const text = await ws.run(plan, { env: 'test', allowLockout: true });
    expect(text.stdout).toContain("lockout: halo-iac's login agent Admin holds role/Administrator");
  });

  it('a saved plan made with --allow-lockout still needs it on apply', async () => {
    ws.writeEnv(STRIP_ADMIN);
    expect((await ws.run(plan, { env: 'test', allowLockout: true, out: 'plan.json' })).code).toBe(0);
    const refused = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("refusing to change role/Administrator: halo-iac's login agent Admin holds this role");
    expect(ws.writes()).toEqual([]);
    const applied = await ws.run(apply, { env: 'test', autoApprove: true, allowLockout: true }, ['plan.json']);
    expect(applied.code).toBe(0);
  });

  it('deleting a team the login agent is a member of is refused; another role is fine', async () => {
    ws.writeEnv(docs('kind: Team\nname: Sales\nabsent: true', 'kind: Role\nname: Read Only\nspec:\n  description: Changed'), {
      environmentExtra: 'policy:\n  allowDelete: true',
    });
    const r = await ws.run(apply, { env: 'test', autoApprove: true, allowDelete: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("refusing to change team/Sales: halo-iac's login agent Admin is a member of this team");
    expect(r.stderr).not.toContain('role/Read Only');
    expect(ws.writes()).toEqual([]);
  });
});
