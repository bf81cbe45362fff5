import { describe, expect, it } from 'vitest';
import { plan } from '../../src/engine/index.js';
import { loadCatalog } from '../../src/manifest/catalog.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '../../src/model/catalog.js';
import { live, obj, OPTS, state } from './helpers/desired.js';

/** The stock catalog with an override file deep-merged into it. */
function overridden(yaml: string): Catalog {
  const file = join(mkdtempSync(join(tmpdir(), 'halo-iac-risks-')), 'overrides.yaml');
  writeFileSync(file, yaml);
  const loaded = loadCatalog(file);
  expect(loaded.diagnostics).toEqual([]);
  return loaded.catalog;
}

const tenant = {
  Agent: [
    { id: 1, name: 'Admin', is_admin: true, isapiagent: false },
    { id: 5, name: 'Moovila API', isapiagent: true, is_admin: false, roles: [], claims: [{ type: 'l4', value: '0' }, { type: 'Tx', value: '1' }, { type: 'At', value: '0' }], departments: [], teams: [] },
  ],
  Role: [{ id: 'r-1', name: 'Admins', claims: [] }, { id: 'r-2', name: 'Power', claims: [{ type: 'l4', value: '0' }] }],
  Department: [{ id: 3, name: 'Sales', agent_department: true }],
  Application: [{ id: 'app-9', displayName: 'Sync', scopes: [{ name: 'read:tickets' }] }],
};
const me = { id: 1, name: 'Admin' };

function reasons(p: ReturnType<typeof plan>): Record<string, unknown> {
  return Object.fromEntries(p.resource_changes.map((c) => [c.address, { risks: c.risks, reasons: c.risk_reasons ?? [] }]));
}

describe('risk labels come from the catalog, each with its reason', () => {
  it('names each privileged permission, access right, role and department level an agent gains', () => {
    const s = state([
      obj('Agent', 'Moovila API', {
        apiOnly: true,
        roles: ['Admins'],
        departments: { mode: 'include', members: [{ name: 'Sales', level: 'modifyAll' }] },
        permissions: { canDeleteTickets: true, tickets: 'readModify', calendars: 'readModify' },
        access: { canCreateTicketTypes: true },
      }),
    ]);
    expect(reasons(plan(s, live(tenant, me), OPTS))).toEqual({
      'agent/Moovila API': {
        risks: ['privilege-escalation'],
        reasons: [
          { risk: 'privilege-escalation', reason: 'permissions.canDeleteTickets false -> true' },
          { risk: 'privilege-escalation', reason: 'permissions.tickets "readOnly" -> "readModify"' },
          { risk: 'privilege-escalation', reason: 'access.canCreateTicketTypes false -> true' },
          { risk: 'privilege-escalation', reason: 'roles + Admins' },
          { risk: 'privilege-escalation', reason: 'departments + Sales at modifyAll' },
        ],
      },
    });
  });

  it('a role taken from an agent is labelled privilege-removal; an agent whose manifest leaves roles out loses none', () => {
    const holder = { id: 6, name: 'Role Holder', isapiagent: true, is_admin: false, roles: [{ id: 'r-1', name: 'Admins' }, { id: 'r-2', name: 'Power' }], claims: [], departments: [], teams: [] };
    const t = { ...tenant, Agent: [...tenant.Agent, holder] };
    const removed = plan(state([obj('Agent', 'Role Holder', { apiOnly: true, roles: ['Power'] })]), live(t, me), OPTS);
    expect(reasons(removed)).toEqual({ 'agent/Role Holder': { risks: ['privilege-removal'], reasons: [{ risk: 'privilege-removal', reason: 'roles - Admins' }] } });
    const untouched = plan(state([obj('Agent', 'Role Holder', { apiOnly: true, email: 'h@example.com' })]), live(t, me), OPTS);
    expect(reasons(untouched)).toEqual({ 'agent/Role Holder': { risks: [], reasons: [] } });
  });

  it('a new agent: admin (the catalog permission of field is_admin) and the licence, with reasons', () => {
    const s = state([obj('Agent', 'Human', { email: 'h@example.com', admin: true }), obj('Agent', 'Bot', { apiOnly: true, admin: false })]);
    expect(reasons(plan(s, live(tenant, me), OPTS))).toEqual({
      'agent/Human': {
        risks: ['licence', 'privilege-escalation'],
        reasons: [
          { risk: 'privilege-escalation', reason: 'admin = true' },
          { risk: 'licence', reason: 'a new agent that is not API-only uses a licence' },
        ],
      },
      'agent/Bot': { risks: [], reasons: [] },
    });
  });

  it('roles and applications: privileged permissions and scopes (every all* and admin* scope)', () => {
    const s = state([
      obj('Role', 'Power', { permissions: { canDeleteTickets: true, calendars: 'readModify' } }),
      obj('Application', 'Sync', { loginAs: 'Admin', scopes: ['read:tickets', 'all:teams', 'admin:webhooks', 'read:projects'] }),
    ]);
    expect(reasons(plan(s, live(tenant, me), OPTS))).toEqual({
      'role/Power': { risks: ['privilege-escalation'], reasons: [{ risk: 'privilege-escalation', reason: 'permissions.canDeleteTickets false -> true' }] },
      'application/Sync': {
        risks: ['privilege-escalation'],
        reasons: [
          { risk: 'privilege-escalation', reason: 'scopes + admin:webhooks' },
          { risk: 'privilege-escalation', reason: 'scopes + all:teams' },
        ],
      },
    });
  });

  it('what is privileged is data: an override moves the labels', () => {
    const cat = overridden(
      ['membershipLevels:', '  modifyAll: { privileged: false }', '  readOnly: { privileged: true }', 'permissions:', '  calendars:', '    values:', '      readModify: { privileged: true }', ''].join('\n'),
    );
    const s = {
      ...state([
        obj('Agent', 'Moovila API', {
          departments: { mode: 'include', members: [{ name: 'Sales', level: 'modifyAll' }] },
          permissions: { calendars: 'readModify' },
        }),
        obj('Agent', 'Reader', { apiOnly: true, departments: { mode: 'include', members: [{ name: 'Sales', level: 'readOnly' }] } }),
      ]),
      catalog: cat,
    };
    expect(reasons(plan(s, live(tenant, me), OPTS))).toEqual({
      'agent/Moovila API': { risks: ['privilege-escalation'], reasons: [{ risk: 'privilege-escalation', reason: 'permissions.calendars null -> "readModify"' }] },
      'agent/Reader': { risks: ['privilege-escalation'], reasons: [{ risk: 'privilege-escalation', reason: 'departments + Sales at readOnly' }] },
    });
  });

  it('lockout says why', () => {
    const s = state([obj('Agent', 'Admin', { email: 'new@example.com' })]);
    const p = plan(s, live(tenant, me), { ...OPTS, allowLockout: true });
    expect(p.resource_changes[0]?.risk_reasons).toEqual([{ risk: 'lockout', reason: 'halo-iac logs in as agent/Admin' }]);
  });
});
