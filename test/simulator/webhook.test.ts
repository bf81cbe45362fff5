/** The simulator's webhook subscriptions (Webhook.events) and its never-echoed secrets. */
import { describe, expect, it } from 'vitest';
import { apiFor, arr, obj, withSim } from './helpers.js';

describe('Webhook events', () => {
  it('come back only with includedetails, as rows carrying the webhook id; posted ids are kept', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const hook = obj((await api.post('/api/Webhook', [{ name: 'Hook', authentication_header: 'X-Key: abc', events: [{ eventno: 1 }, { eventno: 2 }] }])).body);
      expect(hook).not.toHaveProperty('authentication_header');
      const rows = arr(hook['events']);
      expect(rows.map((r) => [r['eventno'], r['webhook_id']])).toEqual([[1, hook['id']], [2, hook['id']]]);
      expect(arr((await api.get('/api/Webhook')).body)[0]).not.toHaveProperty('events');
      expect(obj((await api.get(`/api/Webhook/${String(hook['id'])}`)).body)).not.toHaveProperty('events');
      const again = obj((await api.post('/api/Webhook', [{ id: hook['id'], events: [{ id: rows[1]?.['id'], eventno: 2 }, { eventno: 3 }] }])).body);
      expect(arr(again['events']).map((r) => [r['eventno'], r['id'] === rows[1]?.['id']])).toEqual([[2, true], [3, false]]);
      expect(arr(obj((await api.get(`/api/Webhook/${String(hook['id'])}?includedetails=true`)).body)['events'])).toHaveLength(2);
    }));
});
