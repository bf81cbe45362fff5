/**
 * CustomField against the simulator (/api/FieldInfo): type and usage by name, options as the whole
 * list (rows that stay keep their id), convergence.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { obj } from './helpers/desired.js';
import { harness, type Harness } from './helpers/sim.js';
import type { HaloRecord } from '../../src/halo/types.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.stop();
});

const stored = (name: string): HaloRecord | undefined =>
  ((h.sim.snapshot().collections['FieldInfo'] ?? []) as HaloRecord[]).find((f) => f.name === name);

describe('CustomField', () => {
  it('creates a text field with the default usage, then plans no changes', async () => {
    const objects = [obj('CustomField', 'CFMoovilaId', { label: 'Moovila ID' })];
    const first = await h.planFor(objects);
    expect((first.resource_changes[0]?.request?.body as HaloRecord[])[0]).toEqual({ name: 'CFMoovilaId', label: 'Moovila ID', type: 0, usage: 1 });
    expect((await h.applyFor(objects)).remaining.summary).toEqual({ add: 0, change: 0, destroy: 0 });
    expect(stored('CFMoovilaId')).toMatchObject({ label: 'Moovila ID', type: 0, usage: 1 });
    expect((await h.planFor(objects)).summary).toEqual({ add: 0, change: 0, destroy: 0 });
  });

  it('manages a list field: options are the whole list, and options that stay keep their id', async () => {
    const make = (options: string[]) => [obj('CustomField', 'CFImpactArea', { label: 'Impact area', type: 'singleSelect', options })];
    // The seed has the field with Email and Network: adopting it with the same options is no change.
    expect((await h.planFor(make(['Network', 'Email']))).summary).toEqual({ add: 0, change: 0, destroy: 0 });
    const emailId = (stored('CFImpactArea')?.values as HaloRecord[]).find((v) => v.name === 'Email')?.id;
    const p = await h.planFor(make(['Email', 'Phones']));
    expect(p.resource_changes[0]?.field_changes).toEqual([expect.objectContaining({ path: 'options', added: ['Phones'], removed: ['Network'] })]);
    const result = await h.applyFor(make(['Email', 'Phones']));
    expect(result.failed).toEqual([]);
    expect(result.remaining.summary).toEqual({ add: 0, change: 0, destroy: 0 });
    const values = stored('CFImpactArea')?.values as HaloRecord[];
    expect(values.map((v) => v.name)).toEqual(['Email', 'Phones']);
    expect(values.find((v) => v.name === 'Email')?.id).toBe(emailId);
  });

  it('refuses options on a type that has none, and options without a type, at their position', async () => {
    const pos = { file: 'manifests/fields.yaml', line: 6, column: 14 };
    const p = await h.planFor([
      obj('CustomField', 'CFNotes', { type: 'memo', options: ['a'] }, { fieldSources: { options: pos } }),
      obj('CustomField', 'CFUntyped', { options: ['a'] }, { fieldSources: { options: pos } }),
    ]);
    expect(p.errors.map((e) => e.message)).toEqual([
      'customfield/CFNotes: options apply to singleSelect or multiSelect fields, not memo',
      'customfield/CFUntyped: options need type singleSelect or multiSelect',
    ]);
    expect(p.errors[0]?.source).toEqual(pos);
  });

  it('reads a type code the catalog lacks as the code, so drift shows', async () => {
    await h.client.upsert('FieldInfo', [{ id: 1, type: 7 }]);
    const p = await h.planFor([obj('CustomField', 'CFCustomerReference', { type: 'text' })]);
    expect(p.resource_changes[0]?.field_changes.map((f) => [f.path, f.before, f.after])).toEqual([['type', 7, 'text']]);
  });
});
