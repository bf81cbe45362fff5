/**
 * What nobody manages (issue 10 §3) through the CLI and the simulator, whose lists have Halo's
 * shapes (Uname_List: isapiagent and role_list, no is_admin or claims; the Roles list: no claims).
 * Under the default policy the section shows what the lists show at no extra call and says what
 * it did not check; `policy.unmanaged: error` reads what finding hand-made admins takes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import type { Plan } from '../../src/model/plan.js';
import { docs, workspace, type Workspace } from './harness.js';

const JANE = 'kind: Agent\nname: Jane Smith';
const ROGUE = 'kind: Agent\nname: Rogue Admin\nspec:\n  admin: true';
const ERROR = 'policy:\n  unmanaged: error';
// The seeded roles, declared so that only what a test adds by hand is unmanaged and privileged.
const ROLES = ['kind: Role\nname: Administrator', 'kind: Role\nname: Agent', 'kind: Role\nname: Read Only'];

describe('what nobody manages, as Halo lists it', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => ws.close());

  const getsFrom = (from: number) => ws.sim.requests.slice(from).filter((r) => r.method === 'GET' && r.path.startsWith('/api/')).map((r) => r.path);

  /** Creates `agent/Rogue Admin` (admin: true) through halo-iac, then drops it from the manifests. */
  async function rogueAdmin(extra = ''): Promise<void> {
    ws.writeEnv(docs(JANE, ROGUE));
    expect((await ws.run(apply, { env: 'test', autoApprove: true })).code).toBe(0);
    ws.writeEnv(docs(JANE, ...ROLES), { environmentExtra: extra });
  }

  it('policy.unmanaged: error reads each unmanaged agent and the roles, finds the hand-made admin and fails (exit 1), printing the cost', async () => {
    await rogueAdmin(ERROR);
    const before = ws.sim.requests.length;
    const r = await ws.run(plan, { env: 'test', detailedExitcode: true, format: 'json' });
    expect(r.code).toBe(1);
    const p = JSON.parse(r.stdout) as Plan;
    expect(p.unmanaged?.find((u) => u.address === 'agent/Rogue Admin')?.risks).toEqual(['admin-agent']);
    expect(p.unmanaged_unchecked).toBeUndefined();
    expect(p.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^agent\/Rogue Admin \(id \d+\) is not managed by halo-iac and is privileged \(admin-agent\); policy\.unmanaged is error/),
    ]);
    expect(r.stderr).toContain('policy.unmanaged: error: reading the detail of 1 agent nobody manages (1 call)\n');
    // Who halo-iac is and the roles it holds (me and its detail: roles are declared), the three
    // lists, and one read for the one unmanaged agent that is not halo-iac's login (id 3). Jane and
    // the declared roles set nothing detail-only: no read.
    expect([...getsFrom(before)].sort()).toEqual(['/api/Agent', '/api/Agent/1', '/api/Agent/3', '/api/Agent/me', '/api/Application', '/api/Roles']);
    expect(p.api_calls.read).toBe(6);
  });

  it('under report (the default) it costs no call and says the admin flag was not read', async () => {
    await rogueAdmin();
    const before = ws.sim.requests.length;
    const r = await ws.run(plan, { env: 'test', detailedExitcode: true, format: 'json' });
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as Plan;
    expect(p.unmanaged?.find((u) => u.address === 'agent/Rogue Admin')).toEqual(expect.objectContaining({ risks: [] }));
    expect(p.unmanaged_unchecked).toEqual([
      "applications not listed: no manifest declares or refers to them; policy.unmanaged: error lists them (one call each)",
      "admin flag of 1 unmanaged agent not read: Halo's agent list does not carry it; policy.unmanaged: error reads them (one call each)",
    ]);
    // The same reads as without the section: me and its detail (roles are declared), two lists.
    expect([...getsFrom(before)].sort()).toEqual(['/api/Agent', '/api/Agent/1', '/api/Agent/me', '/api/Roles']);
    const text = await ws.run(plan, { env: 'test' });
    expect(text.stdout).toContain(
      "    agent/Rogue Admin (id 3)\n  not checked: applications not listed: no manifest declares or refers to them; policy.unmanaged: error lists them (one call each)\n",
    );
  });

  it('an agent whose role_list names a role known to be administrator is flagged from the list alone', async () => {
    ws.writeEnv(docs(JANE, 'kind: Agent\nname: Role Admin\nspec:\n  roles: [Administrator]'));
    expect((await ws.run(apply, { env: 'test', autoApprove: true })).code).toBe(0);
    // The Administrator role is managed with its permissions, so its detail (claims) is read.
    ws.writeEnv(docs(JANE, 'kind: Role\nname: Administrator\nspec:\n  permissions: { administrator: true }'));
    const before = ws.sim.requests.length;
    const p = JSON.parse((await ws.run(plan, { env: 'test', format: 'json' })).stdout) as Plan;
    expect(p.unmanaged?.find((u) => u.address === 'agent/Role Admin')?.risks).toEqual(['admin-agent']);
    // No agent is read: only who halo-iac is (me, and its detail for the roles it holds).
    expect(getsFrom(before).filter((g) => g.startsWith('/api/Agent/'))).toEqual(['/api/Agent/me', '/api/Agent/1']);
  });

  it('policy.unmanaged: error lists the kinds that can hold privileged objects even when no manifest declares them', async () => {
    await ws.client().upsert('Application', [{ displayName: 'Hand Made', loginentity: 0, loginas_agent_id: 1, grant_type: 'client_credentials', scopes: [{ name: 'all' }] }]);
    ws.writeEnv(docs('kind: Team\nname: Projects', ...ROLES, JANE));
    const report = ws.sim.requests.length;
    const quiet = JSON.parse((await ws.run(plan, { env: 'test', format: 'json' })).stdout) as Plan;
    expect(quiet.unmanaged?.map((u) => u.address)).not.toContain('application/Hand Made');
    expect(quiet.unmanaged_unchecked?.[0]).toBe('applications not listed: no manifest declares or refers to them; policy.unmanaged: error lists them (one call each)');
    expect([...getsFrom(report)].sort()).toEqual(['/api/Agent', '/api/Agent/1', '/api/Agent/me', '/api/Roles', '/api/Team']);

    ws.writeEnv(docs('kind: Team\nname: Projects', ...ROLES, JANE), { environmentExtra: ERROR });
    const strict = ws.sim.requests.length;
    const r = await ws.run(plan, { env: 'test', detailedExitcode: true, format: 'json' });
    expect(r.code).toBe(1);
    const p = JSON.parse(r.stdout) as Plan;
    expect(p.unmanaged?.find((u) => u.address === 'application/Hand Made')?.risks).toEqual(['scope-all']);
    expect(p.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^application\/Hand Made \(id [^)]+\) is not managed by halo-iac and is privileged \(scope-all\)/)]);
    // One list more (Application); no agent detail: every agent is declared or halo-iac's login.
    expect([...getsFrom(strict)].sort()).toEqual(['/api/Agent', '/api/Agent/1', '/api/Agent/me', '/api/Application', '/api/Roles', '/api/Team']);
  });
});
