import { describe, expect, it } from 'vitest';
import { plan } from '../../src/engine/index.js';
import { live, obj, OPTS, state } from './helpers/desired.js';

/**
 * Records as Halo returns them (spec: Uname_List carries isapiagent and role_list but neither
 * is_admin nor claims; the Roles list carries no claims): claims appear only on a role read in
 * detail (a managed one here), is_admin only on an agent read in detail.
 */
const tenant = {
  Agent: [
    { id: 1, name: 'Admin', isapiagent: true, role_list: 'Administrator' },
    { id: 4, name: 'Temp Admin', isapiagent: false, role_list: 'Agent, Administrator' },
    { id: 5, name: 'Reporting API', isapiagent: true, role_list: '' },
    { id: 6, name: 'Jane Smith', isapiagent: false, role_list: 'Agent' },
    { id: 8, name: 'Night Owl', isapiagent: false, role_list: 'Helpdesk Lead' },
  ],
  Team: [{ id: 10, name: 'Sales' }, { id: 17, name: 'Night Shift' }],
  Role: [
    // Managed and read in detail: its claims say it is an administrator role.
    { id: 'r-1', name: 'Administrator', claims: [{ type: 'SA', value: 'true' }] },
    { id: 'r-2', name: 'Agent', claims: [] },
    // Nobody manages it: its list record has no claims.
    { id: 'r-3', name: 'Helpdesk Lead' },
  ],
  Application: [
    { id: 'boot', displayName: 'halo-iac bootstrap', clientId: 'boot-client', scopes: [{ name: 'all' }] },
    { id: 'b-7', displayName: 'Old Sync', clientId: 'c-7', scopes: [{ name: 'admin:webhooks' }, { name: 'read:tickets' }] },
    { id: 'sys', displayName: 'Halo Mobile', _issystem: true, scopes: [{ name: 'all' }] },
  ],
};
const me = { id: 1, name: 'Admin' };
const declared = [
  obj('Team', 'Sales'),
  obj('Agent', 'Jane Smith'),
  obj('Application', 'Reporting', { loginAs: 'Jane Smith', scopes: ['read:tickets'] }),
  obj('Role', 'Administrator', { permissions: { administrator: true } }),
  obj('Role', 'Agent'),
];

describe('what nobody manages', () => {
  it('lists the live objects no manifest declares, privileged first, from what the lists show, and says what they do not', () => {
    const p = plan(state(declared), live(tenant, me), { ...OPTS, clientId: 'boot-client' });
    expect(p.unmanaged).toEqual([
      // role_list names a role whose claims say administrator: an admin agent without a read.
      { address: 'agent/Admin', live_id: 1, risks: ['admin-agent', 'api-only-agent'] },
      { address: 'agent/Reporting API', live_id: 5, risks: ['api-only-agent'] },
      { address: 'agent/Temp Admin', live_id: 4, risks: ['admin-agent'] },
      { address: 'application/halo-iac bootstrap', live_id: 'boot', risks: ['scope-all'] },
      { address: 'application/Old Sync', live_id: 'b-7', risks: ['scope-admin'] },
      { address: 'team/Night Shift', live_id: 17, risks: [] },
      { address: 'role/Helpdesk Lead', live_id: 'r-3', risks: [] },
      { address: 'agent/Night Owl', live_id: 8, risks: [] },
    ]);
    expect(p.unmanaged_unchecked).toEqual([
      "administrator rights of 1 unmanaged role not read: Halo's role list does not carry their claims; policy.unmanaged: error reads them (one call each)",
      "admin flag of 3 unmanaged agents not read: Halo's agent list does not carry it; policy.unmanaged: error reads them (one call each)",
    ]);
    expect(p.errors).toEqual([]);
  });

  it('names the kinds that can hold privileged objects but were not listed; policy.unmanaged: ignore leaves it all out', () => {
    const teamsOnly = plan(state([obj('Team', 'Sales')]), live({ Team: tenant.Team }), OPTS);
    expect(teamsOnly.unmanaged).toEqual([{ address: 'team/Night Shift', live_id: 17, risks: [] }]);
    expect(teamsOnly.unmanaged_unchecked).toEqual(['roles, agents, applications not listed: no manifest declares or refers to them; policy.unmanaged: error lists them (one call each)']);
    const ignored = plan(state([obj('Team', 'Sales')], { unmanaged: 'ignore' }), live({ Team: tenant.Team }), OPTS);
    expect(ignored.unmanaged).toBeUndefined();
    expect(ignored.unmanaged_unchecked).toBeUndefined();
  });

  it("policy.unmanaged: error refuses each privileged one the details show, except halo-iac's own login", () => {
    // What readLive brings under error: every role and each unmanaged agent (but the login) in detail.
    const detailed = {
      ...tenant,
      Agent: [
        tenant.Agent[0]!,
        { ...tenant.Agent[1]!, is_admin: false, claims: [] },
        { ...tenant.Agent[2]!, is_admin: false, claims: [] },
        { ...tenant.Agent[3]!, is_admin: false, claims: [] },
        { ...tenant.Agent[4]!, is_admin: true, claims: [] },
      ],
      Role: [...tenant.Role.slice(0, 2), { ...tenant.Role[2]!, claims: [{ type: 'SA', value: 'true' }] }],
    };
    const p = plan(state(declared, { unmanaged: 'error' }), live(detailed, me), { ...OPTS, clientId: 'boot-client' });
    const why = 'is not managed by halo-iac and is privileged';
    expect(p.errors.map((e) => e.message)).toEqual([
      `role/Helpdesk Lead (id r-3) ${why} (role-administrator); policy.unmanaged is error: declare it in a manifest, or remove it in Halo`,
      `agent/Night Owl (id 8) ${why} (admin-agent); policy.unmanaged is error: declare it in a manifest, or remove it in Halo`,
      `agent/Reporting API (id 5) ${why} (api-only-agent); policy.unmanaged is error: declare it in a manifest, or remove it in Halo`,
      `agent/Temp Admin (id 4) ${why} (admin-agent); policy.unmanaged is error: declare it in a manifest, or remove it in Halo`,
      `application/Old Sync (id b-7) ${why} (scope-admin); policy.unmanaged is error: declare it in a manifest, or remove it in Halo`,
    ]);
    expect(p.unmanaged?.map((u) => u.address)).toEqual(expect.arrayContaining(['agent/Admin', 'application/halo-iac bootstrap']));
    // The login agent is never read (never refused): nothing is left unchecked.
    expect(p.unmanaged_unchecked).toBeUndefined();
  });
});
