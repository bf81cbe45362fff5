import { describe, expect, it } from 'vitest';
import { plan } from '../../src/engine/index.js';
import { live, obj, OPTS, state } from './helpers/desired.js';

const seed = {
  Department: [{ id: 10, name: 'Service Delivery', agent_department: true }],
  Team: [
    { id: 1, name: '1st Line Support', department_id: 10, forrequests: true, foropps: false, forprojects: false, inactive: false },
    { id: 2, name: '2nd Line Support', department_id: 10, forrequests: true },
  ],
};

describe('plan: create, update, no-op', () => {
  it('creates an object that does not exist live, with the exact request', () => {
    const s = state([obj('Team', 'Integrations', { department: 'Service Delivery', use: ['tickets'] })]);
    const p = plan(s, live(seed), OPTS);
    expect(p.summary).toEqual({ add: 1, change: 0, destroy: 0 });
    const c = p.resource_changes[0]!;
    expect(c.address).toBe('team/Integrations');
    expect(c.change.actions).toEqual(['create']);
    expect(c.change.after).toEqual({ department: 'Service Delivery', name: 'Integrations', use: ['tickets'] });
    expect(c.request).toEqual({
      method: 'POST',
      path: '/api/Team',
      body: [{ name: 'Integrations', department_id: 10, forrequests: true, foropps: false, forprojects: false }],
    });
    expect(c.source).toEqual({ file: 'manifests/test.yaml', line: 1, column: 7 });
  });

  it('matches case-insensitively and trimmed; only fields the manifest sets are compared', () => {
    const s = state([obj('Team', '1st line support ', { use: ['tickets'] })]);
    const p = plan(s, live(seed), OPTS);
    const c = p.resource_changes[0]!;
    // Server-filled fields (inactive, sequence...) never show; only the name spelling differs.
    expect(c.field_changes.map((f) => f.path)).toEqual(['name']);
    expect(c.live_id).toBe(1);
  });

  it('no changes when live matches the manifest', () => {
    const s = state([obj('Team', '1st Line Support', { department: 'Service Delivery', use: ['tickets'], inactive: false })]);
    const p = plan(s, live(seed), OPTS);
    expect(p.summary).toEqual({ add: 0, change: 0, destroy: 0 });
    expect(p.resource_changes[0]!.change.actions).toEqual(['no-op']);
    expect(p.resource_changes[0]!.request).toBeUndefined();
    expect(p.errors).toEqual([]);
  });

  it('drift made in the UI shows as an update back to the manifest', () => {
    const drifted = { ...seed, Team: [{ ...seed.Team[0], inactive: true }, seed.Team[1]] };
    const s = state([obj('Team', '1st Line Support', { inactive: false })]);
    const c = plan(s, live(drifted), OPTS).resource_changes[0]!;
    expect(c.change.actions).toEqual(['update']);
    expect(c.field_changes).toEqual([{ path: 'inactive', before: true, after: false }]);
    expect(c.request?.body).toEqual([{ id: 1, name: '1st Line Support', inactive: false }]);
  });

  it('renames through previously: an update carrying previous_name and a name field change', () => {
    const s = state([obj('Team', 'Tier 1', {}, { previously: ['1st Line Support'] })]);
    const c = plan(s, live(seed), OPTS).resource_changes[0]!;
    expect(c.change.actions).toEqual(['update']);
    expect(c.previous_name).toBe('1st Line Support');
    expect(c.field_changes).toEqual([{ path: 'name', before: '1st Line Support', after: 'Tier 1' }]);
    expect(c.request?.body).toEqual([{ id: 1, name: 'Tier 1' }]);
  });

  it('ignores unmanaged live objects', () => {
    const p = plan(state([]), live(seed), OPTS);
    expect(p.resource_changes).toEqual([]);
  });

  it('a reference to something neither declared nor live is an error with its source position', () => {
    const pos = { file: 'manifests/teams.yaml', line: 4, column: 15 };
    const s = state([obj('Team', 'X', { department: 'Nowhere' }, { fieldSources: { department: pos } })]);
    const p = plan(s, live(seed), OPTS);
    expect(p.errors).toEqual([
      { message: 'team/X: spec.department refers to department/Nowhere, which is neither declared nor live', address: 'team/X', source: pos },
    ]);
  });

  it('a reference to a declared object shows (known after apply) and orders after it', () => {
    const s = state([obj('Department', 'Integrations'), obj('Team', 'API', { department: 'Integrations' })]);
    const p = plan(s, live(seed), OPTS);
    expect(p.errors).toEqual([]);
    const team = p.resource_changes.find((c) => c.address === 'team/API')!;
    expect(team.depends_on).toEqual(['department/Integrations']);
    expect((team.request?.body as Record<string, unknown>[])[0]!.department_id).toBe('(known after apply)');
    expect(p.api_calls).toEqual({ read: 3, apply_estimate: 2 });
  });

  it('`members: all` depends on every declared team that is not absent, never on itself or other kinds', () => {
    const objects = [
      obj('Team', 'Alpha'),
      obj('Team', 'Old', {}, { absent: true }),
      obj('Agent', 'All Teams', { apiOnly: true, teams: { mode: 'include', members: 'all' } }),
      obj('Team', 'Beta'),
      obj('Agent', 'Other', { apiOnly: true }),
    ];
    const p = plan(state(objects), live(seed), OPTS);
    expect(p.resource_changes.find((c) => c.address === 'agent/All Teams')?.depends_on).toEqual(['team/Alpha', 'team/Beta']);
    expect(p.resource_changes.find((c) => c.address === 'agent/Other')?.depends_on).toEqual([]);
  });

  it('is pure and deterministic: same inputs, same plan', () => {
    const s = state([obj('Team', 'Integrations', { use: ['projects', 'tickets'] })]);
    expect(JSON.stringify(plan(s, live(seed), OPTS))).toBe(JSON.stringify(plan(s, live(seed), OPTS)));
  });

  it('--target keeps only the targeted addresses and warns that dependencies are not included', () => {
    const s = state([obj('Team', 'A'), obj('Team', 'B')]);
    const p = plan(s, live(seed), { ...OPTS, targets: ['team/b'] });
    expect(p.resource_changes.map((c) => c.address)).toEqual(['team/B']);
    expect(p.warnings.map((w) => w.message).join('\n')).toMatch(/depend/);
  });

  it('live_fingerprint changes when the compared live fields change', () => {
    const s = state([obj('Team', '1st Line Support', { inactive: true })]);
    const a = plan(s, live(seed), OPTS).resource_changes[0]!.live_fingerprint;
    const drifted = { ...seed, Team: [{ ...seed.Team[0], inactive: true }, seed.Team[1]] };
    const b = plan(s, live(drifted), OPTS).resource_changes[0]!.live_fingerprint;
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });
});

describe('plan is pure', () => {
  it('never reads the clock: without `now`, created_at is the documented fixed instant', () => {
    const s = state([obj('Team', 'Integrations')]);
    const a = plan(s, live(seed), { toolVersion: 't' });
    expect(a.created_at).toBe('1970-01-01T00:00:00.000Z');
    expect(plan(s, live(seed), { toolVersion: 't' })).toEqual(a);
    expect(plan(s, live(seed), OPTS).created_at).toBe('2025-01-01T00:00:00.000Z');
  });

  it('the CLI stamps the time in its plan options', async () => {
    const { planOptions } = await import('../../src/cli/plan.js');
    expect(planOptions(state([]), {}).now).toBeInstanceOf(Date);
  });
});
