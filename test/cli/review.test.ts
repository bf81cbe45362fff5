/**
 * A plan a reviewer can judge without opening the YAML (issue 10 §2, §3), through the CLI and the
 * simulator: risk reasons, a destroy with the whole live object and its dependents, and the live
 * objects nobody manages, at the same API cost.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import type { Plan } from '../../src/model/plan.js';
import { docs, workspace, type Workspace } from './harness.js';

const DELETES = 'policy:\n  allowDelete: true\n  maxDeletes: 5';

describe('plans a reviewer can judge', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => ws.close());

  const gets = () => ws.sim.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/'));

  it('a destroy shows the whole team and what depends on it, reading the referring kinds once each', async () => {
    ws.writeEnv(docs('kind: Team\nname: 2nd Line Support\nabsent: true'), { environmentExtra: DELETES });
    // halo-iac's login agent (Admin) is a member of every seeded team: deleting one is a lockout change too.
    const r = await ws.run(plan, { env: 'test', allowDelete: true, allowLockout: true, format: 'json' });
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as Plan;
    const c = p.resource_changes[0]!;
    expect(c.change.before).toEqual({ name: '2nd Line Support', department: 'Service Delivery', inactive: false, use: ['tickets'] });
    expect(c.dependents).toEqual([
      { address: 'agent/Admin', reason: 'member of team/2nd Line Support' },
      { address: 'tickettype/Change Request', reason: 'defaults to team/2nd Line Support' },
      { address: 'tickettype/Problem', reason: 'defaults to team/2nd Line Support' },
    ]);
    expect(c.risk_reasons).toEqual([
      { risk: 'lockout', reason: "halo-iac's login agent Admin is a member of team/2nd Line Support" },
      { risk: 'destroy', reason: 'team/2nd Line Support (3 objects depend on it)' },
    ]);
    // The team list (the plan's floor: nothing references a department), one list each of the kinds
    // that may refer to a team, and who halo-iac is with its memberships (Agent/me and its detail).
    expect(gets().map((g) => g.path).sort()).toEqual(['/api/Agent', '/api/Agent/1', '/api/Agent/me', '/api/Team', '/api/TicketType']);
    expect(p.api_calls.read).toBe(5);

    const text = await ws.run(plan, { env: 'test', allowDelete: true, allowLockout: true });
    expect(text.stdout).toContain(
      [
        '  - destroy team/2nd Line Support (environments/test/resources.yaml:3:7)',
        "      # lockout: halo-iac's login agent Admin is a member of team/2nd Line Support",
        '      # destroy: team/2nd Line Support (3 objects depend on it)',
        '      - department: "Service Delivery"',
        '      - inactive: false',
        '      - name: "2nd Line Support"',
        '      - use:',
        '        - "tickets"',
        '      # depends on it:',
        '      #   agent/Admin: member of team/2nd Line Support',
        '      #   tickettype/Change Request: defaults to team/2nd Line Support',
        '      #   tickettype/Problem: defaults to team/2nd Line Support',
      ].join('\n'),
    );
  });

  it('an agent destroy shows the whole live agent, its detail included: one read per destroyed agent', async () => {
    const leaver = 'kind: Agent\nname: Leaver\nspec:\n  admin: true\n  roles: [Agent]\n  permissions: { canDeleteTickets: true }';
    ws.writeEnv(docs(leaver));
    expect((await ws.run(apply, { env: 'test', autoApprove: true })).code).toBe(0);
    ws.writeEnv(docs('kind: Agent\nname: Leaver\nabsent: true'), { environmentExtra: DELETES });
    const before = ws.sim.requests.length;
    const r = await ws.run(plan, { env: 'test', allowDelete: true, format: 'json' });
    expect(r.code).toBe(0);
    const c = (JSON.parse(r.stdout) as Plan).resource_changes[0]!;
    expect(c.change.before).toEqual(
      expect.objectContaining({ name: 'Leaver', admin: true, roles: ['Agent'], permissions: expect.objectContaining({ canDeleteTickets: true }) }),
    );
    // me, the agent list, the application list (applications may log in as it), and the agent's detail.
    const reads = ws.sim.requests.slice(before).filter((x) => x.method === 'GET' && x.path.startsWith('/api/'));
    expect(reads.map((x) => x.path).sort()).toEqual(['/api/Agent', '/api/Agent/3', '/api/Agent/me', '/api/Application']);
  });

  it('an update says why it is risky', async () => {
    ws.writeEnv(docs('kind: Agent\nname: Jane Smith\nspec:\n  permissions: { canDeleteTickets: true }'));
    const r = await ws.run(plan, { env: 'test' });
    expect(r.stdout).toContain('  ! privilege-escalation: update in-place agent/Jane Smith\n      privilege-escalation: permissions.canDeleteTickets false -> true\n');
  });

  describe('what nobody manages', () => {
    const manifests = docs('kind: Application\nname: Reporting\nspec:\n  loginAs: Admin\n  scopes: [read:tickets]\n  secret: { sink: none }');

    async function handMadeApp(): Promise<void> {
      await ws.client().upsert('Application', [{ displayName: 'Hand Made', loginentity: 0, loginas_agent_id: 1, grant_type: 'client_credentials', scopes: [{ name: 'all' }] }]);
    }

    it('lists a hand-made app with scope all, privileged first, with no extra API call', async () => {
      await handMadeApp();
      ws.writeEnv(manifests, { environmentExtra: 'policy:\n  unmanaged: ignore' });
      const ignored = await ws.run(plan, { env: 'test', format: 'json' });
      const ignoredCalls = gets().length;
      expect((JSON.parse(ignored.stdout) as Plan).unmanaged).toBeUndefined();

      ws.writeEnv(manifests);
      const before = ws.sim.requests.length;
      const r = await ws.run(plan, { env: 'test', format: 'json' });
      expect(r.code).toBe(0);
      const p = JSON.parse(r.stdout) as Plan;
      expect(p.unmanaged?.map((u) => [u.address, u.risks])).toEqual([
        ['application/halo-iac bootstrap', ['scope-all']],
        ['application/Hand Made', ['scope-all']],
        ['agent/Admin', []],
        ['agent/Jane Smith', []],
      ]);
      // Halo's agent list carries no admin flag, and the roles were not listed: the section says so.
      expect(p.unmanaged_unchecked).toEqual([
        'roles not listed: no manifest declares or refers to them; policy.unmanaged: error lists them (one call each)',
        "admin flag of 1 unmanaged agent not read: Halo's agent list does not carry it; policy.unmanaged: error reads them (one call each)",
      ]);
      // me, the Agent list (loginAs) and the Application list: the same calls with the list as without it.
      const reads = ws.sim.requests.slice(before).filter((x) => x.method === 'GET' && x.path.startsWith('/api/'));
      expect(reads.map((x) => x.path)).toEqual(expect.arrayContaining(['/api/Agent/me', '/api/Agent', '/api/Application']));
      expect(reads).toHaveLength(3);
      expect(ignoredCalls).toBe(3);
      expect(p.api_calls.read).toBe(3);

      const text = await ws.run(plan, { env: 'test' });
      expect(text.stdout).toContain(
        'Not managed by halo-iac: 4 live objects no manifest declares (2 privileged):\n  ! application/halo-iac bootstrap (id ',
      );
      expect(text.stdout).toMatch(/\n {2}! application\/Hand Made \(id [^)]+\): scope-all\n/);
    });

    it('policy.unmanaged: error fails the pipeline (exit 1) when someone adds an admin app by hand', async () => {
      // The seeded roles are declared: the Administrator role nobody manages would be refused too.
      const roles = docs('kind: Role\nname: Administrator', 'kind: Role\nname: Agent', 'kind: Role\nname: Read Only');
      ws.writeEnv(`${manifests}---\n${roles}`, { environmentExtra: 'policy:\n  unmanaged: error' });
      // halo-iac's own application has scope all too, and its agent is an administrator: listed, never refused.
      expect((await ws.run(plan, { env: 'test', detailedExitcode: true })).code).toBe(2);
      await handMadeApp();
      const r = await ws.run(plan, { env: 'test', detailedExitcode: true });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /environments\/test\/environment\.yaml:\d+:\d+: application\/Hand Made \(id [^)]+\) is not managed by halo-iac and is privileged \(scope-all\); policy\.unmanaged is error/,
      );
    });
  });
});
