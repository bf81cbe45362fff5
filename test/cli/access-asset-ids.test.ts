/**
 * Named asset type and field restrictions (issue 8 §3: `Fa`, `Ff`), end to end through the
 * simulator: the lists hold Halo ids (halo-iac reads no asset types or fields, so there are no
 * names to resolve). A list writes the flag '0' plus one row per id with the catalog's rowFlags,
 * re-plans empty, exports as ids, and export -> plan says No changes. A name is refused by validate
 * at its position.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as exportRun } from '../../src/cli/export.js';
import { run as plan } from '../../src/cli/plan.js';
import { run as validate } from '../../src/cli/validate.js';
import { docs, workspace, type Workspace } from './harness.js';

let ws: Workspace;
afterEach(async () => {
  await ws.close();
});

const BOT = 'kind: Agent\nname: Asset Bot\nspec:\n  apiOnly: true\n  access:\n    assetTypes: [7, 3]\n    assetFields: [12]';

describe('access.assetTypes / assetFields as Halo ids', () => {
  it("writes Fa/Ff '0' plus the rows, re-plans empty, and export -> plan is No changes", async () => {
    ws = await workspace();
    ws.writeEnv(docs(BOT));
    const planned = await ws.run(plan, { env: 'test' });
    expect(planned.stderr).not.toMatch(/error/i);
    expect(planned.code).toBe(0);
    const applied = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(applied.code).toBe(0);
    const posts = ws.sim.requests.filter((q) => q.method === 'POST' && q.path.toLowerCase() === '/api/agent');
    expect(posts).toHaveLength(1);
    const body = (posts[0]?.request as Record<string, unknown>[])[0];
    expect(body?.claims).toEqual([{ type: 'Fa', value: '0' }, { type: 'Ff', value: '0' }]);
    expect(body?.assettypes).toEqual([
      { assettype_id: 7, canview: true, cancreate: true, canedit: true },
      { assettype_id: 3, canview: true, cancreate: true, canedit: true },
    ]);
    expect(body?.assetfields).toEqual([{ field_id: 12 }]);
    const again = await ws.run(plan, { env: 'test', detailedExitcode: true });
    expect(again.stdout).toContain('No changes. Halo configuration matches the manifests.');
    expect(again.code).toBe(0);

    // Drift on the live rows shows as ids.
    const id = ws.sim.snapshot().collections.Agent?.find((a) => a.name === 'Asset Bot')?.id as number;
    await ws.client().upsert('Agent', [{ id, assettypes: [{ assettype_id: 3 }, { assettype_id: 9 }] }]);
    const drift = await ws.run(plan, { env: 'test' });
    expect(drift.stdout).toMatch(/~ access\.assetTypes:\n\s+\+ 7\n\s+- 9\n/);

    ws.writeEnv('', { name: 'exported' });
    expect((await ws.run(exportRun, { env: 'exported', out: 'environments/exported', kinds: 'Agent' })).code).toBe(0);
    const agents = readFileSync(join(ws.cwd, 'environments/exported/agent.yaml'), 'utf8');
    const exported = agents.split('---').find((d) => d.includes('name: Asset Bot')) ?? '';
    expect(exported).toMatch(/assetTypes:\n\s+- 3\n\s+- 9\n/);
    expect(exported).toMatch(/assetFields:\n\s+- 12\n/);
    const r = await ws.run(plan, { env: 'exported', detailedExitcode: true });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.stdout).toContain('No changes. Halo configuration matches the manifests.');
    expect(r.code).toBe(0);
  });

  it('validate refuses an asset type named instead of given by id, at its position', async () => {
    ws = await workspace();
    ws.writeEnv(docs('kind: Agent\nname: Asset Bot\nspec:\n  access:\n    assetTypes: [Laptop]'));
    const r = await ws.run(validate, { env: 'test' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('environments/test/resources.yaml:6:18: spec.access.assetTypes[0]: expected integer, got string');
  });
});
