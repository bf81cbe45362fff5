import { describe, expect, it } from 'vitest';
import { apiFor, arr, obj, withSim } from './helpers.js';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Team', () => {
  it('department_id sets department_name; unknown department is 400', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const moved = obj((await api.post('/api/Team', [{ id: 1, department_id: 4 }])).body);
      expect(moved['department_name']).toBe('Sales');
      expect((await api.post('/api/Team', [{ name: 'X', department_id: 42 }])).status).toBe(400);
    }));

  it('lists without agents; GET ?includeagents=true adds UnameSection rows', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      expect(arr((await api.get('/api/Team')).body)[0]).not.toHaveProperty('agents');
      const team = obj((await api.get('/api/Team/1?includeagents=true')).body);
      expect(arr(team['agents']).map((a) => a['agent_name'])).toEqual(['Admin', 'Jane Smith']);
    }));

  it('/api/Team/Tree lists agent departments with their teams', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const tree = arr((await api.get('/api/team/tree')).body);
      expect(tree.map((d) => [d['name'], arr(d['teams']).map((t) => t['name'])])).toEqual([
        ['Service Delivery', ['1st Line Support', '2nd Line Support']],
        ['Professional Services', ['Projects']],
        ['Sales', ['Sales']],
      ]);
    }));
});

describe('Roles', () => {
  it('uses string GUID ids and fills normalizedName', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const role = obj((await api.post('/api/Roles', [{ name: 'Integrations', claims: [{ type: 'tickets', value: '1' }] }])).body);
      expect(String(role['id'])).toMatch(guidPattern);
      expect(role['normalizedName']).toBe('INTEGRATIONS');
      const listed = arr((await api.get('/api/Roles')).body).find((r) => r['id'] === role['id']) ?? {};
      expect(listed).not.toHaveProperty('claims');
      const detail = obj((await api.get(`/api/Roles/${String(role['id'])}?includedetails=true`)).body);
      expect(detail['claims']).toEqual([{ type: 'tickets', value: '1' }]);
    }));
});

describe('TicketType', () => {
  it('seeds the stock types and keeps default_team as a team name string', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const list = arr((await api.get('/api/TicketType')).body);
      expect(list.map((t) => [t['name'], t['itilrequesttype']])).toEqual([
        ['Incident', 1],
        ['Service Request', 3],
        ['Change Request', 2],
        ['Problem', 4],
      ]);
      const created = obj((await api.post('/api/TicketType', [{ name: 'Project', itilrequesttype: 20, default_team: 'Projects', use: 'prjs' }])).body);
      expect(created).toMatchObject({ name: 'Project', default_team: 'Projects', itilrequesttype: 20 });
      expect(arr((await api.get('/api/TicketType?itil_type=20')).body).map((t) => t['name'])).toEqual(['Project']);
    }));
});

describe('Application', () => {
  it('generates clientId and a secret returned only in the create response', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const created = obj(
        (await api.post('/api/Application', [{ displayName: 'Perimeters', grant_type: 'client_credentials', loginentity: 0, loginas_agent_id: 2, scopes: [{ name: 'all' }] }])).body,
      );
      expect(String(created['id'])).toMatch(guidPattern);
      expect(String(created['clientId'])).toMatch(guidPattern);
      expect(String(created['clientSecret'])).toMatch(/^[0-9a-f-]{73}$/);
      expect(created['loginas_agent_name']).toBe('Jane Smith');
      expect(arr(created['scopes'])).toEqual([{ id: expect.any(Number) as number, application_id: created['id'], name: 'all' }]);
      const got = obj((await api.get(`/api/Application/${String(created['id'])}`)).body);
      expect(got).not.toHaveProperty('clientSecret');
      for (const a of arr((await api.get('/api/Application')).body)) expect(a).not.toHaveProperty('clientSecret');
      const updated = obj((await api.post('/api/Application', [{ id: created['id'], scopes: [{ name: 'read:tickets' }] }])).body);
      expect(updated).not.toHaveProperty('clientSecret');
      expect(arr(updated['scopes']).map((s) => s['name'])).toEqual(['read:tickets']);
    }));

  it('does not echo a secret the caller sent, and refuses an unknown loginas agent', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const created = obj((await api.post('/api/Application', [{ displayName: 'Own', clientSecret: 'mine' }])).body);
      expect(created).not.toHaveProperty('clientSecret');
      expect(sim.snapshot().collections['Application']?.find((a) => a['id'] === created['id'])?.['clientSecret']).toBe('mine');
      expect((await api.post('/api/Application', [{ displayName: 'X', loginas_agent_id: 404 }])).status).toBe(400);
    }));
});

describe('TopLevel (departments)', () => {
  it('always wraps the list in {record_count, tree}; agent_departments_only filters', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const all = obj((await api.get('/api/TopLevel')).body);
      expect(all['record_count']).toBe(4);
      const deps = obj((await api.get('/api/TopLevel?agent_departments_only=true')).body);
      expect(arr(deps['tree']).map((d) => d['name'])).toEqual(['Service Delivery', 'Professional Services', 'Sales']);
      expect(arr(deps['tree'])[0]).not.toHaveProperty('agent_department');
    }));

  it('creates a department with agent_department true and paginates with a 100 cap', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const dep = obj((await api.post('/api/TopLevel', [{ name: 'Security', agent_department: true, organisation_id: 1 }])).body);
      expect(dep).toMatchObject({ name: 'Security', agent_department: true, organisation_name: 'Acme IT' });
      await api.post('/api/TopLevel', Array.from({ length: 120 }, (_, i) => ({ name: `Customer ${i}` })));
      const page = obj((await api.get('/api/TopLevel?pageinate=true&page_size=500&page_no=2')).body);
      expect(page['record_count']).toBe(125);
      expect(arr(page['tree'])).toHaveLength(25);
      const counted = obj((await api.get('/api/TopLevel?count=3')).body);
      expect(arr(counted['tree'])).toHaveLength(3);
      expect(counted['record_count']).toBe(125);
    }));

  it('Organisation.departments lists the agent departments with their teams', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      await api.post('/api/TopLevel', [{ name: 'Security', agent_department: true }]);
      const org = obj((await api.get('/api/Organisation/1')).body);
      expect(org['name']).toBe('Acme IT');
      const deps = arr(org['departments']);
      expect(deps.map((d) => d['name'])).toEqual(['Service Delivery', 'Professional Services', 'Sales', 'Security']);
      expect(arr(deps[0]?.['teams']).map((t) => t['name'])).toEqual(['1st Line Support', '2nd Line Support']);
    }));
});

describe('Webhook and Features', () => {
  it('webhooks use string ids and never echo basic_password', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const hook = obj((await api.post('/api/Webhook', [{ name: 'Rewst', url: 'https://example.invalid/hook', basic_password: 'pw' }])).body);
      expect(String(hook['id'])).toMatch(guidPattern);
      expect(hook).not.toHaveProperty('basic_password');
      expect(obj((await api.del(`/api/Webhook/${String(hook['id'])}`)).body)['name']).toBe('Rewst');
    }));

  it('features are a list of module switches that can be flipped', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const list = arr((await api.get('/api/Features')).body);
      const opps = list.find((m) => m['module_name'] === 'Opportunities') ?? {};
      expect(opps['enabled']).toBe(false);
      expect(obj((await api.post('/api/Features', [{ id: opps['id'], enabled: true }])).body)['enabled']).toBe(true);
    }));
});
