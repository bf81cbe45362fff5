/**
 * Duplicate live names (issue 9 §2): names match through one normaliser (NFC, trimmed, inner
 * whitespace collapsed, case-insensitive); a declared object that matches two or more live objects
 * is refused, naming every live id and the fix; `id:` pins an object to one live object; live
 * duplicates no manifest declares are a warning only.
 */
import { describe, expect, it } from 'vitest';
import { exportManifests, plan } from '../../src/engine/index.js';
import { naturalKey } from '../../src/model/kinds.js';
import { catalog, live, obj, OPTS, state } from './helpers/desired.js';

const me = { id: 1, name: 'Admin' };

/** Three teams named "Ops" as far as a person can tell, one "Sales". */
const teams = [
  { id: 3, name: 'Ops', department_id: 2 },
  { id: 7, name: ' ops ', department_id: 2 },
  { id: 9, name: 'OPS', department_id: 2 },
  { id: 4, name: 'Sales', department_id: 2 },
];
const tenant = {
  Department: [{ id: 2, name: 'Service Delivery' }],
  Team: teams,
  Agent: [{ id: 1, name: 'Admin', email: 'admin@example.com' }],
};

describe('the name normaliser', () => {
  it('ignores case, surrounding and repeated inner whitespace, and Unicode composition', () => {
    expect(naturalKey('  Ops \t  Team ')).toBe(naturalKey('ops team'));
    expect(naturalKey('Ops\u00a0Team')).toBe(naturalKey('OPS TEAM'));
    // "é" written as one code point and as e + combining acute accent.
    expect(naturalKey('Caf\u00e9')).toBe(naturalKey('Cafe\u0301'));
    expect(naturalKey('Ops Team')).not.toBe(naturalKey('OpsTeam'));
  });

  it('matches a declared name to a live one spelled with other spacing and composition', () => {
    const p = plan(state([obj('Team', 'Cafe\u0301   Crew', { department: 'Service Delivery' })]), live({ ...tenant, Team: [{ id: 5, name: ' café crew', department_id: 2 }] }, me), OPTS);
    expect(p.errors).toEqual([]);
    expect(p.resource_changes.map((c) => [c.address, c.change.actions[0], c.live_id])).toEqual([['team/Cafe\u0301   Crew', 'update', 5]]);
  });
});

describe('a declared object matching several live objects', () => {
  it('is refused, naming every live id and the fix, and nothing is planned for it', () => {
    const p = plan(state([obj('Team', 'Ops', { inactive: true })]), live(tenant, me), OPTS);
    expect(p.resource_changes).toEqual([]);
    expect(p.errors).toEqual([
      {
        message:
          'team/Ops: 3 live teams are named "Ops" (ids 3, 7, 9), so halo-iac cannot tell which one this is; rename all but one in Halo, or pin this object to one of them with an id: field (e.g. id: 3)',
        address: 'team/Ops',
        source: { file: 'manifests/test.yaml', line: 1, column: 7 },
      },
    ]);
  });

  it('through a previous name too', () => {
    const p = plan(state([obj('Team', 'Operations', {}, { previously: ['ops'] })]), live(tenant, me), OPTS);
    expect(p.resource_changes).toEqual([]);
    expect(p.errors.map((e) => e.message)).toEqual([
      'team/Operations: 3 live teams are named "ops" (previously) (ids 3, 7, 9), so halo-iac cannot tell which one this is; rename all but one in Halo, or pin this object to one of them with an id: field (e.g. id: 3)',
    ]);
  });

  it('a reference to an undeclared duplicated name is refused at its position', () => {
    const o = obj('Agent', 'Bot', { teams: { mode: 'include', members: ['Ops'] } }, { fieldSources: { 'teams.members.0': { file: 'manifests/test.yaml', line: 5, column: 16 } } });
    const p = plan(state([o]), live(tenant, me), OPTS);
    expect(p.errors).toEqual([
      {
        message:
          'agent/Bot: spec.teams.members[0] refers to team/Ops, but 3 live teams are named "Ops" (ids 3, 7, 9); declare the one meant, pinned with an id: field, or rename all but one in Halo',
        address: 'agent/Bot',
        source: { file: 'manifests/test.yaml', line: 5, column: 16 },
      },
    ]);
  });
});

