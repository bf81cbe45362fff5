import { describe, expect, it } from 'vitest';
import { apiFor, arr, obj, withSim } from './helpers.js';

const agentRole = '3b9c7d2e-1a4f-4e6b-8c5d-000000000002';

describe('Client (customers)', () => {
  it('lists the seeded customers in the {record_count, clients} wrapper, with toplevel_name', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const body = obj((await api.get('/api/client')).body);
      expect(body['record_count']).toBe(3);
      const clients = arr(body['clients']);
      expect(clients.map((c) => c['name'])).toEqual(['Acme Corp', 'Globex', 'Initech']);
      expect(clients[0]).toMatchObject({ id: 1, toplevel_id: 1, toplevel_name: 'Acme Customers', inactive: false });
      expect(obj((await api.get('/api/Client/2')).body)['name']).toBe('Globex');
    }));

  it('paginates with pageinate=true (capped at 100), and hides inactive customers unless includeinactive=true', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      expect((await api.post('/api/Client', Array.from({ length: 150 }, (_, i) => ({ name: `Customer ${i}` })))).status).toBe(200);
      const first = obj((await api.get('/api/Client?pageinate=true&page_size=500&page_no=1')).body);
      expect(first).toMatchObject({ page_no: 1, page_size: 100, record_count: 153 });
      expect(arr(first['clients'])).toHaveLength(100);
      const second = obj((await api.get('/api/Client?pageinate=true&page_size=100&page_no=2')).body);
      expect(arr(second['clients']).map((c) => c['name']).at(-1)).toBe('Customer 149');
      expect(arr(obj((await api.get('/api/Client')).body)['clients'])).toHaveLength(153);
      await api.post('/api/Client', [{ id: 3, inactive: true }]);
      const names = async (q: string) => arr(obj((await api.get(`/api/Client?search=initech${q}`)).body)['clients']).map((c) => c['name']);
      expect(await names('')).toEqual([]);
      expect(await names('&includeinactive=true')).toEqual(['Initech']);
    }));

  it('agent customer rows: client_name filled from client_id, replaced on POST, unknown client_id is a 400', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const saved = obj((await api.post('/api/Agent', [{ id: 2, clients: [{ client_id: 3 }, { client_name: 'Globex' }] }])).body);
      expect(arr(saved['clients']).map((c) => [c['client_id'], c['client_name'], c['agent_id']])).toEqual([[3, 'Initech', 2], [2, 'Globex', 2]]);
      const bad = await api.post('/api/Agent', [{ id: 2, clients: [{ client_id: 2 }, { client_id: 404 }] }]);
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('[0].clients[1].client_id');
      const detail = obj((await api.get('/api/Agent/2?includedetails=true')).body);
      expect(arr(detail['clients']).map((c) => c['client_name'])).toEqual(['Initech', 'Globex']);
      await api.post('/api/Agent', [{ id: 2, clients: [{ client_id: 1 }] }]);
      const after = obj((await api.get('/api/Agent/2?includedetails=true')).body);
      expect(arr(after['clients']).map((c) => c['client_name'])).toEqual(['Acme Corp']);
      // A renamed customer shows its new name on the agent's rows.
      await api.post('/api/Client', [{ id: 1, name: 'Acme Holdings' }]);
      const renamed = obj((await api.get('/api/Agent/2?includedetails=true')).body);
      expect(arr(renamed['clients']).map((c) => c['client_name'])).toEqual(['Acme Holdings']);
    }));

  it('customer rows of a role are inherited by its agents with role_id set, and ignored when posted on the agent', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      expect((await api.post('/api/Roles', [{ id: agentRole, clients: [{ client_id: 2 }] }])).status).toBe(200);
      expect((await api.post('/api/Roles', [{ id: agentRole, clients: [{ client_id: 99 }] }])).status).toBe(400);
      await api.post('/api/Agent', [{ id: 2, clients: [{ client_id: 1 }, { client_id: 3, role_id: agentRole }] }]);
      const rows = arr(obj((await api.get('/api/Agent/2?includedetails=true')).body)['clients']);
      expect(rows.map((c) => [c['client_name'], c['role_id'] ?? null])).toEqual([['Acme Corp', null], ['Globex', agentRole]]);
    }));
});
