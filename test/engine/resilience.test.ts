import { afterEach, describe, expect, it } from 'vitest';
import { obj } from './helpers/desired.js';
import { harness, type Harness } from './helpers/sim.js';
import { naturalKey } from '../../src/model/kinds.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

function countBy(names: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const n of names) m.set(naturalKey(n), (m.get(naturalKey(n)) ?? 0) + 1);
  return m;
}

describe('apply under failures (simulator)', () => {
  it('a batch with one bad item names it and applies the rest; dependents are skipped', async () => {
    h = await harness();
    const objects = [
      obj('TicketType', 'Good 1', { visibleToAgents: true }),
      obj('TicketType', 'Good 2'),
      obj('TicketType', 'Bad', { raw: { itilrequesttype: 'banana' } }),
      obj('TicketType', 'Good 3'),
      obj('TicketType', 'Good 4'),
      obj('Agent', 'Needs Bad', { apiOnly: true, access: { ticketTypes: ['Bad'] } }),
      obj('Agent', 'Needs Good', { apiOnly: true, access: { ticketTypes: ['Good 1'] } }),
    ];
    const r = await h.applyFor(objects);
    expect(r.failed.map((f) => f.address)).toEqual(['tickettype/Bad', 'agent/Needs Bad']);
    expect(r.failed[0]!.message).toMatch(/400/);
    expect(r.failed[1]!.message).toBe('skipped: depends on tickettype/Bad, which failed');
    expect(r.added).toBe(5);
    expect(h.events.filter((e) => e.type === 'bisect').length).toBeGreaterThan(0);
    const names = (await h.client.list('TicketType')).map((t) => String(t.name));
    expect(names).toEqual(expect.arrayContaining(['Good 1', 'Good 2', 'Good 3', 'Good 4']));
    expect(names).not.toContain('Bad');
    // What remains is exactly what failed.
    expect(r.remaining.resource_changes.filter((c) => c.change.actions[0] !== 'no-op').map((c) => c.address).sort()).toEqual([
      'agent/Needs Bad',
      'tickettype/Bad',
    ]);
  });

  it('drop-after-commit faults converge with no duplicate names', async () => {
    h = await harness({ faults: ['drop-after-commit:0.3'], seed: 42 });
    const objects = [
      ...Array.from({ length: 12 }, (_, i) => obj('Team', `Chaos Team ${i}`)),
      ...Array.from({ length: 12 }, (_, i) => obj('Agent', `Chaos Bot ${i}`, { apiOnly: true, teams: { mode: 'include', members: [`Chaos Team ${i}`] } })),
      obj('Application', 'Chaos App', { scopes: ['read:tickets'], loginAs: 'Chaos Bot 0', secret: { sink: 'file:chaos.json' } }),
    ];
    const r = await h.applyFor(objects, { batchSize: 5 });
    expect(r.failed).toEqual([]);
    expect(r.remaining.summary).toEqual({ add: 0, change: 0, destroy: 0 });
    expect(h.events.some((e) => e.type === 'create-recheck')).toBe(true);
    const state = h.sim.snapshot();
    for (const [route, field] of [['Team', 'name'], ['Agent', 'name'], ['Application', 'displayName']] as const) {
      const dupes = [...countBy((state.collections[route] ?? []).map((x) => String(x[field]))).entries()].filter(([, n]) => n > 1);
      expect(dupes).toEqual([]);
    }
  });

  it('1,000 creates apply in at most 30 POSTs with batchSize 50', async () => {
    h = await harness();
    const objects = Array.from({ length: 1000 }, (_, i) => obj('Agent', `Bulk Bot ${String(i).padStart(4, '0')}`, { apiOnly: true }));
    const p = await h.planFor(objects);
    expect(p.api_calls.apply_estimate).toBe(20);
    const before = h.sim.requests.length;
    const r = await h.applyFor(objects, { batchSize: 50 });
    expect(r.added).toBe(1000);
    expect(r.remaining.summary).toEqual({ add: 0, change: 0, destroy: 0 });
    const posts = h.sim.requests.slice(before).filter((x) => x.method === 'POST' && /\/api\//i.test(x.path));
    expect(posts.length).toBeLessThanOrEqual(30);
  });
});
