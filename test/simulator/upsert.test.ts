import { describe, expect, it } from 'vitest';
import { apiFor, arr, obj, withSim } from './helpers.js';

describe('POST upsert', () => {
  it('creates from an item without id and answers the single object', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const r = await api.post('/api/Team', [{ name: 'Field Engineers', department_id: 2 }]);
      expect(r.status).toBe(200);
      const team = obj(r.body);
      expect(team).toMatchObject({ id: 5, name: 'Field Engineers', department_id: 2, department_name: 'Service Delivery' });
      expect(typeof team['guid']).toBe('string');
      expect(obj((await api.get('/api/Team/5')).body)['name']).toBe('Field Engineers');
    }));

  it('treats id 0 as create and answers an array for several items', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const r = await api.post('/api/Team', [{ id: 0, name: 'A' }, { name: 'B' }]);
      expect(arr(r.body).map((t) => t['name'])).toEqual(['A', 'B']);
      expect(arr(r.body).map((t) => t['id'])).toEqual([5, 6]);
    }));

  it('merges only the given fields on update', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const r = await api.post('/api/Team', [{ id: 1, inactive: true }]);
      expect(obj(r.body)).toMatchObject({ id: 1, name: '1st Line Support', department_id: 2, inactive: true });
    }));

  it('refuses an object body with a model-state 400', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const r = await api.post('/api/Team', { name: 'Solo' });
      expect(r.status).toBe(400);
      expect(Object.keys(obj(obj(r.body)['errors']))).toEqual(['$']);
      expect(arr((await api.get('/api/Team')).body)).toHaveLength(4);
    }));

  it('answers 400 with ASP.NET model state when name is missing on create', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const r = await api.post('/api/Agent', [{ email: 'x@acme.example' }]);
      expect(r.status).toBe(400);
      expect(obj(r.body)).toMatchObject({
        title: 'One or more validation errors occurred.',
        status: 400,
        errors: { '[0].name': ['The name field is required.'] },
      });
    }));

  it('requires displayName (not name) for applications', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const r = await api.post('/api/Application', [{ name: 'X' }]);
      expect(obj(obj(r.body)['errors'])).toEqual({ '[0].displayName': ['The displayName field is required.'] });
    }));

  it('reports wrong JSON types with the converter message and drops unknown fields', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const bad = await api.post('/api/Team', [{ name: 'T', department_id: 'two' }]);
      expect(bad.status).toBe(400);
      expect(Object.keys(obj(obj(bad.body)['errors']))).toEqual(['$[0].department_id']);
      const ok = await api.post('/api/Team', [{ name: 'T', not_a_halo_field: 1 }]);
      expect(ok.status).toBe(200);
      expect(obj(ok.body)).not.toHaveProperty('not_a_halo_field');
    }));

  it('answers 404 for an unknown id and changes nothing', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const r = await api.post('/api/Team', [{ name: 'New' }, { id: 999, name: 'Ghost' }]);
      expect(r.status).toBe(404);
      expect(arr((await api.get('/api/Team')).body)).toHaveLength(4);
    }));

  it('answers the EF tracking error for the same id twice in one array', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const r = await api.post('/api/Agent', [{ id: 2, jobtitle: 'a' }, { id: 2, jobtitle: 'b' }]);
      expect(r.status).toBe(400);
      expect(String(obj(r.body)['Message'])).toContain(
        "The instance of entity type 'Uname' cannot be tracked because another instance with the same key value for {'id'} is already being tracked",
      );
      expect(obj((await api.get('/api/Agent/2')).body)['jobtitle']).toBe('Service Desk Analyst');
    }));

  it('is atomic: one invalid item means no item is written', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const r = await api.post('/api/Agent', [{ name: 'Ok' }, { name: 'Bad', teams: [{ team_id: 99 }] }]);
      expect(r.status).toBe(400);
      expect(obj(obj(r.body)['errors'])).toHaveProperty(['[1].teams[0].team_id']);
      expect(arr((await api.get('/api/Agent')).body)).toHaveLength(2);
    }));
});

describe('DELETE', () => {
  it('returns the deleted object; a later GET is 404', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const r = await api.del('/api/Team/3');
      expect(r.status).toBe(200);
      expect(obj(r.body)).toMatchObject({ id: 3, name: 'Projects' });
      expect((await api.get('/api/Team/3')).status).toBe(404);
      expect((await api.del('/api/Team/3')).status).toBe(404);
    }));

  it('refuses to delete the Control singleton', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      expect((await api.del('/api/Control/1')).status).toBe(405);
      expect(obj((await api.get('/api/Control')).body)['id']).toBe(1);
    }));
});

describe('Control singleton', () => {
  it('GET returns the object; POST with id merges; another id is 404', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const before = obj((await api.get('/api/Control')).body);
      expect(before).toMatchObject({ id: 1, nextfaultidcalculationmethod: 0, next_ticket_id: 1000 });
      expect(typeof before['app_version']).toBe('string');
      const r = await api.post('/api/Control', [{ id: 1, nextfaultidcalculationmethod: 2, next_ticket_id: 5000 }]);
      expect(obj(r.body)).toMatchObject({ id: 1, nextfaultidcalculationmethod: 2, next_ticket_id: 5000, app_version: before['app_version'] });
      expect((await api.post('/api/Control', [{ id: 7, next_ticket_id: 1 }])).status).toBe(404);
      expect(obj((await api.get('/api/Control')).body)['next_ticket_id']).toBe(5000);
    }));
});
