import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { obj } from './helpers/desired.js';
import { harness, type Harness } from './helpers/sim.js';
import type { HaloRecord } from '../../src/halo/types.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.stop();
});

async function jane(): Promise<HaloRecord> {
  const all = await h.client.list('Agent', { includeapiagents: true });
  const j = all.find((a) => a.name === 'Jane Smith')!;
  return h.client.get('Agent', j.id as number, { includedetails: true });
}

function teamNames(a: HaloRecord): string[] {
  return (a.teams as HaloRecord[]).filter((t) => !t.role_id).map((t) => String(t.team_name)).sort();
}

describe('memberships as add/remove sets (simulator)', () => {
  it('include mode only adds, and the plan shows just the addition', async () => {
    const objects = [obj('Agent', 'Jane Smith', { teams: { mode: 'include', members: ['Projects'] } })];
    const p = await h.planFor(objects);
    expect(p.resource_changes[0]!.field_changes).toEqual([
      { path: 'teams', before: [], after: ['Projects'], added: ['Projects'], removed: [] },
    ]);
    const r = await h.applyFor(objects);
    expect(r.failed).toEqual([]);
    expect(r.remaining.summary.change).toBe(0);
    expect(teamNames(await jane())).toEqual(['1st Line Support', 'Projects']);
  });

  it('exact mode removes memberships the manifest does not list (a field change, not a destroy)', async () => {
    const objects = [obj('Agent', 'Jane Smith', {
      teams: { mode: 'exact', members: ['Projects'] },
      departments: { mode: 'exact', members: [{ name: 'Sales', level: 'modifyAll' }] },
    })];
    const p = await h.planFor(objects);
    expect(p.summary).toEqual({ add: 0, change: 1, destroy: 0 });
    const teams = p.resource_changes[0]!.field_changes.find((f) => f.path === 'teams')!;
    expect(teams.added).toEqual(['Projects']);
    expect(teams.removed).toEqual(['1st Line Support']);
    const r = await h.applyFor(objects);
    expect(r.failed).toEqual([]);
    expect(r.remaining.summary.change).toBe(0);
    const j = await jane();
    expect(teamNames(j)).toEqual(['Projects']);
    expect((j.departments as HaloRecord[]).filter((d) => !d.role_id).map((d) => [d.department_name, d.membershiplevel])).toEqual([['Sales', 3]]);
  });

  it('`members: all` covers every team, declared and live', async () => {
    const objects = [obj('Team', 'New Team'), obj('Agent', 'Jane Smith', { teams: { mode: 'include', members: 'all' } })];
    const r = await h.applyFor(objects);
    expect(r.failed).toEqual([]);
    expect(r.remaining.summary).toEqual({ add: 0, change: 0, destroy: 0 });
    expect(teamNames(await jane())).toEqual(['1st Line Support', '2nd Line Support', 'New Team', 'Projects', 'Sales']);
  });

  it('drift made directly through the API is detected and reverted', async () => {
    const objects = [obj('Agent', 'Integration Bot', { apiOnly: true, email: 'bot@example.com', teams: { mode: 'exact', members: ['Sales'] } })];
    expect((await h.applyFor(objects)).remaining.summary.add).toBe(0);
    const bot = (await h.client.list('Agent', { includeapiagents: true })).find((a) => a.name === 'Integration Bot')!;
    await h.client.upsert('Agent', [{ id: bot.id, email: 'changed@example.com', teams: [{ team_id: 1 }] }]);
    const drift = await h.planFor(objects);
    expect(drift.resource_changes[0]!.field_changes.map((f) => f.path).sort()).toEqual(['email', 'teams']);
    const r = await h.applyFor(objects);
    expect(r.changed).toBe(1);
    expect((await h.planFor(objects)).summary).toEqual({ add: 0, change: 0, destroy: 0 });
  });

  it('renames through previously keep the id', async () => {
    await h.applyFor([obj('Team', 'Old Name')]);
    const before = (await h.client.list('Team')).find((t) => t.name === 'Old Name')!;
    const r = await h.applyFor([obj('Team', 'New Name', {}, { previously: ['Old Name'] })]);
    expect(r.changed).toBe(1);
    const after = (await h.client.list('Team')).find((t) => t.name === 'New Name')!;
    expect(after.id).toBe(before.id);
  });

  it('deletes with allowDelete, and a re-run is a no-op', async () => {
    await h.applyFor([obj('Team', 'Doomed')]);
    const objects = [obj('Team', 'Doomed', {}, { absent: true })];
    const r = await h.applyFor(objects, { extra: { allowDelete: true } });
    expect(r.destroyed).toBe(1);
    expect((await h.client.list('Team')).some((t) => t.name === 'Doomed')).toBe(false);
    expect((await h.planFor(objects, { allowDelete: true })).resource_changes).toEqual([]);
  });
});
