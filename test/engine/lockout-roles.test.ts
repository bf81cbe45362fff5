/**
 * Lockout through roles and memberships (issue 9 §4): the login agent's own rights come from the
 * roles it holds and the teams and departments it is a member of (GET /api/Agent/me). Changing
 * such a role, or deleting such a team or department, is a lockout change: refused without
 * allowLockout, and labelled `lockout` with a reason naming the role or membership.
 */
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/engine/index.js';
import { live, obj, OPTS, state } from './helpers/desired.js';

const ADMIN_ROLE = 'role-admin';
const tenant = {
  Role: [
    { id: ADMIN_ROLE, name: 'Administrator', notes: 'Full access', claims: [{ type: 'SA', value: 'true' }] },
    { id: 'role-other', name: 'Helpdesk', notes: 'Helpdesk', claims: [] },
  ],
  Team: [{ id: 1, name: 'Ops', department_id: 2 }, { id: 5, name: 'Other', department_id: 2 }],
  Department: [{ id: 2, name: 'Service Delivery' }, { id: 3, name: 'Elsewhere' }],
};
/** The login agent as /api/Agent/me answers: holds Administrator, member of Ops and Service Delivery. */
const me = {
  id: 1,
  name: 'Admin',
  rights: [
    { kind: 'Role' as const, id: ADMIN_ROLE, via: 'role' as const },
    { kind: 'Team' as const, id: 1, via: 'membership' as const },
    { kind: 'Department' as const, id: 2, via: 'membership' as const },
  ],
};

describe('lockout through the login agent’s roles', () => {
  it('editing a role the login agent holds is refused, naming the role and the agent', () => {
    const s = state([obj('Role', 'Administrator', { description: 'Stripped' })]);
    const p = plan(s, live(tenant, me), OPTS);
    expect(p.resource_changes).toEqual([]);
    expect(p.errors.map((e) => e.message)).toEqual([
      "refusing to change role/Administrator: halo-iac's login agent Admin holds this role, so the change could lock halo-iac out (use --allow-lockout)",
    ]);
  });

  it('with allowLockout it is planned, labelled lockout with the reason', () => {
    const s = state([obj('Role', 'Administrator', { description: 'Stripped' })]);
    const c = plan(s, live(tenant, me), { ...OPTS, allowLockout: true }).resource_changes[0];
    expect(c?.risks).toContain('lockout');
    expect(c?.risk_reasons).toContainEqual({ risk: 'lockout', reason: "halo-iac's login agent Admin holds role/Administrator" });
  });

  it('deleting a role the login agent holds is refused too', () => {
    const s = state([obj('Role', 'Administrator', {}, { absent: true })]);
    const p = plan(s, live(tenant, me), { ...OPTS, allowDelete: true });
    expect(p.resource_changes).toEqual([]);
    expect(p.errors.map((e) => e.message)).toEqual([
      "refusing to change role/Administrator: halo-iac's login agent Admin holds this role, so the change could lock halo-iac out (use --allow-lockout)",
    ]);
  });

  it('a role the login agent does not hold, or a no-op on one it holds, is no lockout', () => {
    const s = state([obj('Role', 'Helpdesk', { description: 'Changed' }), obj('Role', 'Administrator', { description: 'Full access' })]);
    const p = plan(s, live(tenant, me), OPTS);
    expect(p.errors).toEqual([]);
    expect(p.resource_changes.map((c) => [c.address, c.change.actions[0], c.risks])).toEqual([
      ['role/Helpdesk', 'update', []],
      ['role/Administrator', 'no-op', []],
    ]);
  });
});

describe('lockout through the login agent’s memberships', () => {
  it('deleting a team or department the login agent is a member of is refused', () => {
    const s = state([obj('Team', 'Ops', {}, { absent: true }), obj('Department', 'Service Delivery', {}, { absent: true })]);
    const p = plan(s, live(tenant, me), { ...OPTS, allowDelete: true });
    expect(p.resource_changes).toEqual([]);
    expect(p.errors.map((e) => e.message)).toEqual([
      "refusing to change team/Ops: halo-iac's login agent Admin is a member of this team, so the change could lock halo-iac out (use --allow-lockout)",
      "refusing to change department/Service Delivery: halo-iac's login agent Admin is a member of this department, so the change could lock halo-iac out (use --allow-lockout)",
    ]);
    const allowed = plan(s, live(tenant, me), { ...OPTS, allowDelete: true, allowLockout: true });
    expect(allowed.resource_changes.map((c) => c.risk_reasons)).toEqual([
      [{ risk: 'lockout', reason: "halo-iac's login agent Admin is a member of team/Ops" }, { risk: 'destroy', reason: 'team/Ops' }],
      [
        { risk: 'lockout', reason: "halo-iac's login agent Admin is a member of department/Service Delivery" },
        { risk: 'destroy', reason: 'department/Service Delivery (1 object depends on it)' },
      ],
    ]);
  });

  it('editing such a team is not (the membership stays); deleting another team is not', () => {
    const s = state([obj('Team', 'Ops', { inactive: false }), obj('Team', 'Other', {}, { absent: true })]);
    const p = plan(s, live(tenant, me), { ...OPTS, allowDelete: true });
    expect(p.errors).toEqual([]);
    expect(p.resource_changes.map((c) => [c.address, c.risks])).toEqual([
      ['team/Ops', []],
      ['team/Other', ['destroy']],
    ]);
  });
});