describe('id: pinning', () => {
  it('matches the live object by id first, whatever the duplicates', () => {
    const p = plan(state([obj('Team', 'Ops', { inactive: true }, { id: 7 })]), live(tenant, me), OPTS);
    expect(p.errors).toEqual([]);
    const c = p.resource_changes[0];
    expect([c?.live_id, c?.change.actions, c?.request?.body]).toEqual([7, ['update'], [{ id: 7, name: 'Ops', inactive: true }]]);
  });

  it('a pinned object whose live name differs is renamed to the declared name', () => {
    const p = plan(state([obj('Team', 'Night Ops', {}, { id: 9 })]), live(tenant, me), OPTS);
    expect(p.errors).toEqual([]);
    const c = p.resource_changes[0];
    expect([c?.previous_name, c?.field_changes.map((f) => [f.path, f.before, f.after])]).toEqual(['OPS', [['name', 'OPS', 'Night Ops']]]);
  });

  it('a pinned id that does not exist live is a plan error, never a create', () => {
    const p = plan(state([obj('Team', 'Ops', {}, { id: 42 })]), live(tenant, me), OPTS);
    expect(p.resource_changes).toEqual([]);
    expect(p.errors.map((e) => e.message)).toEqual(['team/Ops: id: 42 does not exist in Halo (no live team has it); correct the id, or remove it to match by name']);
  });

  it('works for string ids (roles, applications) and for references to the pinned object', () => {
    const roles = [{ id: 'r-1', name: 'Helpdesk' }, { id: 'r-2', name: 'helpdesk' }];
    const s = state([obj('Role', 'Helpdesk', {}, { id: 'r-2' }), obj('Agent', 'Bot', { roles: ['Helpdesk'] })]);
    const p = plan(s, live({ ...tenant, Role: roles }, me), OPTS);
    expect(p.errors).toEqual([]);
    expect(p.resource_changes.find((c) => c.address === 'role/Helpdesk')?.live_id).toBe('r-2');
    const body = p.resource_changes.find((c) => c.address === 'agent/Bot')?.request?.body as Record<string, unknown>[];
    expect(body[0]?.roles).toEqual([{ id: 'r-2', name: 'Helpdesk' }]);
  });
});

describe('live duplicates no manifest declares', () => {
  it('are one warning per name, and the plan goes ahead', () => {
    const p = plan(state([obj('Team', 'Sales', { inactive: true })]), live(tenant, me), OPTS);
    expect(p.errors).toEqual([]);
    expect(p.summary.change).toBe(1);
    expect(p.warnings.filter((w) => w.message.includes('live teams'))).toEqual([
      { message: '3 live teams are named "Ops" (ids 3, 7, 9); no manifest declares them, so plan leaves them alone (to manage one, declare it pinned with an id: field)', address: 'team/Ops' },
    ]);
  });

  it('a duplicate group one of whose members is pinned is not warned about', () => {
    const p = plan(state([obj('Team', 'Ops', {}, { id: 3 })]), live(tenant, me), OPTS);
    expect(p.warnings.filter((w) => w.message.includes('live teams'))).toEqual([]);
  });
});

describe('export of duplicated live names', () => {
  it('writes the first of each group pinned with its id, and leaves out the others', () => {
    const out = exportManifests(live(tenant), catalog, { kinds: ['Team'] });
    expect(out.filter((o) => naturalKey(o.name) === 'ops').map((o) => [o.name, o.id])).toEqual([['Ops', 3]]);
    expect(out.find((o) => o.name === 'Sales')?.id).toBeUndefined();
  });
});
