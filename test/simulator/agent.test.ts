import { describe, expect, it } from 'vitest';
import { apiFor, arr, obj, withSim } from './helpers.js';

const readOnlyRole = '3b9c7d2e-1a4f-4e6b-8c5d-000000000003';

describe('Agent list', () => {
  it('is a bare array of Uname_List items: teams and departments, but no is_admin, roles or claims', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const list = arr((await api.get('/api/Agent')).body);
      expect(list.map((a) => a['name'])).toEqual(['Admin', 'Jane Smith']);
      const admin = list[0] ?? {};
      expect(admin).toMatchObject({ id: 1, email: 'admin@acme.example', isapiagent: false, isdisabled: false, role_list: 'Administrator' });
      expect(arr(admin['teams']).map((t) => t['team_name'])).toEqual(['1st Line Support', '2nd Line Support', 'Projects', 'Sales']);
      expect(arr(admin['departments']).map((d) => d['department_name'])).toEqual(['Service Delivery', 'Professional Services', 'Sales']);
      expect(admin).not.toHaveProperty('is_admin');
      expect(admin).not.toHaveProperty('roles');
      expect(admin).not.toHaveProperty('claims');
    }));

  it('hides API-only and disabled agents unless asked; GET by id returns them anyway', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const created = arr((await api.post('/api/Agent', [{ name: 'Rewst API', isapiagent: true }, { name: 'Old Timer', isdisabled: true }])).body);
      const names = async (q: string) => arr((await api.get(`/api/Agent${q}`)).body).map((a) => a['name']);
      expect(await names('')).toEqual(['Admin', 'Jane Smith']);
      expect(await names('?includeapiagents=true')).toEqual(['Admin', 'Jane Smith', 'Rewst API']);
      expect(await names('?includedisabled=true')).toEqual(['Admin', 'Jane Smith', 'Old Timer']);
      expect(await names('?includeapiagents=true&includedisabled=true')).toHaveLength(4);
      for (const a of created) expect((await api.get(`/api/Agent/${String(a['id'])}`)).status).toBe(200);
    }));

  it('paginates with pageinate=true into {page_no, page_size, record_count, results}, capped at 100', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      await api.post('/api/Agent', Array.from({ length: 148 }, (_, i) => ({ name: `Agent ${i}` })));
      const page = obj((await api.get('/api/Agent?pageinate=true&page_size=1000&page_no=1')).body);
      expect(page['record_count']).toBe(150);
      expect(page['page_size']).toBe(100);
      expect(arr(page['results'])).toHaveLength(100);
      const second = obj((await api.get('/api/Agent?pageinate=true&page_size=100&page_no=2')).body);
      expect(arr(second['results'])).toHaveLength(50);
      expect(arr(second['results'])[0]?.['name']).toBe('Agent 98');
      expect(Array.isArray((await api.get('/api/Agent')).body)).toBe(true);
    }));

  it('filters by search, team_id and department_id', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const names = async (q: string) => arr((await api.get(`/api/Agent?${q}`)).body).map((a) => a['name']);
      expect(await names('search=jane')).toEqual(['Jane Smith']);
      expect(await names('team_id=2')).toEqual(['Admin']);
      expect(await names('department_id=2')).toEqual(['Admin', 'Jane Smith']);
    }));
});

describe('Agent detail', () => {
  it('has roles, claims, clients and tickettypes only with includedetails=true', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const plain = obj((await api.get('/api/Agent/1')).body);
      expect(plain['is_admin']).toBe(true);
      expect(plain).not.toHaveProperty('roles');
      expect(arr(plain['teams'])).toHaveLength(4);
      const full = obj((await api.get('/api/Agent/1?includedetails=true')).body);
      expect(arr(full['roles']).map((r) => r['name'])).toEqual(['Administrator']);
      // Claims with Halo's short codes (seed: the admin agent is administrator, allowed all ticket types and clients).
      expect(full['claims']).toEqual([{ type: 'SA', value: 'true' }, { type: 'Ft', value: '1' }, { type: 'Fc', value: '1' }]);
    }));

  it('/api/Agent/me is the agent the application logs in as', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      expect(obj((await api.get('/api/Agent/me')).body)).toMatchObject({ id: 1, name: 'Admin' });
    }));

  it('answers 404 for an unknown id', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      expect((await api.get('/api/Agent/9999')).status).toBe(404);
    }));
});

describe('Agent memberships', () => {
  it('posting teams replaces the direct memberships and fills team_name', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const r = obj((await api.post('/api/Agent', [{ id: 1, teams: [{ team_id: 3 }, { team_name: 'Sales' }] }])).body);
      expect(arr(r['teams']).map((t) => [t['team_id'], t['team_name'], t['agent_id']])).toEqual([
        [3, 'Projects', 1],
        [4, 'Sales', 1],
      ]);
      const again = obj((await api.get('/api/Agent/1')).body);
      expect(arr(again['teams'])).toHaveLength(2);
      expect(arr(again['departments'])).toHaveLength(3);
    }));

  it('posting departments replaces them with membershiplevel kept', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const r = obj((await api.post('/api/Agent', [{ id: 2, departments: [{ department_id: 3, membershiplevel: 2 }] }])).body);
      expect(arr(r['departments']).map((d) => [d['department_name'], d['membershiplevel']])).toEqual([['Professional Services', 2]]);
    }));

  it('refuses an unknown team or department id with 400, and a customer top level as department', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      expect((await api.post('/api/Agent', [{ id: 2, teams: [{ team_id: 77 }] }])).status).toBe(400);
      expect((await api.post('/api/Agent', [{ id: 2, departments: [{ department_id: 1 }] }])).status).toBe(400);
      expect((await api.post('/api/Agent', [{ id: 2, roles: [{ id: 'no-such-role' }] }])).status).toBe(400);
    }));

  it('adds role-inherited rows (role_id) on read and ignores them on write', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      await api.post('/api/Roles', [{ id: readOnlyRole, teams: [{ team_id: 4 }] }]);
      await api.post('/api/Agent', [{ id: 2, roles: [{ id: readOnlyRole }] }]);
      const jane = obj((await api.get('/api/Agent/2?includedetails=true')).body);
      const teams = arr(jane['teams']);
      expect(teams.map((t) => [t['team_name'], t['role_id'] ?? null])).toEqual([
        ['1st Line Support', null],
        ['Sales', readOnlyRole],
      ]);
      expect(jane['role_list']).toBe('Read Only');
      // posting the read-back rows (inherited one included) does not make the inherited row direct
      await api.post('/api/Agent', [{ id: 2, teams }]);
      const after = arr(obj((await api.get('/api/Agent/2')).body)['teams']);
      expect(after.filter((t) => t['role_id'] === undefined || t['role_id'] === null)).toHaveLength(1);
      expect(after).toHaveLength(2);
    }));

  it('posting claims replaces them', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      await api.post('/api/Agent', [{ id: 2, claims: [{ type: 'Tx', value: '2' }] }]);
      await api.post('/api/Agent', [{ id: 2, claims: [{ type: 'Bx', value: '1' }] }]);
      expect(obj((await api.get('/api/Agent/2?includedetails=true')).body)['claims']).toEqual([{ type: 'Bx', value: '1' }]);
    }));
});
