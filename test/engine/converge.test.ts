import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { obj } from './helpers/desired.js';
import { harness, type Harness } from './helpers/sim.js';
import type { DesiredObject } from '../../src/manifest/types.js';

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
      permissions: { tickets: 'readModifyAll', customers: 'readOnly' },
      access: { ticketTypes: ['Project Work', 'Incident'], customers: 'all' },
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

  it('plan sends no write request', async () => {
    const before = h.sim.requests.length;
    await h.planFor(everyKind('exact'));
    const writes = h.sim.requests.slice(before).filter((r) => r.method === 'POST' && !r.path.toLowerCase().includes('token'));
    expect(writes).toEqual([]);
    expect(h.sim.requests.slice(before).filter((r) => r.method === 'DELETE')).toEqual([]);
  });
});
