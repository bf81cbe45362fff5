/**
 * Duplicate live names end to end (issue 9 §2), against a simulator holding two teams named "Ops"
 * (any case, any spacing): plan and apply refuse the declared one, naming both ids, and write
 * nothing; pinned with `id:`, it applies to that one only; export writes the name once, pinned,
 * and that export plans to No changes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as exportRun } from '../../src/cli/export.js';
import { run as plan } from '../../src/cli/plan.js';
import { docs, environmentYaml, workspace, type Workspace } from './harness.js';


describe('two live teams named "Ops"', () => {
  let ws: Workspace;
  let ids: number[];
  beforeEach(async () => {
    ws = await workspace();
    const saved = await ws.client().upsert('Team', [{ name: 'Ops', department_id: 2 }, { name: '  OPS ', department_id: 3 }]);
    ids = saved.map((t) => t.id as number);
    ws.sim.requests.length = 0;
  });
  afterEach(async () => ws.close());

  it('plan and apply refuse a Team "ops" by name, naming both ids and the fix, with no write', async () => {
    ws.writeEnv(docs('kind: Team\nname: ops\nspec:\n  inactive: true'));
    const message = `environments/test/resources.yaml:3:7: team/ops: 2 live teams are named "ops" (ids ${ids.join(', ')}), so halo-iac cannot tell which one this is; rename all but one in Halo, or pin this object to one of them with an id: field (e.g. id: ${ids[0]})`;
    const planned = await ws.run(plan, { env: 'test' });
    expect(planned.code).toBe(1);
    expect(planned.stderr.split('\n')).toContain(message);
    const applied = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(applied.code).toBe(1);
    expect(applied.stderr.split('\n')).toContain(message);
    expect(ws.writes()).toEqual([]);
  });

  it('pinned with id:, plan changes that team only, and apply converges', async () => {
    ws.writeEnv(docs(`kind: Team\nname: Ops\nid: ${ids[1]}\nspec:\n  inactive: true`));
    const applied = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(applied.stderr).not.toContain('error');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete! Resources: 0 added, 1 changed, 0 destroyed.');
    const teams = (await ws.client().list('Team')).filter((t) => ids.includes(t.id as number));
    // The pinned one is renamed to the declared name and made inactive; the other is untouched.
    expect(teams.map((t) => [t.id, t.name, t.inactive === true])).toEqual([
      [ids[0], 'Ops', false],
      [ids[1], 'Ops', true],
    ]);
    expect((await ws.run(plan, { env: 'test', detailedExitcode: true })).code).toBe(0);
  });

  it('export writes the name once, pinned with its id, warns about the other, and plans to No changes', async () => {
    ws.writeEnv(docs('kind: Team\nname: Sales\nspec:\n  department: Sales'));
    const exported = await ws.run(exportRun, { env: 'test', kinds: 'team', out: 'environments/exported/out' });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(`team/Ops: warning: 2 live teams are named "Ops": exported the one with id ${ids[0]} (pinned with id:), left out id ${ids[1]}; rename them in Halo to manage each`);
    const yaml = readFileSync(join(ws.cwd, 'environments/exported/out/team.yaml'), 'utf8');
    expect(yaml).toContain(`kind: Team\nname: Ops\nid: ${ids[0]}\nspec:`);
    expect(yaml).not.toContain('name: "  OPS "');
    ws.write('environments/exported/environment.yaml', environmentYaml('exported').replace('include: ["./*.yaml"]', 'include: ["./out/*.yaml"]'));
    const again = await ws.run(plan, { env: 'exported', detailedExitcode: true });
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split('\n').at(-1)).toBe('No changes. Halo configuration matches the manifests.');
  });
});
