import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadCatalog } from '../../src/manifest/catalog.js';
import { Agent, Application, desiredStateFromApp, Environment, HaloApp, synthesizeDesiredState, Team, TicketType } from '../../constructs/index.js';
import { doc, env, pos } from './helpers.js';

const { catalog } = loadCatalog();

describe('references', () => {
  it('warns at the reference position when the target is not declared; members: all is not a reference', () => {
    const { diagnostics, state } = synthesizeDesiredState(
      env(),
      [
        doc('Agent', 'Bot', { apiOnly: true, teams: { mode: 'include', members: ['Service Desk'] } }, 1, { 'teams.members.0': pos(6, 20) }),
        doc('Agent', 'All', { apiOnly: true, teams: { mode: 'include', members: 'all' } }, 10),
      ],
      catalog,
    );
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "/envs/test/objects.yaml:6:20: warning: agent/Bot: team 'Service Desk' is not declared; it must exist in Halo (resolved at plan time)",
    ]);
    expect(state.diagnostics).toEqual(diagnostics);
    expect(state.objects.find((o) => o.name === 'Bot')?.references).toEqual([{ kind: 'Team', name: 'Service Desk', path: 'teams.members.0', relation: 'member of' }]);
    expect(state.objects.find((o) => o.name === 'All')?.references).toEqual([]);
  });

  it('names multi-word kinds in words and orders a ticket type before the agent that may use it', () => {
    const { diagnostics, state } = synthesizeDesiredState(
      env(),
      [doc('Agent', 'Bot', { apiOnly: true, access: { ticketTypes: ['Incident', 'Change'] } }, 1, { 'access.ticketTypes.1': pos(5, 9) }), doc('TicketType', 'Incident', {}, 8)],
      catalog,
    );
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "/envs/test/objects.yaml:5:9: warning: agent/Bot: ticket type 'Change' is not declared; it must exist in Halo (resolved at plan time)",
    ]);
    expect(state.objects.map((o) => [o.address, o.dependsOn])).toEqual([
      ['tickettype/Incident', []],
      ['agent/Bot', ['tickettype/Incident']],
    ]);
  });

  it('warns when an application logs in as an agent that is not API-only', () => {
    const { diagnostics } = synthesizeDesiredState(
      env(),
      [doc('Agent', 'Person', { email: 'p@example.com' }, 1), doc('Application', 'App', { loginAs: 'Person', scopes: ['all'] }, 4, { loginAs: pos(6, 12) })],
      catalog,
    );
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^\/envs\/test\/objects\.yaml:6:12: warning: application\/App: logs in as agent 'Person', which is not API-only/),
    ]);
  });

  it('matches references case-insensitively and records dependsOn addresses', () => {
    const { state, diagnostics } = synthesizeDesiredState(
      env(),
      [doc('TicketType', 'Project', { defaultTeam: 'projects ' }, 1), doc('Team', 'Projects', {}, 4)],
      catalog,
    );
    expect(diagnostics).toEqual([]);
    expect(state.objects.map((o) => [o.address, o.dependsOn])).toEqual([
      ['team/Projects', []],
      ['tickettype/Project', ['team/Projects']],
    ]);
  });
});

describe('order', () => {
  it('sorts by references, then kind order, then name', () => {
    const { state } = synthesizeDesiredState(
      env(),
      [
        doc('Settings', 'settings', {}, 1),
        doc('Application', 'App', { loginAs: 'Zed', scopes: ['all'] }, 2),
        doc('Agent', 'Zed', { apiOnly: true, defaultTeam: 'B', departments: { mode: 'include', members: [{ name: 'D', level: 'member' }] } }, 3),
        doc('Agent', 'Amy', { apiOnly: true }, 4),
        doc('Team', 'B', { department: 'D' }, 5),
        doc('Team', 'A', {}, 6),
        doc('Role', 'R', {}, 7),
        doc('Department', 'D', {}, 8),
      ],
      catalog,
    );
    expect(state.objects.map((o) => o.address)).toEqual([
      'department/D',
      'team/A',
      'team/B',
      'role/R',
      'agent/Amy',
      'agent/Zed',
      'application/App',
      'settings/settings',
    ]);
    expect(state.objects.find((o) => o.name === 'Zed')?.dependsOn).toEqual(['department/D', 'team/B']);
  });

  it('reports a cycle with the loop', () => {
    const app = new HaloApp();
    const e = new Environment(app, { config: env(), catalog });
    const team = new Team(e, 'A', { source: pos(3) });
    const agent = new Agent(e, 'B', { spec: { apiOnly: true, defaultTeam: 'A' } });
    team.node.addDependency(agent); // code-level dependency closing the loop agent/B -> team/A -> agent/B
    const { diagnostics, states } = desiredStateFromApp(app);
    expect(diagnostics.map(formatDiagnostic)).toEqual(['/envs/test/objects.yaml:3:7: dependency cycle: team/A -> agent/B -> team/A']);
    expect(states[0]?.objects.map((o) => o.address)).toEqual(['team/A', 'agent/B']);
  });
});

