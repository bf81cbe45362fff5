/**
 * Export round trip after every blueprint (issue 5 §4): apply a shipped blueprint environment to
 * a fresh simulator, export the tenant, then plan an environment holding ONLY the exported
 * manifests against that tenant: it must say No changes. A plan of a spec that dropped a field
 * would also say No changes (an unset field is unmanaged), so each test also checks that every
 * field the blueprint set comes back in the export (permission claims, memberships, access,
 * scopes, loginAs, ticket type fields and hierarchy, settings), and that no secret does.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { run as apply } from '../../src/cli/apply.js';
import { run as exportRun } from '../../src/cli/export.js';
import { captureIo } from '../../src/cli/output.js';
import { run as plan } from '../../src/cli/plan.js';
import { loadEnvironment } from '../../src/manifest/load.js';
import { startSimulator } from '../../src/simulator/index.js';
import { docs, environmentYaml, simEnv, workspace } from './harness.js';

const REPO = resolve(import.meta.dirname, '../..');
const BLUEPRINT_ENVIRONMENTS = readdirSync(join(REPO, 'environments')).filter(
  (name) => name !== 'demo' && existsSync(join(REPO, 'environments', name, 'environment.yaml')),
);

interface Exported {
  kind: string;
  name: string;
  spec?: Record<string, unknown>;
}

/** Every document in the export folder. */
function readExport(dir: string): Exported[] {
  return readdirSync(dir).flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as Exported));
}

/** An environment `exported` that includes only `out/*.yaml` (the export goes there). */
function exportedEnvironment(root: string): void {
  mkdirSync(join(root, 'environments/exported'), { recursive: true });
  writeFileSync(join(root, 'environments/exported/environment.yaml'), environmentYaml('exported').replace('include: ["./*.yaml"]', 'include: ["./out/*.yaml"]'));
}

const EXPORT_DIR = 'environments/exported/out';

describe('export after applying a blueprint', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0)) await f();
  });

  it('covers the four shipped blueprint environments', () => {
    expect(BLUEPRINT_ENVIRONMENTS).toEqual(expect.arrayContaining(['moovila', 'perimeters', 'postman', 'rewst']));
  });

  it.each(BLUEPRINT_ENVIRONMENTS)('environment %s: the export keeps every field and plans to No changes', async (name) => {
    const root = mkdtempSync(join(tmpdir(), 'halo-iac-export-'));
    cpSync(join(REPO, 'environments'), join(root, 'environments'), { recursive: true });
    const sim = await startSimulator({ port: 0 });
    cleanup.push(() => sim.stop(), () => rmSync(root, { recursive: true, force: true }));
    const env = simEnv(sim);
    expect(await apply({ env: name, autoApprove: true }, [], captureIo({ env, cwd: root }))).toBe(0);

    exportedEnvironment(root);
    const exportIo = captureIo({ env, cwd: root });
    expect(await exportRun({ env: 'exported', out: EXPORT_DIR }, [], exportIo)).toBe(0);
    const exported = readExport(join(root, EXPORT_DIR));

    // Every field the blueprint manages comes back, except the write-only secret.
    const desired = await loadEnvironment({ env: name, cwd: root, mode: 'plan', processEnv: env });
    expect(desired.state?.objects.length).toBeGreaterThan(0);
    for (const o of desired.state?.objects ?? []) {
      const doc = exported.find((d) => d.kind === o.kind && d.name === (o.kind === 'Settings' ? 'settings' : o.name));
      expect(doc, o.address).toBeDefined();
      const wanted = Object.keys(o.spec).filter((k) => k !== 'secret');
      expect(Object.keys(doc?.spec ?? {}), o.address).toEqual(expect.arrayContaining(wanted));
      if (o.spec.permissions) expect(doc?.spec?.permissions, o.address).toEqual(expect.objectContaining(o.spec.permissions as object));
      if (o.kind === 'Application') expect(doc?.spec?.scopes, o.address).toEqual(expect.arrayContaining(o.spec.scopes as string[]));
      if (o.kind === 'Application') expect(doc?.spec?.loginAs, o.address).toBe(o.spec.loginAs);
    }
    // Secrets are write-only: an exported Application never carries one, nor a secret block.
    expect(readFileSync(join(root, EXPORT_DIR, 'application.yaml'), 'utf8')).not.toMatch(/secret/i);
    expect(exportIo.stdout() + exportIo.stderr()).not.toContain(sim.clientSecret);

    const planIo = captureIo({ env, cwd: root });
    const code = await plan({ env: 'exported', detailedExitcode: true }, [], planIo);
    expect(planIo.stderr()).not.toMatch(/error/i);
    expect(planIo.stdout()).toContain('No changes. Halo configuration matches the manifests.');
    expect(code).toBe(0);
  });

  it('exports ticket type and customer access by name and role permissions, and they plan to No changes', async () => {
    const ws = await workspace();
    cleanup.push(() => ws.close());
    ws.writeEnv(
      docs(
        'kind: Role\nname: Auditor\nspec:\n  description: Reads tickets\n  permissions:\n    tickets: readOnly\n    canViewUnassignedTickets: true',
        'kind: Agent\nname: Triage Bot\nspec:\n  apiOnly: true\n  access:\n    ticketTypes: [Incident, Problem]',
        'kind: Agent\nname: Billing Bot\nspec:\n  apiOnly: true\n  access:\n    customers: [globex, Acme Corp]',
      ),
    );
    expect((await ws.run(apply, { env: 'test', autoApprove: true })).code).toBe(0);
    exportedEnvironment(ws.cwd);
    expect((await ws.run(exportRun, { env: 'exported', out: EXPORT_DIR })).code).toBe(0);
    const exported = readExport(join(ws.cwd, EXPORT_DIR));
    // Customers were never set on Triage Bot: no Fc claim, so its customer access is not known and not exported.
    expect(exported.find((d) => d.name === 'Triage Bot')?.spec?.access).toEqual({ ticketTypes: ['Incident', 'Problem'] });
    expect(exported.find((d) => d.name === 'Billing Bot')?.spec?.access).toMatchObject({ customers: ['Acme Corp', 'Globex'] });
    expect(exported.find((d) => d.name === 'Auditor')?.spec?.permissions).toEqual({ tickets: 'readOnly', canViewUnassignedTickets: true });

    const r = await ws.run(plan, { env: 'exported', detailedExitcode: true });
    expect(r.stdout).toContain('No changes. Halo configuration matches the manifests.');
    expect(r.code).toBe(0);
  });
});
