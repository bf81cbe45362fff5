import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalog, obj } from './helpers/desired.js';
import { harness, type Harness } from './helpers/sim.js';
import type { DesiredObject } from '../../src/model/desired.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.stop();
});

function everyKind(mode: 'exact' | 'include'): DesiredObject[] {
  return [
    obj('Department', 'Integrations'),
    obj('Team', 'API Integrations', { department: 'Integrations', use: ['tickets', 'projects'], inactive: false }),
    obj('Role', 'Integration Role', { description: 'for integrations', permissions: { tickets: 'readModify', canAddTickets: true } }),
    obj('Agent', 'Moovila API', {
      email: 'moovila@example.com',
      apiOnly: true,
      roles: ['Integration Role'],
      defaultTeam: 'API Integrations',
      teams: { mode, members: ['API Integrations', '1st Line Support'] },
      departments: { mode, members: [{ name: 'Integrations', level: 'modifyAll' }, { name: 'Sales', level: 'member' }] },
      permissions: { tickets: 'readModify', timesheets: 'readModifyAll', customers: 'readOnly' },
      access: { ticketTypes: ['Project Work', 'Incident'], customers: 'all', canCreateTicketTypes: true },
    }),
    obj('Application', 'Moovila', {
      authMethod: 'clientCredentials',
      loginType: 'agent',
      loginAs: 'Moovila API',
      scopes: ['read:tickets', 'edit:tickets', 'read:customers'],
      active: true,
    }),
    obj('TicketType', 'Project Work', {
      itilType: 'projects',
      projectHierarchy: 'projects',
      visibleToAgents: true,
      agentsCanLog: true,
      defaultTeam: 'API Integrations',
      fields: ['startDateTime', 'targetDateTime'],
    }),
    obj('Settings', 'settings', { raw: { next_ticket_id: 5000 } }),
  ];
}

describe('apply converges (simulator, real HTTP)', () => {
  for (const mode of ['exact', 'include'] as const) {
    it(`every kind, ${mode} memberships: apply, then re-plan is empty`, async () => {
      const objects = everyKind(mode);
      const first = await h.planFor(objects);
      expect(first.errors).toEqual([]);
      expect(first.summary.add).toBe(6);
      const result = await h.applyFor(objects);
      expect(result.failed).toEqual([]);
      expect(result.remaining.summary).toEqual({ add: 0, change: 0, destroy: 0 });
      const again = await h.planFor(objects);
      expect(again.summary).toEqual({ add: 0, change: 0, destroy: 0 });
      expect(again.errors).toEqual([]);
    });
  }

  it('access.canCreateTicketTypes is written as its catalog claim and drift on it is reverted', async () => {
    const objects = everyKind('include');
    await h.applyFor(objects);
    const agent = h.sim.snapshot().collections.Agent?.find((a) => a.name === 'Moovila API');
    const claimType = catalog.permissions.canCreateTicketTypes?.target;
    expect(claimType && 'claim' in claimType).toBe(true);
    const claim = (agent?.claims as { type: string; value: string }[]).find((c) => claimType && 'claim' in claimType && c.type === claimType.claim);
    expect(claim?.value).toBe(String(catalog.permissions.canCreateTicketTypes?.values?.yes?.halo));
    const flipped = objects.map((o) => (o.kind === 'Agent' ? { ...o, spec: { ...o.spec, access: { ...(o.spec.access as object), canCreateTicketTypes: false } } } : o));
    const p = await h.planFor(flipped);
    const change = p.resource_changes.find((c) => c.address === 'agent/Moovila API');
    expect(change?.field_changes.map((f) => [f.path, f.before, f.after])).toEqual([['access.canCreateTicketTypes', true, false]]);
  });

  it('access lists: [] is the flag no and no rows, all is the flag yes; each converges and re-plans empty', async () => {
    const bot = (access: Record<string, unknown>) => [obj('Agent', 'Locked Bot', { apiOnly: true, access })];
    const none = bot({ ticketTypes: [], customers: [], assetTypes: [], assetFields: [] });
    const first = await h.planFor(none);
    expect(first.errors).toEqual([]);
    const body = (first.resource_changes[0]?.request?.body as Record<string, unknown>[])[0];
    expect(body?.claims).toEqual([{ type: 'Ft', value: '0' }, { type: 'Fc', value: '0' }, { type: 'Fa', value: '0' }, { type: 'Ff', value: '0' }]);
    expect([body?.tickettypes, body?.clients, body?.assettypes, body?.assetfields]).toEqual([[], [], [], []]);
    expect((await h.applyFor(none)).remaining.summary).toEqual({ add: 0, change: 0, destroy: 0 });
    expect((await h.planFor(none)).summary).toEqual({ add: 0, change: 0, destroy: 0 });
    const all = bot({ ticketTypes: 'all', customers: 'all', assetTypes: 'all', assetFields: 'all' });
    const open = await h.planFor(all);
    expect(open.resource_changes[0]?.field_changes.map((f) => [f.path, f.before, f.after])).toEqual([
      ['access.assetFields', [], 'all'], ['access.assetTypes', [], 'all'], ['access.customers', [], 'all'], ['access.ticketTypes', [], 'all'],
    ]);
    expect((await h.applyFor(all)).remaining.summary).toEqual({ add: 0, change: 0, destroy: 0 });
    const stored = h.sim.snapshot().collections.Agent?.find((a) => a.name === 'Locked Bot')?.claims;
    expect(stored).toEqual([{ type: 'Ft', value: '1' }, { type: 'Fc', value: '1' }, { type: 'Fa', value: '1' }, { type: 'Ff', value: '1' }]);
    expect((await h.planFor(all)).summary).toEqual({ add: 0, change: 0, destroy: 0 });
  });

  it('a role keeping a legacy-named claim in its raw claims list next to the permission converges', async () => {
    const role = [obj('Role', 'Legacy Role', { permissions: { tickets: 'readModify' }, claims: [{ type: 'Ticket_Level', value: '1' }] })];
    expect((await h.applyFor(role)).remaining.summary).toEqual({ add: 0, change: 0, destroy: 0 });
    const stored = h.sim.snapshot().collections.Roles?.find((r) => r.name === 'Legacy Role')?.claims;
    expect(stored).toEqual([{ type: 'Tx', value: '2' }, { type: 'Ticket_Level', value: '1' }]);
    expect((await h.planFor(role)).summary).toEqual({ add: 0, change: 0, destroy: 0 });
  });

  it('team addToAllAgents converges (the list form lacks it: managed teams get a detail read)', async () => {
    const objects = [obj('Team', 'Everyone', { addToAllAgents: true })];
    const result = await h.applyFor(objects);
    expect(result.failed).toEqual([]);
    expect(result.remaining.summary).toEqual({ add: 0, change: 0, destroy: 0 });
    expect((await h.planFor(objects)).summary).toEqual({ add: 0, change: 0, destroy: 0 });
    const flipped = await h.planFor([obj('Team', 'Everyone', { addToAllAgents: false })]);
    expect(flipped.resource_changes.find((c) => c.address === 'team/Everyone')?.field_changes.map((f) => [f.path, f.before, f.after])).toEqual([
      ['addToAllAgents', true, false],
    ]);
  });

  it('plan sends no write request', async () => {
    const before = h.sim.requests.length;
    await h.planFor(everyKind('exact'));
    const writes = h.sim.requests.slice(before).filter((r) => r.method === 'POST' && !r.path.toLowerCase().includes('token'));
    expect(writes).toEqual([]);
    expect(h.sim.requests.slice(before).filter((r) => r.method === 'DELETE')).toEqual([]);
  });
});
