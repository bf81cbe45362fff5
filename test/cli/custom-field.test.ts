/** CustomField through the CLI: validate errors at their positions, export -> plan "No changes", exact mode on a ticket type. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { captureIo } from '../../src/cli/output.js';
import { run as exportRun } from '../../src/cli/export.js';
import { run as plan } from '../../src/cli/plan.js';
import { run as validate } from '../../src/cli/validate.js';
import { run as apply } from '../../src/cli/apply.js';
import { docs, environmentYaml, workspace, type Workspace } from './harness.js';
import { ENV_HEADER, tempTree } from '../manifest/helpers.js';

describe('halo-iac validate: CustomField', () => {
  it('reports each problem at its position', async () => {
    const fields = [
      'apiVersion: halo-iac/v1',
      'kind: CustomField',
      'name: CFBad',
      'spec:',
      '  type: dropdown',
      '  usage: contracts',
      '---',
      'apiVersion: halo-iac/v1',
      'kind: CustomField',
      'name: CFNotes',
      'spec:',
      '  type: memo',
      '  options: [a, b]',
      '',
    ].join('\n');
    const io = captureIo({ cwd: tempTree({ 'env.yaml': ENV_HEADER + '---\n' + fields }), env: {} });
    expect(await validate({ config: 'env.yaml', format: 'text' }, [], io)).toBe(1);
    expect(io.stderr().split('\n')).toEqual([
      "env.yaml:12:9: customfield/CFBad: unknown custom field type 'dropdown' (did you mean 'memo'?); known: text, memo, singleSelect, multiSelect, date, time, checkbox, richText",
      "env.yaml:13:10: customfield/CFBad: unknown custom field usage 'contracts' (did you mean 'customers'?); known: tickets, customers, sites, assets",
      // Checked once the object's own values are known (a never-converging spec is a validate error too).
      'env.yaml:20:12: customfield/CFNotes: options apply to singleSelect or multiSelect fields, not memo',
      'Invalid: 3 errors in environment env.yaml.',
      '',
    ]);
  });
});

describe('halo-iac export: CustomField', () => {
  let ws: Workspace | undefined;
  afterEach(async () => ws?.close());

  it('exports the seeded fields with their options, and the export plans to No changes', async () => {
    ws = await workspace();
    mkdirSync(join(ws.cwd, 'environments/exported'), { recursive: true });
    writeFileSync(join(ws.cwd, 'environments/exported/environment.yaml'), environmentYaml('exported').replace('include: ["./*.yaml"]', 'include: ["./out/*.yaml"]'));
    expect((await ws.run(exportRun, { env: 'exported', out: 'environments/exported/out', kinds: 'customfield' })).code).toBe(0);
    const exported = parseAllDocuments(readFileSync(join(ws.cwd, 'environments/exported/out/customfield.yaml'), 'utf8')).map((d) => d.toJS());
    expect(exported).toEqual([
      { apiVersion: 'halo-iac/v1', kind: 'CustomField', name: 'CFCustomerReference', spec: { label: 'Customer reference', type: 'text', usage: 'tickets' } },
      { apiVersion: 'halo-iac/v1', kind: 'CustomField', name: 'CFImpactArea', spec: { label: 'Impact area', type: 'singleSelect', usage: 'tickets', options: ['Email', 'Network'] } },
    ]);
    const r = await ws.run(plan, { env: 'exported', detailedExitcode: true });
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('No changes. Halo configuration matches the manifests.');
    expect(r.code).toBe(0);
  });

  it("exports a ticket type's custom fields by name, and the export plans to No changes", async () => {
    ws = await workspace();
    ws.writeEnv(docs('kind: CustomField\nname: CFRewstId\nspec:\n  label: Rewst ID', 'kind: TicketType\nname: Automation\nspec:\n  customFields: [CFRewstId, CFImpactArea]'));
    expect((await ws.run(apply, { env: 'test', autoApprove: true })).code).toBe(0);
    mkdirSync(join(ws.cwd, 'environments/exported'), { recursive: true });
    writeFileSync(join(ws.cwd, 'environments/exported/environment.yaml'), environmentYaml('exported').replace('include: ["./*.yaml"]', 'include: ["./out/*.yaml"]'));
    // Ticket types only: the custom fields they name are live, which plan resolves by name.
    expect((await ws.run(exportRun, { env: 'exported', out: 'environments/exported/out', kinds: 'tickettype' })).code).toBe(0);
    const types = parseAllDocuments(readFileSync(join(ws.cwd, 'environments/exported/out/tickettype.yaml'), 'utf8')).map((d) => d.toJS() as { name: string; spec?: Record<string, unknown> });
    // The whole truth, as an agent's memberships are exported: re-applied, it removes a custom field added in Halo since.
    expect(types.find((t) => t.name === 'Automation')?.spec?.customFields).toEqual({ mode: 'exact', members: ['CFImpactArea', 'CFRewstId'] });
    expect(types.find((t) => t.name === 'Incident')?.spec?.customFields).toBeUndefined();
    const r = await ws.run(plan, { env: 'exported', detailedExitcode: true });
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('No changes. Halo configuration matches the manifests.');
    expect(r.code).toBe(0);
  });

  it('exact mode: the plan shows the custom field it removes, apply removes it, standard fields stay', async () => {
    ws = await workspace();
    const type = (customFields: string) => docs(`kind: TicketType\nname: Automation\nspec:\n  fields: [startDateTime]\n  customFields: ${customFields}`);
    ws.writeEnv(type('[CFImpactArea, CFCustomerReference]'));
    expect((await ws.run(apply, { env: 'test', autoApprove: true })).code).toBe(0);
    ws.writeEnv(type('{ mode: exact, members: [CFCustomerReference] }'));
    const p = await ws.run(plan, { env: 'test' });
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('  ~ update in-place tickettype/Automation (environments/test/resources.yaml:3:7)\n      ~ customFields:\n        - "CFImpactArea"\n\n');
    expect(p.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    expect((await ws.run(apply, { env: 'test', autoApprove: true })).code).toBe(0);
    const again = await ws.run(plan, { env: 'test', detailedExitcode: true });
    expect(again.stdout.trimEnd().split('\n').at(-1)).toBe('No changes. Halo configuration matches the manifests.');
    const automation = (ws.sim.snapshot().collections['TicketType'] as { name: string; fields: { fieldid: unknown }[] }[]).find((t) => t.name === 'Automation');
    expect(automation?.fields.map((r) => r.fieldid)).toEqual([1001, 1]);
  });

  it('a customFields mode other than exact or include is a schema error at its position', async () => {
    ws = await workspace();
    ws.writeEnv(docs('kind: TicketType\nname: Automation\nspec:\n  customFields: { mode: replace, members: [CFImpactArea] }'));
    const r = await ws.run(validate, { env: 'test' });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('environments/test/resources.yaml:5:25: spec.customFields.mode: must be one of: exact, include');
  });
});
