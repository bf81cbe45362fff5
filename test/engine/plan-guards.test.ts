import { describe, expect, it } from 'vitest';
import { plan } from '../../src/engine/index.js';
import { live, obj, OPTS, state } from './helpers/desired.js';

const tenant = {
  Agent: [
    { id: 1, name: 'Admin', is_admin: true, isapiagent: false, email: 'admin@example.com' },
    { id: 7, name: 'Old Bot', isapiagent: true },
    { id: 8, name: 'Old Bot 2', isapiagent: true },
  ],
  Team: [{ id: 1, name: 'Sales' }],
  Application: [{ id: 'app-1', displayName: 'halo-iac bootstrap', clientId: 'boot-client', scopes: [{ name: 'all' }] }],
};
const me = { id: 1, name: 'Admin' };

describe('plan guards', () => {
  it('refuses deletes without allowDelete, into plan.errors', () => {
    const s = state([obj('Agent', 'Old Bot', {}, { absent: true })]);
    const p = plan(s, live(tenant, me), OPTS);
    expect(p.resource_changes).toEqual([]);
    expect(p.errors.map((e) => e.message)).toEqual([
      'refusing to delete agent/Old Bot: deletes need policy.allowDelete and --allow-delete',
    ]);
  });

  it('plans a delete with allowDelete, labelled destroy, with the DELETE request', () => {
    const s = state([obj('Agent', 'Old Bot', {}, { absent: true })]);
    const p = plan(s, live(tenant, me), { ...OPTS, allowDelete: true });
    expect(p.errors).toEqual([]);
    expect(p.summary.destroy).toBe(1);
    const c = p.resource_changes[0]!;
    expect(c.change.actions).toEqual(['delete']);
    expect(c.risks).toEqual(['destroy']);
    expect(c.request).toEqual({ method: 'DELETE', path: '/api/Agent/7' });
  });

  it('absent and already gone is nothing to do', () => {
    const p = plan(state([obj('Agent', 'Never There', {}, { absent: true })]), live(tenant, me), OPTS);
    expect(p.resource_changes).toEqual([]);
    expect(p.errors).toEqual([]);
  });

  it('never deletes a protected object', () => {
    const s = state([obj('Agent', 'Old Bot', {}, { absent: true, protect: true })]);
    const p = plan(s, live(tenant, me), { ...OPTS, allowDelete: true });
    expect(p.resource_changes).toEqual([]);
    expect(p.errors[0]!.message).toMatch(/protected/);
  });

  it('refuses more deletes than policy.maxDeletes unless forceDeletes', () => {
    const s = state([obj('Agent', 'Old Bot', {}, { absent: true }), obj('Agent', 'Old Bot 2', {}, { absent: true })], { maxDeletes: 1 });
    const p = plan(s, live(tenant, me), { ...OPTS, allowDelete: true });
    expect(p.errors.map((e) => e.message)).toEqual([
      'refusing to delete 2 objects: policy.maxDeletes is 1 (use --force-deletes to override)',
    ]);
    expect(plan(s, live(tenant, me), { ...OPTS, allowDelete: true, forceDeletes: true }).errors).toEqual([]);
  });

  it('refuses changes to the agent halo-iac logs in as unless allowLockout', () => {
    const s = state([obj('Agent', 'Admin', { admin: false })]);
    const p = plan(s, live(tenant, me), OPTS);
    expect(p.resource_changes).toEqual([]);
    expect(p.errors[0]!.message).toMatch(/refusing to change agent\/Admin: halo-iac logs in as this agent/);
    const allowed = plan(s, live(tenant, me), { ...OPTS, allowLockout: true });
    expect(allowed.errors).toEqual([]);
    expect(allowed.resource_changes[0]!.risks).toContain('lockout');
  });

  it('a no-op on the own agent is fine', () => {
    const s = state([obj('Agent', 'Admin', { admin: true })]);
    const p = plan(s, live(tenant, me), OPTS);
    expect(p.errors).toEqual([]);
    expect(p.summary.change).toBe(0);
  });

  it('refuses changes to the application whose client id halo-iac uses', () => {
    const s = state([obj('Application', 'halo-iac bootstrap', { scopes: ['read:tickets'] })]);
    const p = plan(s, live(tenant, me), { ...OPTS, clientId: 'boot-client' });
    expect(p.errors[0]!.message).toMatch(/application/);
    expect(plan(s, live(tenant, me), { ...OPTS, clientId: 'other' }).errors).toEqual([]);
  });

  it('labels privilege escalation and licence', () => {
    const s = state([
      obj('Agent', 'Human', { email: 'h@example.com', admin: true }),
      obj('Agent', 'Bot', { apiOnly: true }),
      obj('Application', 'Rewst', { loginAs: 'Bot', scopes: ['all'] }),
      obj('Application', 'Narrow', { loginAs: 'Bot', scopes: ['read:tickets'] }),
    ]);
    const p = plan(s, live(tenant, me), OPTS);
    const risks = Object.fromEntries(p.resource_changes.map((c) => [c.address, c.risks]));
    expect(risks).toEqual({
      'agent/Human': ['licence', 'privilege-escalation'],
      'agent/Bot': [],
      'application/Rewst': ['privilege-escalation'],
      'application/Narrow': [],
    });
  });

  it('labels a role granting admin-like permissions as privilege escalation', () => {
    const s = state([obj('Role', 'Power', { permissions: { admin: true } }), obj('Role', 'Reader', { permissions: { tickets: 'readOnly' } })]);
    const p = plan(s, live({ Role: [] }), OPTS);
    expect(p.resource_changes.map((c) => c.risks)).toEqual([['privilege-escalation'], []]);
  });
});

