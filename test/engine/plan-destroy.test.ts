import { describe, expect, it } from 'vitest';
import { kindsToRead, plan } from '../../src/engine/index.js';
import { live, obj, OPTS, state } from './helpers/desired.js';

const tenant = {
  Department: [{ id: 3, name: 'Sales', agent_department: true }],
  Team: [
    { id: 10, name: 'Old', department_id: 3, department_name: 'Sales', forrequests: true, inactive: false },
    { id: 11, name: 'Night', department_id: 3, department_name: 'Sales', forrequests: true, inactive: false },
  ],
  Agent: [
    { id: 1, name: 'Admin', isapiagent: false, teams: [] },
    { id: 5, name: 'Jane Smith', isapiagent: false, email: 'jane@example.com', teams: [{ team_id: 10, team_name: 'Old' }], departments: [] },
    { id: 6, name: 'Ops Bot', isapiagent: true, teams: [{ team_id: 10, team_name: 'Old' }, { team_id: 11, team_name: 'Night' }], departments: [] },
    // A membership inherited from a role is not the agent's own: not a dependent.
    { id: 7, name: 'Via Role', isapiagent: true, teams: [{ team_id: 10, team_name: 'Old', role_id: 2 }], departments: [] },
  ],
  TicketType: [{ id: 20, name: 'Incident', default_team: 'Old' }],
  Application: [{ id: 'app-1', displayName: 'Ops Sync', loginas_agent_id: 6, loginas_agent_name: 'Ops Bot', loginentity: 0, scopes: [{ name: 'read:tickets' }] }],
};
const me = { id: 1, name: 'Admin' };
const DELETE = { ...OPTS, allowDelete: true };

describe('a destroy shows the whole live object and what depends on it', () => {
  it('before holds every exported field the list has, not only the manifest\'s; dependents from the lists read', () => {
    const s = state([obj('Team', 'Old', {}, { absent: true })]);
    const c = plan(s, live(tenant, me), DELETE).resource_changes[0]!;
    expect(c.change.before).toEqual({ name: 'Old', department: 'Sales', inactive: false, use: ['tickets'] });
    expect(c.dependents).toEqual([
      { address: 'agent/Jane Smith', reason: 'member of team/Old' },
      { address: 'agent/Ops Bot', reason: 'member of team/Old' },
      { address: 'tickettype/Incident', reason: 'defaults to team/Old' },
    ]);
    expect(c.risk_reasons).toEqual([{ risk: 'destroy', reason: 'team/Old (3 objects depend on it)' }]);
  });

  it('applications logging in as an agent; teams in a department; objects this plan destroys too are left out', () => {
    const s = state([obj('Agent', 'Ops Bot', {}, { absent: true }), obj('Department', 'Sales', {}, { absent: true }), obj('Team', 'Night', {}, { absent: true })]);
    const p = plan(s, live(tenant, me), { ...DELETE, forceDeletes: true });
    const byAddress = Object.fromEntries(p.resource_changes.map((c) => [c.address, c.dependents ?? []]));
    expect(byAddress).toEqual({
      'agent/Ops Bot': [{ address: 'application/Ops Sync', reason: 'logs in as agent/Ops Bot' }],
      'department/Sales': [{ address: 'team/Old', reason: 'in department/Sales' }],
      'team/Night': [],
    });
    const bot = p.resource_changes.find((c) => c.address === 'agent/Ops Bot')!;
    // Only a list record (no detail read): detail-only fields (admin, roles, permissions) are not guessed.
    expect(bot.change.before).toEqual({ name: 'Ops Bot', apiOnly: true, departments: [], disabled: false, teams: ['Night', 'Old'] });
    expect(bot.risk_reasons).toEqual([{ risk: 'destroy', reason: 'agent/Ops Bot (1 object depends on it)' }]);
  });

  it('read in detail (readLive reads each agent it will destroy), the whole agent is shown', () => {
    const bot = { ...tenant.Agent[2]!, is_admin: true, roles: [{ id: 'r-2', name: 'Agent' }], claims: [] };
    const snapshot = live({ ...tenant, Agent: [tenant.Agent[0]!, bot] }, me);
    const detailed = { ...snapshot, objects: { ...snapshot.objects, Agent: snapshot.objects.Agent!.map((o) => (o.id === 6 ? { ...o, detailed: true as const } : o)) } };
    const c = plan(state([obj('Agent', 'Ops Bot', {}, { absent: true })]), detailed, DELETE).resource_changes[0]!;
    expect(c.change.before).toEqual(expect.objectContaining({ name: 'Ops Bot', admin: true, roles: ['Agent'], apiOnly: true }));
  });

  it('a delete reads the kinds that may refer to it, and only then', () => {
    // The read floor (issue 12 §1): the declared kind only, as nothing is referenced...
    expect(kindsToRead([obj('Team', 'Old')])).toEqual(['Team']);
    // ...and for a delete, the kinds that may refer to it.
    expect(kindsToRead([obj('Team', 'Old', {}, { absent: true })])).toEqual(['Team', 'TicketType', 'Agent']);
    expect(kindsToRead([obj('Agent', 'Bot', {}, { absent: true })])).toEqual(['Agent', 'Application']);
  });
});
