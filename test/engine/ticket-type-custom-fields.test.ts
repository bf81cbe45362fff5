/**
 * Which ticket types show a custom field: TicketType `customFields` (CustomField references), added
 * to the ticket type's own field rows, so one object writes that list and both kinds converge;
 * `{mode: exact, members}` also removes the custom fields it does not list, never a standard field.
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

const snapshot = () => h.sim.snapshot().collections;
const fieldIds = (type: string): unknown[] =>
  (((snapshot()['TicketType'] ?? []) as HaloRecord[]).find((t) => t.name === type)?.fields as HaloRecord[] | undefined ?? []).map((r) => r.fieldid);
const fieldId = (name: string): unknown => ((snapshot()['FieldInfo'] ?? []) as HaloRecord[]).find((f) => f.name === name)?.id;

describe('TicketType customFields', () => {
  it('shows a custom field created in the same run, and a live one, next to catalog fields; re-plan is empty', async () => {
    const objects = [
      obj('CustomField', 'CFMoovilaId', { label: 'Moovila ID', type: 'text' }),
      obj('TicketType', 'Project Work', { fields: ['startDateTime'], customFields: ['CFMoovilaId', 'cfimpactarea'] }),
    ];
    const p = await h.planFor(objects);
    const tt = p.resource_changes.find((c) => c.address === 'tickettype/Project Work');
    expect(tt?.depends_on).toEqual(['customfield/CFMoovilaId']);
    expect((tt?.request?.body as HaloRecord[])[0]?.fields).toEqual([{ fieldid: 1001 }, { fieldid: '(known after apply)' }, { fieldid: 2 }]);
    expect(tt?.change.after).toMatchObject({ customFields: ['CFImpactArea', 'CFMoovilaId'] });

    const result = await h.applyFor(objects);
    expect(result.failed).toEqual([]);
    expect(result.remaining.summary).toEqual({ add: 0, change: 0, destroy: 0 });
    expect(fieldIds('Project Work')).toEqual([1001, fieldId('CFMoovilaId'), 2]);
    expect((await h.planFor(objects)).summary).toEqual({ add: 0, change: 0, destroy: 0 });
  });

  it('adds to the rows a ticket type has, never removing one, and compares only the named fields', async () => {
    await h.applyFor([obj('TicketType', 'Incident', { customFields: ['CFImpactArea'] })]);
    expect(fieldIds('Incident')).toEqual([2]);
    const objects = [obj('TicketType', 'Incident', { customFields: ['CFCustomerReference'] })];
    const p = await h.planFor(objects);
    expect(p.resource_changes[0]?.field_changes).toEqual([expect.objectContaining({ path: 'customFields', added: ['CFCustomerReference'], removed: [] })]);
    await h.applyFor(objects);
    expect(fieldIds('Incident')).toEqual([2, 1]);
    expect((await h.planFor(objects)).summary.change).toBe(0);
  });

  it('exact mode removes the custom fields it does not list, shows the removal in the plan, and keeps standard fields', async () => {
    await h.applyFor([obj('TicketType', 'Incident', { fields: ['startDateTime'], customFields: ['CFImpactArea', 'CFCustomerReference'] })]);
    expect(fieldIds('Incident')).toEqual([1001, 2, 1]);
    const objects = [obj('TicketType', 'Incident', { customFields: { mode: 'exact', members: ['CFCustomerReference'] } })];
    const p = await h.planFor(objects);
    expect(p.resource_changes[0]?.field_changes).toEqual([expect.objectContaining({ path: 'customFields', added: [], removed: ['CFImpactArea'] })]);
    expect((p.resource_changes[0]?.request?.body as HaloRecord[])[0]?.fields).toEqual([{ fieldid: 1001 }, { fieldid: 1 }]);
    const result = await h.applyFor(objects);
    expect(result.failed).toEqual([]);
    expect(fieldIds('Incident')).toEqual([1001, 1]);
    expect((await h.planFor(objects)).summary).toEqual({ add: 0, change: 0, destroy: 0 });
  });

  it('exact mode with no members removes every custom field, though no CustomField is declared or named', async () => {
    await h.applyFor([obj('TicketType', 'Incident', { fields: ['startDateTime'], customFields: ['CFImpactArea'] })]);
    const objects = [obj('TicketType', 'Incident', { customFields: { mode: 'exact', members: [] } })];
    const p = await h.planFor(objects);
    expect(p.resource_changes[0]?.field_changes).toEqual([expect.objectContaining({ path: 'customFields', added: [], removed: ['CFImpactArea'] })]);
    await h.applyFor(objects);
    expect(fieldIds('Incident')).toEqual([1001]);
    expect((await h.planFor(objects)).summary.change).toBe(0);
  });

  it('include mode written as {mode, members} is the plain list: it only adds', async () => {
    await h.applyFor([obj('TicketType', 'Incident', { customFields: ['CFImpactArea'] })]);
    const objects = [obj('TicketType', 'Incident', { customFields: { mode: 'include', members: ['CFCustomerReference'] } })];
    expect((await h.planFor(objects)).resource_changes[0]?.field_changes).toEqual([expect.objectContaining({ path: 'customFields', added: ['CFCustomerReference'], removed: [] })]);
    await h.applyFor(objects);
    expect(fieldIds('Incident')).toEqual([2, 1]);
  });

  it('refuses a custom field that is neither declared nor live, at its position', async () => {
    const pos = { file: 'manifests/types.yaml', line: 8, column: 9 };
    const p = await h.planFor([obj('TicketType', 'Incident', { customFields: ['CFNowhere'] }, { fieldSources: { 'customFields.0': pos } })]);
    expect(p.errors).toEqual([
      { message: 'tickettype/Incident: spec.customFields[0] refers to customfield/CFNowhere, which is neither declared nor live', address: 'tickettype/Incident', source: pos },
    ]);
  });
});
