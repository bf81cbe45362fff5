/** The bench shape: 1,000 agents POSTed in batches, then listed and paged. Outcome checks only. */
import { describe, expect, it } from 'vitest';
import { apiFor, arr, obj, withSim } from './helpers.js';

describe('scale', () => {
  it('accepts 1,000 agents in batches of 100 and lists them all', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      for (let b = 0; b < 10; b++) {
        const batch = Array.from({ length: 100 }, (_, i) => ({
          name: `Bulk ${b * 100 + i}`,
          email: `bulk${b * 100 + i}@acme.example`,
          teams: [{ team_id: 1 + (i % 4) }],
          departments: [{ department_id: 2, membershiplevel: 1 }],
        }));
        const r = await api.post('/api/Agent', batch);
        expect(r.status).toBe(200);
        expect(arr(r.body)).toHaveLength(100);
      }
      expect(arr((await api.get('/api/Agent')).body)).toHaveLength(1002);
      const last = obj((await api.get('/api/Agent?pageinate=true&page_size=100&page_no=11')).body);
      expect(arr(last['results'])).toHaveLength(2);
      expect(new Set(sim.snapshot().collections['Agent']?.map((a) => a['id'])).size).toBe(1002);
    }));
});
