/** The simulator's custom fields (/api/FieldInfo): options only with includevalues, rows keep ids, typeid filter. */
import { describe, expect, it } from 'vitest';
import { apiFor, arr, obj, withSim } from './helpers.js';

describe('FieldInfo', () => {
  it('lists options only with includevalues, keeps the ids of rows posted back, and filters by typeid', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const created = obj((await api.post('/api/FieldInfo', [{ name: 'CFSite', label: 'Site', type: 2, usage: 3, values: [{ name: 'North' }, { name: 'South' }] }])).body);
      expect(created).toMatchObject({ name: 'CFSite', usage: 3, custom: 1 });
      const [north] = arr(created['values']);
      expect(north).toMatchObject({ id: expect.any(Number), name: 'North' });

      const plain = arr((await api.get('/api/FieldInfo')).body);
      expect(plain.map((f) => f['name'])).toEqual(['CFCustomerReference', 'CFImpactArea', 'CFSite']);
      expect(plain.every((f) => !('values' in f))).toBe(true);
      const withValues = arr((await api.get('/api/FieldInfo?includevalues=true')).body);
      expect(arr(withValues.find((f) => f['name'] === 'CFImpactArea')?.['values']).map((v) => v['name'])).toEqual(['Email', 'Network']);
      expect(arr((await api.get('/api/FieldInfo?typeid=3')).body).map((f) => f['name'])).toEqual(['CFSite']);

      const updated = obj((await api.post('/api/FieldInfo', [{ id: created['id'], values: [{ id: north?.['id'], name: 'North' }, { name: 'East' }] }])).body);
      expect(arr(updated['values']).map((v) => [v['name'], v['id'] === north?.['id']])).toEqual([['North', true], ['East', false]]);
      expect(obj((await api.get(`/api/FieldInfo/${String(created['id'])}`)).body)['values']).toHaveLength(2);
    }));
});
