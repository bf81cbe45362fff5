/**
 * Regressions found by the convergence property (convergence-property.test.ts), each reduced to
 * its shrunk counterexample: manifests that could never converge are now plan errors, and the two
 * real convergence bugs (apply order under `members: all`, renamed departments in include mode)
 * converge on the simulator.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plan } from '../../src/engine/index.js';
import { live, obj, OPTS, state } from './helpers/desired.js';
import { harness, type Harness } from './helpers/sim.js';

function errorsOf(objects: Parameters<typeof state>[0]): string[] {
  return plan(state(objects), live({ Team: [], TicketType: [], Role: [], Agent: [] }), OPTS).errors.map((e) => e.message);
}

describe('manifests that could never converge are plan errors', () => {
  it('a ticket type whose itilType contradicts its projectHierarchy', () => {
    expect(errorsOf([obj('TicketType', 'Type C', { itilType: 'none', projectHierarchy: 'projects' })])).toEqual([
      "tickettype/Type C: itilType 'none' contradicts projectHierarchy 'projects', which sets the ITIL type 'projects' (set itilType: projects or drop one of them)",
    ]);
    expect(errorsOf([obj('TicketType', 'Type C', { itilType: 'projects', projectHierarchy: 'projects' })])).toEqual([]);
  });

  it('not an empty access list: "all" is the Ft / Fc claim, so [] (nothing allowed) is a real state (converge.test.ts applies it)', () => {
    expect(errorsOf([obj('Agent', 'Bot A', { apiOnly: true, access: { ticketTypes: [], customers: [], assetTypes: [], assetFields: [] } })])).toEqual([]);
  });

  it('a role with a permission the catalog maps to an agent field (admin -> is_admin)', () => {
    expect(errorsOf([obj('Role', 'Role A', { permissions: { admin: true, tickets: 'readOnly' } })])).toEqual([
      'role/Role A: permissions.admin is the agent field is_admin (catalog), which Halo roles do not have: set it on the agents instead',
    ]);
  });

  it('a role giving one claim type twice, or in claims and permissions (one value per type is kept)', () => {
    const role = (claims: { type: string; value: string }[], permissions = {}) => obj('Role', 'Role C', { claims, permissions });
    expect(errorsOf([role([{ type: 'x-test', value: 'a' }, { type: 'x-test', value: 'b' }])])).toEqual([
      "role/Role C: claim type 'x-test' is given more than once; a role holds one value per claim type",
    ]);
    expect(errorsOf([role([{ type: 'x-test', value: 'a' }], { raw: { 'x-test': 'b' } })])).toEqual([
      "role/Role C: claim type 'x-test' is also set by permissions.raw.x-test; give it in one place",
    ]);
    expect(errorsOf([role([{ type: 'x-test', value: 'a' }, { type: 'x-other', value: 'b' }])])).toEqual([]);
  });

  it('an agent setting one claim twice with different values (permissions and access)', () => {
    const bot = (p: boolean, a: boolean): ReturnType<typeof obj> =>
      obj('Agent', 'Bot C', { apiOnly: true, permissions: { canCreateTicketTypes: p }, access: { canCreateTicketTypes: a } });
    expect(errorsOf([bot(true, false)])).toEqual([
      "agent/Bot C: permissions.canCreateTicketTypes: true contradicts the agent's access, which sets canCreateTicketTypes to false",
    ]);
    expect(errorsOf([bot(true, true)])).toEqual([]);
  });
});

describe('convergence bugs (simulator)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('teams.members: all waits for every declared team, even one a level deeper', async () => {
    const objects = [
      obj('Department', 'Ops'),
      obj('Team', 'Beta', { department: 'Ops' }),
      obj('Agent', 'Bot B', { apiOnly: true, teams: { mode: 'exact', members: 'all' } }),
    ];
    const p = await h.planFor(objects);
    expect(p.resource_changes.find((c) => c.address === 'agent/Bot B')?.depends_on).toEqual(['team/Beta']);
    const result = await h.applyFor(objects);
    expect(result.failed).toEqual([]);
    expect((await h.planFor(objects)).summary).toEqual({ add: 0, change: 0, destroy: 0 });
  });

  it('include-mode department memberships naming a department by its previous name converge', async () => {
    const objects = [
      obj('Department', 'Finance', {}, { previously: ['Sales'] }),
      obj('Agent', 'Bot D', { apiOnly: true, departments: { mode: 'include', members: [{ name: 'Sales', level: 'modifyAll' }] } }),
    ];
    const result = await h.applyFor(objects);
    expect(result.failed).toEqual([]);
    expect(result.remaining.summary).toEqual({ add: 0, change: 0, destroy: 0 });
    const snapshot = h.sim.snapshot().collections;
    const finance = snapshot.TopLevel?.find((d) => d.name === 'Finance');
    const agent = snapshot.Agent?.find((a) => a.name === 'Bot D');
    // One row, for the renamed department: not a second row added on every apply.
    expect((agent?.departments as { department_id?: number }[]).map((d) => d.department_id)).toEqual([finance?.id]);
    expect((await h.applyFor(objects)).remaining.summary).toEqual({ add: 0, change: 0, destroy: 0 });
  });
});
