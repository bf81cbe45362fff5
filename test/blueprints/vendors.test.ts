import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { synthesizeDesiredState } from '../../constructs/index.js';
import { doc, env, pos } from '../constructs/helpers.js';
import { PERIMETERS_PRIVILEGES } from './guides.js';
import { catalog, checkRows, expand, only } from './helpers.js';

const PERIMETERS_SCOPES = ['read:tickets', 'edit:tickets', 'read:customers', 'read:assets', 'read:projects', 'all:teams'];

describe('perimeters blueprint', () => {
  const { state, diagnostics } = expand('perimeters', { teams: ['Security', 'Service Desk'] });

  it('gives the agent exactly the guide privileges and the chosen teams', () => {
    expect(state.objects.map((o) => o.address)).toEqual(['agent/Perimeters', 'application/Perimeters']);
    const agent = only(state.objects, 'Agent')[0];
    expect(() => checkRows(agent?.spec ?? {}, PERIMETERS_PRIVILEGES)).not.toThrow();
    expect(agent?.spec.teams).toEqual({ mode: 'include', members: ['Security', 'Service Desk'] });
    expect(agent?.spec.apiOnly).toBe(true);
  });

  it('grants the application exactly the guide scopes', () => {
    const app = only(state.objects, 'Application')[0];
    expect([...((app?.spec.scopes as string[]) ?? [])].sort()).toEqual([...PERIMETERS_SCOPES].sort());
    expect(app?.spec.loginAs).toBe('Perimeters');
  });

  it('warns that the teams must exist live, pointing at the with.teams item', () => {
    const r = synthesizeDesiredState(env(), [doc('Blueprint', 'p', { use: 'perimeters', with: { teams: ['Security'] } }, 1, { 'with.teams.0': pos(5, 11) })], catalog);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "/envs/test/objects.yaml:5:11: warning: agent/Perimeters: team 'Security' is not declared; it must exist in Halo (resolved at plan time)",
    ]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('rewst blueprint', () => {
  it('adds the agent to all teams, allows all customers and grants scope all', () => {
    const { state, diagnostics } = expand('rewst');
    expect(diagnostics).toEqual([]);
    const [agent, app] = state.objects;
    expect(agent?.address).toBe('agent/Rewst API');
    expect(agent?.spec).toEqual({ apiOnly: true, teams: { mode: 'include', members: 'all' }, access: { customers: 'all' } });
    expect(catalog.permissions.allowAllCustomers?.restriction?.access).toBe('customers');
    expect(app?.spec).toMatchObject({ authMethod: 'clientCredentials', loginAs: 'Rewst API', scopes: ['all'] });
  });

  it('passes permissions through with:, validated against the catalog', () => {
    const r = synthesizeDesiredState(env(), [doc('Blueprint', 'rewst', { use: 'rewst', with: { permissions: { tickets: 'bogus' } } }, 1, { 'with.permissions.tickets': pos(4, 16) })], catalog);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([expect.stringMatching(/^\/envs\/test\/objects\.yaml:4:16: agent\/Rewst API: permission 'tickets'/)]);
  });
});

describe('postman blueprint', () => {
  it('creates the Postman application with scope all logging in as with.loginAs', () => {
    const { state, diagnostics } = expand('postman', { loginAs: 'Admin API' });
    expect(state.objects.map((o) => [o.address, o.spec])).toEqual([
      ['application/Postman', { authMethod: 'clientCredentials', loginType: 'agent', loginAs: 'Admin API', scopes: ['all'], active: true, secret: { sink: 'env-file:.halo-iac/postman.env' } }],
    ]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([expect.stringContaining("agent 'Admin API' is not declared")]);
  });

  it('takes scopes from with.scopes and requires loginAs', () => {
    expect(expand('postman', { loginAs: 'a', scopes: ['read:tickets'] }).state.objects[0]?.spec.scopes).toEqual(['read:tickets']);
    expect(expand('postman').diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([
      expect.stringContaining('blueprint/postman: with.loginAs: is required'),
    ]);
  });
});
