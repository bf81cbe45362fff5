import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadCatalog } from '../../src/manifest/catalog.js';
import { synthesizeDesiredState } from '../../constructs/index.js';
import { doc, env, pos } from './helpers.js';

const { catalog } = loadCatalog();
const errorsOf = (docs: Parameters<typeof synthesizeDesiredState>[1]) =>
  synthesizeDesiredState(env(), docs, catalog).diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);

describe('spec validation against the catalog', () => {
  it('rejects an unknown membership level at the level position, with a suggestion', () => {
    const errors = errorsOf([
      doc('Department', 'Projects', {}, 1),
      doc('Agent', 'Bot', { apiOnly: true, departments: { mode: 'exact', members: [{ name: 'Projects', level: 'modifyall' }] } }, 5, {
        'departments.members.0.level': pos(9, 14),
      }),
    ]);
    expect(errors).toEqual([
      `/envs/test/objects.yaml:9:14: agent/Bot: unknown membership level 'modifyall' (did you mean 'modifyAll'?); known: member, readOnly, modifyOwn, modifyAll`,
    ]);
  });

  it('explains scopes Halo rejects and suggests near misses', () => {
    const errors = errorsOf([
      doc('Agent', 'Bot', { apiOnly: true }, 1),
      doc('Application', 'App', { loginAs: 'Bot', scopes: ['read:tickets', 'read:actions', 'read:tickts'] }, 4, {
        'scopes.1': pos(8, 9),
        'scopes.2': pos(9, 9),
      }),
    ]);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^\/envs\/test\/objects\.yaml:8:9: application\/App: scope 'read:actions' does not exist in Halo: there is no actions scope/);
    expect(errors[1]).toBe(`/envs/test/objects.yaml:9:9: application/App: unknown scope 'read:tickts' (did you mean 'read:tickets'?)`);
  });

  it('checks permissions, ITIL types, ticket use, hierarchy, fields, team use, login types and settings', () => {
    const errors = errorsOf([
      doc('Team', 'T', { use: ['tickets', 'sales'] }, 1, { 'use.1': pos(2) }),
      doc('Agent', 'A', { apiOnly: true, permissions: { tickets: 'everything', canAddTickets: 'yes', flyPlanes: true } }, 3),
      doc('Application', 'P', { loginAs: 'A', loginType: 'robot', scopes: ['all'] }, 6),
      doc('TicketType', 'Tt', { itilType: 'epic', use: 'projects', projectHierarchy: 'programs', fields: ['startDate'], defaultTeam: 'T' }, 9),
      doc('Settings', 'settings', { nextTicketIdMethod: 'random', colour: 'blue' }, 12),
    ]);
    const text = errors.join('\n');
    expect(text).toContain("team/T: unknown team use 'sales'");
    expect(text).toContain("agent/A: permission 'tickets' (Tickets Access Level) has no value 'everything'; its values: none, readOnly, readModify");
    expect(text).toContain("agent/A: unknown permission 'flyPlanes'");
    expect(text).toContain("application/P: unknown login type 'robot'");
    expect(text).toContain("tickettype/Tt: unknown ITIL type 'epic'");
    expect(text).toContain("tickettype/Tt: unknown project hierarchy 'programs'");
    expect(text).toContain("tickettype/Tt: unknown ticket field 'startDate' (did you mean 'startDateTime'?)");
    expect(text).toContain("settings/settings: setting 'nextTicketIdMethod' (Next Ticket ID Calculation Method) must be one of: autoIncrementingKey, default");
    expect(text).toContain("settings/settings: unknown setting 'colour'");
    // canAddTickets: 'yes' is the schema's to refuse (a boolean permission): constructs check only the catalog.
    expect(errors).toHaveLength(9);
  });

  it('falls back to the document position when a value has none', () => {
    const errors = errorsOf([doc('Application', 'App', { loginAs: 'x', scopes: [] }, 21)]);
    expect(errors).toEqual(['/envs/test/objects.yaml:21:7: application/App: an application needs at least one scope']);
  });

  it('reports duplicate names case-insensitively with both positions and only one Settings', () => {
    const errors = errorsOf([
      doc('Team', 'Alpha', {}, 1),
      doc('Team', 'alpha ', {}, 4),
      doc('Settings', 's1', {}, 7),
      doc('Settings', 's2', {}, 9),
    ]);
    expect(errors).toEqual([
      "/envs/test/objects.yaml:4:7: team/alpha : duplicate Team 'alpha ' (first declared at /envs/test/objects.yaml:1:7)",
      '/envs/test/objects.yaml:9:7: settings/s2: only one Settings object per environment',
    ]);
  });

  it('does not validate the spec of an absent object', () => {
    expect(errorsOf([doc('Application', 'Old', {}, 1, {}, { absent: true })])).toEqual([]);
  });

  it('refuses a reference to an object declared absent', () => {
    const errors = errorsOf([doc('Team', 'Gone', {}, 1, {}, { absent: true }), doc('TicketType', 'T', { defaultTeam: 'Gone' }, 3, { defaultTeam: pos(5, 16) })]);
    expect(errors).toEqual(["/envs/test/objects.yaml:5:16: tickettype/T: refers to team 'Gone', which is declared absent"]);
  });

  it('rejects an unknown blueprint with a suggestion at the use: value', () => {
    const errors = errorsOf([doc('Blueprint', 'x', { use: 'moovilla', with: {} }, 1, { use: pos(3, 8) })]);
    expect(errors).toEqual(["/envs/test/objects.yaml:3:8: blueprint/x: unknown blueprint 'moovilla' (did you mean 'moovila'?); known: moovila, perimeters, rewst, postman"]);
  });
});

