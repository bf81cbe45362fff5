import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalog, obj, OPTS, state } from './helpers/desired.js';
import { harness, type Harness } from './helpers/sim.js';
import { exportManifests, findStale, plan, readLive, readLiveForExport } from '../../src/engine/index.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.stop();
});

describe('export', () => {
  it('live -> manifests that plan as no-op, sorted, without secrets or server-only fields', async () => {
    await h.applyFor([obj('Agent', 'Bot', { apiOnly: true, teams: { mode: 'include', members: ['Sales'] } })]);
    const live = await readLiveForExport(h.client, catalog);
    const exported = exportManifests(live, catalog);
    const kinds = new Set(exported.map((e) => e.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['Department', 'Team', 'Role', 'Agent', 'Application', 'TicketType', 'Settings']));
    const text = JSON.stringify(exported);
    expect(text).not.toContain(h.sim.clientSecret);
    expect(text).not.toMatch(/"id"|clientSecret|_warning/);
    const agents = exported.filter((e) => e.kind === 'Agent').map((e) => e.name);
    expect(agents).toEqual([...agents].sort((a, b) => a.localeCompare(b)));
    const s = state(exported.map((e) => obj(e.kind, e.name, e.spec)), {}, h.sim.url);
    const p = plan(s, await readLive(s, h.client), { ...OPTS, clientId: h.sim.clientId });
    expect(p.errors).toEqual([]);
    expect(p.resource_changes.filter((c) => c.change.actions[0] !== 'no-op').map((c) => [c.address, c.field_changes])).toEqual([]);
  });

  it('exports only the requested kinds', async () => {
    const live = await readLiveForExport(h.client, catalog, { kinds: ['Team'] });
    expect(new Set(exportManifests(live, catalog, { kinds: ['Team'] }).map((e) => e.kind))).toEqual(new Set(['Team']));
  });
});

describe('findStale', () => {
  it('names the objects whose live form changed since the plan, and what changed', async () => {
    const objects = [obj('Team', '1st Line Support', { inactive: true }), obj('Team', 'Sales', { inactive: true }), obj('Team', 'Brand New')];
    const s = state(objects, {}, h.sim.url);
    const p = plan(s, await readLive(s, h.client), OPTS);
    expect(findStale(p, await readLive(s, h.client))).toEqual(new Map());
    await h.client.upsert('Team', [{ id: 4, inactive: true }, { name: 'Brand New' }]);
    expect(findStale(p, await readLive(s, h.client))).toEqual(
      new Map([
        ['team/Sales', 'inactive changed in Halo since the plan was made'],
        ['team/Brand New', 'created in Halo since the plan was made'],
      ]),
    );
  });
});
