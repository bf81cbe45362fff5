/**
 * Duplicate names in the simulator (halo-claims.md addendum): nothing says Halo forbids two teams,
 * agents or ticket types with the same name, so the simulator stores them; role names are ASP.NET
 * Identity names, unique case-insensitively (the kind's data: `uniqueName`).
 */
import { describe, expect, it } from 'vitest';
import { apiFor, arr, obj, withSim } from './helpers.js';

describe('duplicate names', () => {
  it.each([
    ['Team', { department_id: 2 }, 'name'],
    ['Agent', {}, 'name'],
    ['TicketType', {}, 'name'],
    ['TopLevel', { agent_department: true }, 'name'],
  ])('%s: two objects with the same name, or names differing in case and spacing, are stored', (route, extra, field) =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const r = await api.post(`/api/${route}`, [{ [field]: 'Twin', ...extra }, { [field]: ' twin ', ...extra }]);
      expect(r.status).toBe(200);
      const again = await api.post(`/api/${route}`, [{ [field]: 'Twin', ...extra }]);
      expect(again.status).toBe(200);
      const ids = [...arr(r.body).map((x) => x['id']), obj(again.body)['id']];
      expect(new Set(ids).size).toBe(3);
    }));

  it('Roles: a second role with the same name (any case) is refused with a 400, and nothing is stored', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const before = arr((await api.get('/api/Roles')).body).length;
      const clash = await api.post('/api/Roles', [{ name: 'administrator' }]);
      expect(clash.status).toBe(400);
      expect(JSON.stringify(clash.body)).toContain("Role name 'administrator' is already taken.");
      const twins = await api.post('/api/Roles', [{ name: 'Twin' }, { name: 'TWIN' }]);
      expect(twins.status).toBe(400);
      expect(arr((await api.get('/api/Roles')).body).length).toBe(before);
      // Renaming a role to its own name in another case is no clash.
      const admin = arr((await api.get('/api/Roles')).body).find((x) => x['name'] === 'Administrator');
      expect((await api.post('/api/Roles', [{ id: admin?.['id'], name: 'ADMINISTRATOR' }])).status).toBe(200);
    }));
});