describe('apply guard', () => {
  it('refuses a plan with errors before any request', async () => {
    const { apply } = await import('../../src/engine/index.js');
    const s = state([obj('Agent', 'Old Bot', {}, { absent: true })]);
    const p = plan(s, live(tenant, me), OPTS);
    const calls: string[] = [];
    const writer = new Proxy({}, { get: (_t, prop) => { calls.push(String(prop)); throw new Error('no request expected'); } });
    await expect(apply(p, s, writer as never, { batchSize: 50, parallelism: 1, envDir: '.' })).rejects.toThrow(/refusing to delete agent\/Old Bot/);
    expect(calls).toEqual([]);
  });
});

describe('unsupported spec values', () => {
  it('are plan errors, never silently ignored', () => {
    const source = { file: 'manifests/agents.yaml', line: 9, column: 9 };
    const s = state([obj('Agent', 'Bot', { apiOnly: true, access: { customers: ['acme corp', 'Acme'], canCreateTicketTypes: true } }, {
      fieldSources: { 'access.customers.1': source },
    })]);
    const p = plan(s, { ...live(tenant, me), customers: [{ id: 1, name: 'Acme Corp' }] }, OPTS);
    // access.canCreateTicketTypes is supported now (through its catalog permission): no error for it.
    // Customer names resolve against the live list; an unknown one is an error at its own position.
    expect(p.errors).toEqual([{
      message: 'agent/Bot: spec.access.customers[1] refers to customer "Acme", which does not exist live (customers are not managed by halo-iac: create it in Halo first)',
      address: 'agent/Bot',
      source,
    }]);
  });

  it('an "allow all" flag set under permissions is its claim; contradicting access, or given raw too, is refused', () => {
    const s = state([
      obj('Agent', 'Bot', { apiOnly: true, permissions: { allowAllTicketTypes: true }, access: { ticketTypes: [] } }),
      obj('Agent', 'Raw Bot', { apiOnly: true, permissions: { tickets: 'readOnly', raw: { Tx: '2', Ticket_Level: '1' } } }),
      obj('Role', 'Ops', { permissions: { allowAllCustomers: true } }),
    ]);
    const p = plan(s, live(tenant, me), OPTS);
    expect(p.errors.map((e) => e.message)).toEqual([
      "agent/Bot: permissions.allowAllTicketTypes: true contradicts the agent's access, which sets allowAllTicketTypes to false",
      'agent/Raw Bot: permissions.raw.Tx is the claim of permissions.tickets (catalog): set it in one place',
    ]);
  });
});
