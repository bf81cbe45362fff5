import { describe, expect, it } from 'vitest';
import { plan } from '../../src/engine/index.js';
import { live, obj, OPTS, state } from './helpers/desired.js';

const tenant = {
  Agent: [
    { id: 1, name: 'Admin', isapiagent: true },
    { id: 4, name: 'Temp Admin', isapiagent: false, is_admin: true },
    { id: 5, name: 'Reporting API', isapiagent: true },
    { id: 6, name: 'Jane Smith', isapiagent: false },
    // A list that carries claims shows the administrator claim (SA, catalog adminRights).
    { id: 8, name: 'Claims Admin', isapiagent: false, claims: [{ type: 'SA', value: 'true' }] },
  ],
  Team: [{ id: 10, name: 'Sales' }, { id: 17, name: 'Night Shift' }],
  Role: [{ id: 'r-1', name: 'Administrator', claims: [{ type: 'SA', value: 'true' }] }, { id: 'r-2', name: 'Agent' }],
  Application: [
    { id: 'boot', displayName: 'halo-iac bootstrap', clientId: 'boot-client', scopes: [{ name: 'all' }] },
    { id: 'b-7', displayName: 'Old Sync', clientId: 'c-7', scopes: [{ name: 'admin:webhooks' }, { name: 'read:tickets' }] },
    { id: 'sys', displayName: 'Halo Mobile', _issystem: true, scopes: [{ name: 'all' }] },
  ],
};
const me = { id: 1, name: 'Admin' };

describe('what nobody manages', () => {
  it('lists the live objects of the kinds read that no manifest declares, privileged first, risks from list fields', () => {
    const s = state([obj('Team', 'Sales'), obj('Agent', 'Jane Smith'), obj('Application', 'Reporting', { loginAs: 'Jane Smith', scopes: ['read:tickets'] }), obj('Role', 'Agent')]);
    const p = plan(s, live(tenant, me), { ...OPTS, clientId: 'boot-client' });
    expect(p.unmanaged).toEqual([
      { address: 'role/Administrator', live_id: 'r-1', risks: ['role-administrator'] },
      { address: 'agent/Admin', live_id: 1, risks: ['api-only-agent'] },
      { address: 'agent/Claims Admin', live_id: 8, risks: ['admin-agent'] },
      { address: 'agent/Reporting API', live_id: 5, risks: ['api-only-agent'] },
      { address: 'agent/Temp Admin', live_id: 4, risks: ['admin-agent'] },
      { address: 'application/halo-iac bootstrap', live_id: 'boot', risks: ['scope-all'] },
      { address: 'application/Old Sync', live_id: 'b-7', risks: ['scope-admin'] },
      { address: 'team/Night Shift', live_id: 17, risks: [] },
    ]);
    expect(p.errors).toEqual([]);
  });

  it('only kinds the plan reads are reported; policy.unmanaged: ignore leaves the list out', () => {
    const teamsOnly = state([obj('Team', 'Sales')]);
    expect(plan(teamsOnly, live({ Team: tenant.Team }), OPTS).unmanaged).toEqual([{ address: 'team/Night Shift', live_id: 17, risks: [] }]);
    expect(plan(state([obj('Team', 'Sales')], { unmanaged: 'ignore' }), live({ Team: tenant.Team }), OPTS).unmanaged).toBeUndefined();
  });

  it('policy.unmanaged: error refuses the plan for each privileged one, except halo-iac\'s own login', () => {
    const s = state([obj('Agent', 'Jane Smith'), obj('Application', 'Reporting', { loginAs: 'Jane Smith', scopes: ['read:tickets'] })], { unmanaged: 'error' });
    const p = plan(s, live({ Agent: tenant.Agent.slice(0, 4), Application: tenant.Application }, me), { ...OPTS, clientId: 'boot-client' });
    expect(p.errors.map((e) => e.message)).toEqual([
      'agent/Reporting API (id 5) is not managed by halo-iac and is privileged (api-only-agent); policy.unmanaged is error: declare it in a manifest, or remove it in Halo',
      'agent/Temp Admin (id 4) is not managed by halo-iac and is privileged (admin-agent); policy.unmanaged is error: declare it in a manifest, or remove it in Halo',
      'application/Old Sync (id b-7) is not managed by halo-iac and is privileged (scope-admin); policy.unmanaged is error: declare it in a manifest, or remove it in Halo',
    ]);
    expect(p.unmanaged?.map((u) => u.address)).toContain('application/halo-iac bootstrap');
  });
});