describe('TypeScript-built tree', () => {
  it('grows memberships and scopes through add* and yields the same desired state as YAML', () => {
    const app = new HaloApp();
    const e = new Environment(app, { config: env(), catalog });
    new Team(e, 'Projects', { spec: { use: ['projects'] } });
    const agent = new Agent(e, 'Bot', { spec: { apiOnly: true } }).addTeam('Projects').addDepartment('Delivery', 'modifyAll');
    const appObj = new Application(e, 'Integration', { spec: { loginAs: 'Bot', scopes: ['read:tickets'] } });
    appObj.addScope('edit:tickets').addScope('read:tickets');
    new TicketType(e, 'Project', { spec: { itilType: 'projects', defaultTeam: 'Projects' } }).addField('startDateTime');
    expect(agent.node.validate()).toEqual([]);

    const { states, diagnostics } = desiredStateFromApp(app);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "agent/Bot: warning: department 'Delivery' is not declared; it must exist in Halo (resolved at plan time)",
    ]);
    const state = states[0];
    expect(state?.objects.map((o) => o.address)).toEqual(['team/Projects', 'tickettype/Project', 'agent/Bot', 'application/Integration']);
    expect(state?.objects.find((o) => o.kind === 'Agent')?.spec).toEqual({
      apiOnly: true,
      teams: { mode: 'include', members: ['Projects'] },
      departments: { mode: 'include', members: [{ name: 'Delivery', level: 'modifyAll' }] },
    });
    expect(state?.objects.find((o) => o.kind === 'Application')?.spec.scopes).toEqual(['read:tickets', 'edit:tickets']);
    expect(state?.objects.find((o) => o.kind === 'TicketType')?.spec.fields).toEqual(['startDateTime']);
  });

  it('surfaces validation errors through node.validate()', () => {
    const app = new HaloApp();
    const e = new Environment(app, { config: env(), catalog });
    const a = new Application(e, 'Bad', { spec: { loginAs: 'x', scopes: ['read:users'] } });
    expect(a.node.validate()).toEqual([expect.stringContaining("application/Bad: scope 'read:users' does not exist in Halo")]);
  });

  it('copies the spec so later edits by the caller cannot change the object', () => {
    const app = new HaloApp();
    const e = new Environment(app, { config: env(), catalog });
    const spec = { loginAs: 'Bot', scopes: ['all'] };
    new Application(e, 'App', { spec });
    spec.scopes.push('admin');
    expect(desiredStateFromApp(app).states[0]?.objects[0]?.spec.scopes).toEqual(['all']);
  });
});

describe('unverified catalog values in use', () => {
  it('lists each unverified entry the objects rely on, with the addresses using it', () => {
    const { state } = synthesizeDesiredState(
      env(),
      [
        doc('Agent', 'A', { apiOnly: true, departments: { mode: 'include', members: [{ name: 'D', level: 'modifyAll' }] }, permissions: { tickets: 'readOnly' } }, 1),
        doc('Agent', 'B', { apiOnly: true, departments: { mode: 'include', members: [{ name: 'D', level: 'modifyAll' }] } }, 2),
        doc('Team', 'T', { use: ['tickets'] }, 3),
      ],
      catalog,
    );
    expect(state.unverified.map((u) => [u.entry, u.halo, u.usedBy])).toEqual([
      ['membershipLevels.modifyAll', 3, ['agent/A', 'agent/B']],
      ['permissions.tickets', { claim: 'Tx' }, ['agent/A']],
      ['permissions.tickets.values.readOnly', '1', ['agent/A']],
    ]);
    expect(state.unverified.map((u) => u.source.split(/[;(]/)[0]?.trim())).toEqual([
      'assumption: no mapping found', 'storage code: ROLE-SQL-A', 'stored value: ROLE-SQL-A value table',
    ]);
  });
});

describe('topologicalOrder on long chains', () => {
  it('finds a cycle at the end of a 50,000-object chain without overflowing the stack', async () => {
    const { topologicalOrder } = await import('../../constructs/graph.js');
    const n = 50_000;
    const nodes = Array.from({ length: n }, (_, i) => ({ address: `team/T${i}`, kind: 'Team' as const, name: `T${i}`, dependsOn: [`team/T${i + 1}`] }));
    nodes[n - 1]!.dependsOn = [`team/T${n - 2}`];
    const result = topologicalOrder(nodes);
    expect(result.cycle).toEqual([`team/T${n - 2}`, `team/T${n - 1}`, `team/T${n - 2}`]);
  });
});
