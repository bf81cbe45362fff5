/**
 * The lockout guard fails closed (issue 9 §4): when Halo's answers do not say which roles
 * halo-iac's login agent holds (no `roles`, `[null]`, a string, in Agent/me and in the agent's
 * detail), a change to a role or the delete of a team is refused as a lockout risk, not let
 * through because the rights read as empty. A proxy in front of the simulator rewrites the answers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import { docs, type Workspace } from '../cli/harness.js';
import { proxiedWorkspace, type HostileProxy } from './proxy.js';

let ws: Workspace;
let proxy: HostileProxy;

beforeEach(async () => {
  ({ ws, proxy } = await proxiedWorkspace());
});

afterEach(async () => {
  await proxy.close();
  await ws.close();
});

/** Every answer about the login agent (Agent/me, GET /api/Agent/1) with `roles` replaced by `roles(...)`. */
function rewriteRoles(roles: (body: Record<string, unknown>) => void): void {
  proxy.tamper = async (r, forward) => {
    if (r.method !== 'GET' || !/^\/api\/agent\/(me|1)$/i.test(r.path)) return undefined;
    const body = (await forward()).json() as Record<string, unknown>;
    roles(body);
    return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  };
}

const writes = () => ws.sim.requests.filter((r) => r.method !== 'GET' && r.path.toLowerCase().startsWith('/api/')).map((r) => `${r.method} ${r.path}`);

const CASES: { name: string; rewrite: (b: Record<string, unknown>) => void; problem: string }[] = [
  { name: 'no roles', rewrite: (b) => delete b.roles, problem: 'it has no roles' },
  { name: 'roles: [null]', rewrite: (b) => (b.roles = [null]), problem: 'role 1 of its roles is null, not a role with an id' },
  { name: 'roles as a string', rewrite: (b) => (b.roles = 'Administrator'), problem: 'its roles are a string, not a list' },
];

describe('lockout through roles when Halo does not say which roles the login holds', () => {
  for (const c of CASES) {
    it(`${c.name}: a role change is refused (exit 1, zero writes); --allow-lockout proceeds with the risk labelled`, async () => {
      ws.writeEnv(docs('kind: Role\nname: Administrator\nspec:\n  permissions: { administrator: false }'));
      rewriteRoles(c.rewrite);
      const r = await ws.run(apply, { env: 'test', autoApprove: true });
      expect(r.code).toBe(1);
      const why = `could not read which roles halo-iac's login holds: GET /api/Agent/me: ${c.problem}; its detail (GET /api/Agent/1): ${c.problem}`;
      expect(r.stderr).toContain(`environments/test/resources.yaml:3:7: refusing to change role/Administrator: ${why}; the change could lock halo-iac out (--allow-lockout to proceed)\n`);
      expect(writes()).toEqual([]);

      const allowed = await ws.run(plan, { env: 'test', allowLockout: true, format: 'json' });
      expect(allowed.code).toBe(0);
      const change = (JSON.parse(allowed.stdout) as { resource_changes: { risk_reasons: unknown[] }[] }).resource_changes[0]!;
      expect(change.risk_reasons).toContainEqual({ risk: 'lockout', reason: why });
    });
  }

  it('the delete of a team is refused too; a change that cannot take the rights away is not', async () => {
    rewriteRoles((b) => delete b.roles);
    ws.writeEnv(docs('kind: Team\nname: Projects\nabsent: true'), { environmentExtra: 'policy:\n  allowDelete: true' });
    const r = await ws.run(plan, { env: 'test', allowDelete: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refusing to change team/Projects: could not read which roles halo-iac\'s login holds: GET /api/Agent/me: it has no roles;');
    // Editing a team is no lockout change: Agent/me is not even asked for its rights.
    ws.writeEnv(docs('kind: Team\nname: Projects\nspec:\n  inactive: false'));
    expect((await ws.run(plan, { env: 'test', detailedExitcode: true })).code).toBe(0);
  });
});
