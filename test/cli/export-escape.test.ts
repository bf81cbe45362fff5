/**
 * `$${` is a literal `${` (Terraform's escape): export writes live strings holding `${` escaped,
 * so export -> plan is No changes and never substitutes a live name.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as exportRun } from '../../src/cli/export.js';
import { run as plan } from '../../src/cli/plan.js';
import { loadEnvironment } from '../../src/manifest/load.js';
import { docs, environmentYaml, workspace, type Workspace } from './harness.js';

describe('literal ${ in live names and values', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
    ws.writeEnv(docs('kind: Team\nname: Ops'), { environmentExtra: 'variables:\n  domain: example.com' });
  });
  afterEach(async () => ws.close());

  it('export escapes them and the export plans to No changes', async () => {
    await ws.client().upsert('Team', [
      { name: '${env:HOME}', department_id: 2 },
      { name: '${var:domain}', department_id: 2 },
    ]);
    await ws.client().upsert('Roles', [{ name: 'Auditor', notes: 'costs $${var:domain} and ${x}' }]);
    mkdirSync(join(ws.cwd, 'environments/exported'), { recursive: true });
    writeFileSync(
      join(ws.cwd, 'environments/exported/environment.yaml'),
      environmentYaml('exported', 'variables:\n  domain: example.com').replace('include: ["./*.yaml"]', 'include: ["./out/*.yaml"]'),
    );
    const r = await ws.run(exportRun, { env: 'exported', out: 'environments/exported/out', kinds: 'Team,Role' });
    expect(r.code).toBe(0);
    const dir = join(ws.cwd, 'environments/exported/out');
    const text = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    expect(text).toContain('name: $${env:HOME}');
    expect(text).toContain('name: $${var:domain}');
    expect(text).toContain('description: costs $$${var:domain} and $${x}');

    const { state } = await loadEnvironment({ env: 'exported', cwd: ws.cwd, mode: 'plan', processEnv: ws.env });
    expect(state?.objects.map((o) => o.name)).toEqual(expect.arrayContaining(['${env:HOME}', '${var:domain}']));
    expect(state?.objects.find((o) => o.name === 'Auditor')?.spec).toMatchObject({ description: 'costs $${var:domain} and ${x}' });
    const p = await ws.run(plan, { env: 'exported', detailedExitcode: true });
    expect(p.stdout).toContain('No changes.');
    expect(p.code).toBe(0);
  });

  it('$${ in a manifest is a literal ${, never substituted', async () => {
    ws.env.SECRET_X = 'abcdefgh';
    ws.writeEnv(docs('kind: Team\nname: "$${env:SECRET_X} and ${var:domain}"'), { environmentExtra: 'variables:\n  domain: example.com' });
    const { state, diagnostics } = await loadEnvironment({ env: 'test', cwd: ws.cwd, mode: 'plan', processEnv: ws.env });
    expect(diagnostics).toEqual([]);
    expect(state?.objects.map((o) => o.name)).toEqual(['${env:SECRET_X} and example.com']);
  });
});
