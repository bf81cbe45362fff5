import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { MOOVILA_PERMISSIONS as GUIDE_PERMISSIONS } from './guides.js';
import { checkRows, expand, only } from './helpers.js';

/** seed 002, application "Permissions" tab, in the guide's order. */
const GUIDE_SCOPES = [
  'all:teams', 'admin:webhooks', 'read:tickets', 'edit:tickets', 'read:customers', 'read:projects', 'edit:projects',
  'read:reporting', 'edit:reporting', 'read:timesheets', 'edit:timesheets', 'read:calendar', 'edit:calendar',
];

describe('moovila blueprint', () => {
  const { state, diagnostics } = expand('moovila', { team: 'Projects', departments: ['Delivery'] });

  it('expands into the guide objects with deterministic names and blueprint origin', () => {
    expect(state.objects.map((o) => o.address)).toEqual([
      'tickettype/Project',
      'tickettype/Project Task',
      'agent/Moovila API',
      'application/Moovila',
      'settings/settings',
    ]);
    for (const o of state.objects) {
      expect(o.origin).toBe('blueprint/moovila');
      expect(o.source).toEqual({ file: '/envs/test/objects.yaml', line: 1, column: 7 });
    }
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('gives the agent the whole permission table of the guide, nothing more', () => {
    const agent = only(state.objects, 'Agent')[0];
    expect(() => checkRows(agent?.spec ?? {}, GUIDE_PERMISSIONS)).not.toThrow();
  });

  it('adds the agent to the teams and to departments at Modify All', () => {
    const spec = only(state.objects, 'Agent')[0]?.spec;
    expect(spec?.teams).toEqual({ mode: 'include', members: ['Projects'] });
    expect(spec?.departments).toEqual({ mode: 'include', members: [{ name: 'Delivery', level: 'modifyAll' }] });
    expect(only(expand('moovila', { team: 'P', teams: 'all' }).state.objects, 'Agent')[0]?.spec.teams).toEqual({ mode: 'include', members: 'all' });
  });

  it('creates the application with exactly the guide scopes, logging in as the agent', () => {
    const app = only(state.objects, 'Application')[0];
    expect(app?.spec).toEqual({
      authMethod: 'clientCredentials',
      loginType: 'agent',
      loginAs: 'Moovila API',
      scopes: GUIDE_SCOPES,
      active: true,
      secret: { sink: 'env-file:.halo-iac/moovila.env' },
    });
    expect(app?.dependsOn).toEqual(['agent/Moovila API']);
  });

  it('creates Project and Project Task ticket types as the guide sets them', () => {
    const [project, task] = only(state.objects, 'TicketType');
    const common = { itilType: 'projects', use: 'projects', visibleToAgents: true, agentsCanLog: true, defaultTeam: 'Projects', fields: ['startDateTime', 'targetDateTime'] };
    expect(project?.spec).toEqual({ ...common, projectHierarchy: 'projects' });
    expect(task?.spec).toEqual({ ...common, projectHierarchy: 'projectTasks' });
  });

  it('sets the ticket id method to auto-incrementing key', () => {
    expect(only(state.objects, 'Settings')[0]?.spec).toEqual({ nextTicketIdMethod: 'autoIncrementingKey' });
  });

  it('takes names and the secret sink from with:', () => {
    const r = expand('moovila', { team: 'P', agentName: 'MV', applicationName: 'MV App', projectTicketType: 'Prj', taskTicketType: 'Tsk', secretSink: 'file:mv.json', settings: false });
    expect(r.state.objects.map((o) => o.address)).toEqual(['tickettype/Prj', 'tickettype/Tsk', 'agent/MV', 'application/MV App']);
    expect(only(r.state.objects, 'Application')[0]?.spec.secret).toEqual({ sink: 'file:mv.json' });
  });

  it('requires with.team and rejects unknown options, at their positions', () => {
    const r = expand('moovila', { teem: 'x' });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([
      expect.stringContaining("blueprint/moovila: with.teem: unknown option 'teem' (did you mean 'team'?)"),
      expect.stringContaining('blueprint/moovila: with.team: is required'),
    ]);
  });
});