describe('conflicts between objects', () => {
  it('refuses a rename whose old name is still declared, or claimed twice', () => {
    const errors = errorsOf([
      doc('Team', 'Sales', {}, 1),
      doc('Team', 'Revenue', {}, 4, {}, { previously: ['sales'] }),
      doc('Team', 'Income', {}, 8, {}, { previously: ['Sales'] }),
    ]);
    expect(errors).toEqual([
      `/envs/test/objects.yaml:4:7: team/Revenue: previously 'sales' is also declared as team/Sales (/envs/test/objects.yaml:1:7); a rename needs the old name out of the manifests`,
      `/envs/test/objects.yaml:8:7: team/Income: previously 'Sales' is also declared as team/Sales (/envs/test/objects.yaml:1:7); a rename needs the old name out of the manifests`,
      `/envs/test/objects.yaml:8:7: team/Income: previously 'Sales' is also claimed by team/Revenue (/envs/test/objects.yaml:4:7); one live object can be renamed into one object only`,
    ]);
  });

  it('refuses two applications writing their secret to the same sink', () => {
    const errors = errorsOf([
      doc('Agent', 'Bot', { apiOnly: true }, 1),
      doc('Application', 'A', { loginAs: 'Bot', scopes: ['read:tickets'], secret: { sink: 'env-file:creds.env' } }, 4),
      doc('Application', 'B', { loginAs: 'Bot', scopes: ['read:tickets'], secret: { sink: 'env-file:./creds.env' } }, 9, { 'secret.sink': pos(12, 13) }),
    ]);
    expect(errors).toEqual([
      `/envs/test/objects.yaml:12:13: application/B: secret.sink 'env-file:./creds.env' is also the sink of application/A (/envs/test/objects.yaml:4:7); each application needs its own sink`,
    ]);
  });
});

describe('what plan could never converge on is caught offline by validate', () => {
  it('reports the handler check (here: a contradictory ticket type) at the value position', () => {
    const errors = errorsOf([doc('TicketType', 'Type C', { itilType: 'incident', projectHierarchy: 'projects' }, 1, { itilType: pos(4, 13) })]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\/envs\/test\/objects\.yaml:4:13: tickettype\/Type C: itilType 'incident' contradicts projectHierarchy 'projects'/);
  });
});
