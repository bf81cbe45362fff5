/**
 * Another spelling of a claim code (halo-claims.md §2.1: ROLE-SQL-A tests `TD` as well as `Td` for
 * "Can remove To-Do items"), end to end through the simulator: the catalog lists `TD` under
 * canRemoveTodos' `spellings`, so a live `TD` is read as `Td`, the plan shows it as a change, and
 * apply replaces it with `Td` like a legacy name, keeping every other claim.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as exportRun } from '../../src/cli/export.js';
import { run as plan } from '../../src/cli/plan.js';
import { docs, workspace, type Workspace } from './harness.js';

let ws: Workspace;
afterEach(async () => {
  await ws.close();
});

/** The claims the simulator holds for a seeded agent. */
function claimsOf(name: string): { type: string; value: string }[] {
  return (ws.sim.snapshot().collections.Agent?.find((a) => a.name === name)?.claims ?? []) as { type: string; value: string }[];
}

/** Gives Jane Smith a `TD` claim out of band, next to her seeded claims. */
async function spellTD(value: string): Promise<void> {
  const jane = ws.sim.snapshot().collections.Agent?.find((a) => a.name === 'Jane Smith');
  await ws.client().upsert('Agent', [{ id: jane?.id, claims: [...claimsOf('Jane Smith'), { type: 'TD', value }] }]);
}

describe('a claim stored under another spelling of its code (TD for Td)', () => {
  it('plan reads TD as Td and shows it as a change; apply replaces it with Td; re-plan is empty', async () => {
    ws = await workspace();
    await spellTD('1');
    ws.writeEnv(docs('kind: Agent\nname: Jane Smith\nspec:\n  permissions:\n    canRemoveTodos: true'));
    const r = await ws.run(plan, { env: 'test' });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/unknown|error/i);
    expect(r.stdout.split('\n').map((l) => l.trim())).toContain('~ permissions.canRemoveTodos: (claim spelled TD = "1", read as true) -> true');

    expect((await ws.run(apply, { env: 'test', autoApprove: true })).code).toBe(0);
    const posts = ws.sim.requests.filter((q) => q.method === 'POST' && q.path.toLowerCase() === '/api/agent');
    expect((posts.at(-1)?.request as { claims: unknown }[])[0]?.claims).toEqual([
      { type: 'Tx', value: '7' }, { type: 'Can_View_Unassigned_Tickets', value: 'true' }, { type: 'Ft', value: '1' }, { type: 'Fc', value: '1' }, { type: 'Td', value: '1' },
    ]);
    expect(claimsOf('Jane Smith').filter((c) => c.type.toLowerCase() === 'td')).toEqual([{ type: 'Td', value: '1' }]);
    const again = await ws.run(plan, { env: 'test', detailedExitcode: true });
    expect(again.stdout).toContain('No changes. Halo configuration matches the manifests.');
    expect(again.code).toBe(0);
  });

  it('a TD that disagrees with the manifest is read, not ignored: TD = "0" plans canRemoveTodos false -> true', async () => {
    ws = await workspace();
    await spellTD('0');
    ws.writeEnv(docs('kind: Agent\nname: Jane Smith\nspec:\n  permissions:\n    canRemoveTodos: true'));
    const r = await ws.run(plan, { env: 'test' });
    expect(r.stdout.split('\n').map((l) => l.trim())).toContain('~ permissions.canRemoveTodos: (claim spelled TD = "0", read as false) -> true');
  });

  it('export keeps TD verbatim under permissions.raw, and export -> plan is No changes', async () => {
    ws = await workspace();
    await spellTD('1');
    ws.writeEnv('', { name: 'exported' });
    expect((await ws.run(exportRun, { env: 'exported', out: 'environments/exported', kinds: 'Agent' })).code).toBe(0);
    const agents = readFileSync(join(ws.cwd, 'environments/exported/agent.yaml'), 'utf8');
    expect(agents).toMatch(/raw:\n(\s+\S+: "[^"]*"\n)*\s+TD: "1"/);
    const r = await ws.run(plan, { env: 'exported', detailedExitcode: true });
    expect(r.stdout).toContain('No changes. Halo configuration matches the manifests.');
    expect(r.code).toBe(0);
  });
});
