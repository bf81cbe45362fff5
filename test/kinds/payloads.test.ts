import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentHandler } from '../../src/kinds/agent.js';
import { roleHandler } from '../../src/kinds/role.js';
import { applicationHandler, liveRotateCounter, withRotateCounter } from '../../src/kinds/application.js';
import { buildContext } from '../../src/engine/context.js';
import { catalog, live, obj } from '../engine/helpers/desired.js';
import { settingsHandler } from '../../src/kinds/settings.js';
import { loadCatalog } from '../../src/manifest/catalog.js';
import type { Catalog } from '../../src/model/catalog.js';
import type { AgentSpec } from '../../constructs/kinds/agent.js';
import type { RoleSpec } from '../../constructs/kinds/role.js';
import type { SettingsSpec } from '../../constructs/kinds/settings.js';
import type { DesiredObject } from '../../src/model/desired.js';

const snapshot = live({
  Team: [{ id: 1, name: 'Sales' }, { id: 2, name: 'Projects' }, { id: 3, name: 'Support' }],
  Department: [{ id: 10, name: 'Ops', agent_department: true }],
  Role: [{ id: 'r-1', name: 'Agent' }],
});
const agentRaw = {
  id: 5,
  name: 'Bot',
  teams: [{ team_id: 1, team_name: 'Sales' }, { team_id: 3, team_name: 'Support', role_id: 'r-1' }],
  claims: [{ type: 'unrelated', value: 'x' }, { type: 'Tx', value: '1' }],
};
const liveAgent = { id: 5, name: 'Bot', raw: agentRaw };

function ctxFor(objects: DesiredObject<object>[]) {
  return buildContext(objects as DesiredObject[], catalog, snapshot, 'apply');
}

describe('agent payloads', () => {
  it('include mode sends live ∪ desired; role-inherited rows are kept', () => {
    const d = obj('Agent', 'Bot', { teams: { mode: 'include', members: ['Projects'] } }) as DesiredObject<AgentSpec>;
    const p = agentHandler.toPayload(d, ctxFor([d]), liveAgent);
    expect(p.teams).toEqual([...agentRaw.teams, { team_id: 2, team_name: 'Projects' }]);
  });

  it('exact mode sends desired plus role-inherited rows only', () => {
    const d = obj('Agent', 'Bot', { teams: { mode: 'exact', members: ['Projects'] } }) as DesiredObject<AgentSpec>;
    const p = agentHandler.toPayload(d, ctxFor([d]), liveAgent);
    expect(p.teams).toEqual([agentRaw.teams[1], { team_id: 2, team_name: 'Projects' }]);
  });

  it('role-inherited memberships never count as live direct memberships', () => {
    const d = obj('Agent', 'Bot', { teams: { mode: 'exact', members: ['Sales'] } }) as DesiredObject<AgentSpec>;
    expect(agentHandler.normalize(liveAgent, d.spec, ctxFor([d])).teams).toEqual(['Sales']);
  });

  it('permissions change only the managed claim types and keep the others', () => {
    const d = obj('Agent', 'Bot', { permissions: { tickets: 'readModify', admin: false } }) as DesiredObject<AgentSpec>;
    const p = agentHandler.toPayload(d, ctxFor([d]), liveAgent);
    expect(p.claims).toEqual([{ type: 'unrelated', value: 'x' }, { type: 'Tx', value: '2' }]);
    expect(p.is_admin).toBe(false);
    expect(agentHandler.normalize(liveAgent, d.spec, ctxFor([d])).permissions).toEqual({ tickets: 'readOnly', admin: false });
  });

  it("each permission writes its own scale's code: timesheets readModifyAll is Hx 4, customers readOnly is Ux 2, yes is '1'", () => {
    const d = obj('Agent', 'Bot', { permissions: { timesheets: 'readModifyAll', customers: 'readOnly', canAddTickets: true, administrator: false } }) as DesiredObject<AgentSpec>;
    expect(agentHandler.toPayload(d, ctxFor([d]), liveAgent).claims).toEqual([
      ...agentRaw.claims,
      { type: 'Hx', value: '4' }, { type: 'Ux', value: '2' }, { type: 'l6', value: '1' }, { type: 'SA', value: 'false' },
    ]);
  });

  it("reads a legacy long name and 'true' as the permission, and replaces the legacy row with the short code", () => {
    const raw = { ...agentRaw, claims: [{ type: 'unrelated', value: 'x' }, { type: 'Can_Log_Tickets', value: 'true' }, { type: 'Ticket_Level', value: '2' }] };
    const d = obj('Agent', 'Bot', { permissions: { canAddTickets: true, tickets: 'readModify' } }) as DesiredObject<AgentSpec>;
    expect(agentHandler.normalize({ ...liveAgent, raw }, d.spec, ctxFor([d])).permissions).toEqual({
      canAddTickets: { live_claims: [{ type: 'Can_Log_Tickets', value: 'true', legacy: true }], read_as: true },
      tickets: { live_claims: [{ type: 'Ticket_Level', value: '2', legacy: true }], read_as: 'readModify' },
    });
    expect(agentHandler.toPayload(d, ctxFor([d]), { ...liveAgent, raw }).claims).toEqual([{ type: 'unrelated', value: 'x' }, { type: 'l6', value: '1' }, { type: 'Tx', value: '2' }]);
    // The short code with a yes/no spelled 'true' reads as yes: no change, nothing to rewrite.
    const spelled = { ...agentRaw, claims: [{ type: 'l6', value: 'true' }] };
    expect(agentHandler.normalize({ ...liveAgent, raw: spelled }, { permissions: { canAddTickets: true } }, ctxFor([d])).permissions).toEqual({ canAddTickets: true });
  });

  it('shows a value outside the table as it is, never as a neighbour, and warns once per claim type and value', () => {
    const raw = { ...agentRaw, claims: [{ type: 'Tx', value: '7' }] };
    const d = obj('Agent', 'Bot', { permissions: { tickets: 'readModify' } }) as DesiredObject<AgentSpec>;
    expect(agentHandler.normalize({ ...liveAgent, raw }, d.spec, ctxFor([d])).permissions).toEqual({ tickets: { live_claims: [{ type: 'Tx', value: '7' }] } });
    const warnings = agentHandler.liveWarnings?.({ ...liveAgent, raw }, d.spec, ctxFor([d]), { catalogFile: './over.yaml' });
    expect(warnings).toEqual([
      {
        key: 'claim Tx=7',
        path: 'permissions.tickets',
        message:
          'permissions.tickets: Halo value "7" of claim Tx is not in the catalog (Tickets Access Level: none = "0", readOnly = "1", readModify = "2"); ' +
          'it is shown raw, never read as a neighbouring value. To teach it, add to ./over.yaml (policy.catalog) (then replace the <...> placeholders with what the Halo UI shows): ' +
          '{ permissions: { tickets: { values: { <name for "7">: { halo: "7", label: <UI option>, verified: false, source: seen on the tenant by halo-iac plan } } } } }',
      },
    ]);
  });

  it('a yes/no claim with a spelling the catalog lacks is taught as a spelling of yes', () => {
    const raw = { ...agentRaw, claims: [{ type: 'l4', value: 'Y' }] };
    const d = obj('Agent', 'Bot', { permissions: { canDeleteTickets: false } }) as DesiredObject<AgentSpec>;
    const [w] = agentHandler.liveWarnings?.({ ...liveAgent, raw }, d.spec, ctxFor([d]), {}) ?? [];
    expect(w?.message).toMatch(/To teach it, add to a catalog override file \(policy\.catalog in the environment file\) \(then replace the <\.\.\.> placeholders with what the Halo UI shows\): \{ yesNoSpellings: \{ yes: \[ .*, Y \] \} \}$/);
  });

  it('export keeps claims a friendly value cannot say under raw, verbatim', () => {
    const ctx = buildContext([], catalog, live({}), 'plan');
    const raw = { ...agentRaw, claims: [{ type: 'Tx', value: '7' }, { type: 'Can_Log_Tickets', value: 'true' }, { type: 'Hx', value: '4' }, { type: 'ZZ', value: '1' }] };
    expect(agentHandler.toSpec({ ...liveAgent, raw }, ctx).permissions).toEqual({ timesheets: 'readModifyAll', raw: { Tx: '7', Can_Log_Tickets: 'true' } });
  });
});

describe('role payloads', () => {
  it('raw claims compare only the named types', () => {
    const d = obj('Role', 'Agent', { claims: [{ type: 'Tx', value: '2' }] }) as DesiredObject<RoleSpec>;
    const liveRole = { id: 'r-1', name: 'Agent', raw: { id: 'r-1', name: 'Agent', claims: agentRaw.claims } };
    expect(roleHandler.normalize(liveRole, d.spec, ctxFor([d])).claims).toEqual(['Tx=1']);
    expect(roleHandler.toPayload(d, ctxFor([d]), liveRole).claims).toEqual([{ type: 'unrelated', value: 'x' }, { type: 'Tx', value: '2' }]);
  });
});

describe('application rotate counter', () => {
  it('lives in a JSON field next to other keys', () => {
    const merged = withRotateCounter('{"keep":true}', 3);
    expect(JSON.parse(merged as string)).toEqual({ keep: true, 'halo-iac/secret-rotate': 3 });
    expect(liveRotateCounter({ properties: merged }, catalog)).toBe(3);
    expect(liveRotateCounter({ properties: 'not json' }, catalog)).toBeNull();
    expect(liveRotateCounter({}, catalog)).toBeNull();
  });

  it('the payload never carries a secret by itself (the engine injects it)', () => {
    const d = obj('Application', 'App', { scopes: ['all'], secret: { sink: 'file:x.json' } });
    const p = applicationHandler.toPayload(d as never, ctxFor([d]), undefined);
    expect(p.clientSecret).toBeUndefined();
    expect(p.grant_type).toBe('client_credentials');
    expect(p.scopes).toEqual([{ name: 'all' }]);
  });
});

/** The stock catalog deep-merged with an environment override (policy.catalog), which must be valid. */
function overridden(yaml: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'halo-iac-catalog-')), 'override.yaml');
  writeFileSync(file, yaml);
  const loaded = loadCatalog(file);
  expect(loaded.diagnostics).toEqual([]);
  return loaded.catalog;
}

describe('agent access: the "allow all" flags are catalog claims', () => {
  const tt = live({ TicketType: [{ id: 31, name: 'Incident' }, { id: 32, name: 'Change' }] });
  const ctxWith = (cat: Catalog, d: DesiredObject<object>) => buildContext([d as DesiredObject], cat, tt, 'apply');

  it("all writes the flag '1' and no rows; a list writes '0' plus rows with the catalog rowFlags; [] writes '0' and no rows", () => {
    const all = obj('Agent', 'Bot', { access: { ticketTypes: 'all', customers: 'all', assetTypes: 'all', assetFields: 'all' } }) as DesiredObject<AgentSpec>;
    const p = agentHandler.toPayload(all, ctxWith(catalog, all), liveAgent);
    expect(p.claims).toEqual([...agentRaw.claims, { type: 'Ft', value: '1' }, { type: 'Fc', value: '1' }, { type: 'Fa', value: '1' }, { type: 'Ff', value: '1' }]);
    expect([p.tickettypes, p.clients, p.assettypes, p.assetfields]).toEqual([undefined, undefined, undefined, undefined]);
    const some = obj('Agent', 'Bot', { access: { ticketTypes: ['Incident'], assetTypes: [] } }) as DesiredObject<AgentSpec>;
    const sp = agentHandler.toPayload(some, ctxWith(catalog, some), liveAgent);
    expect(sp.tickettypes).toEqual([{ tickettype_id: 31, canview: true, cancreate: true, canedit: true }]);
    expect(sp.assettypes).toEqual([]);
    expect(sp.claims).toEqual([...agentRaw.claims, { type: 'Ft', value: '0' }, { type: 'Fa', value: '0' }]);
  });

  it('reads the flag, not the rows: yes is all, no (or missing) is the rows, a value outside yes/no is unknown', () => {
    const all = obj('Agent', 'Bot', { access: { ticketTypes: 'all', customers: 'all' } }) as DesiredObject<AgentSpec>;
    const read = (claims: { type: string; value: string }[], clients: unknown[] = []) =>
      agentHandler.normalize({ ...liveAgent, raw: { ...agentRaw, tickettypes: [], clients, claims } }, all.spec, ctxWith(catalog, all)).access;
    expect(read([{ type: 'Ft', value: '1' }, { type: 'Fc', value: '0' }], [{ client_id: 4, client_name: 'Globex' }])).toEqual({ ticketTypes: 'all', customers: ['Globex'] });
    expect(read([{ type: 'Ft', value: 'true' }])).toEqual({ ticketTypes: 'all', customers: [] });
    expect(read([{ type: 'Ft', value: '0' }, { type: 'Fc', value: '5' }])).toEqual({ ticketTypes: [], customers: null });
  });

  it('an override of rowFlags changes the rows written', () => {
    const cat = overridden('permissions:\n  allowAllTicketTypes:\n    restriction:\n      rowFlags: { canedit: false, cancreate: false }\n');
    const d = obj('Agent', 'Bot', { access: { ticketTypes: ['Change', 'Incident'] } }) as DesiredObject<AgentSpec>;
    expect(agentHandler.toPayload(d, ctxWith(cat, d), liveAgent).tickettypes).toEqual([
      { tickettype_id: 32, canview: true, cancreate: false, canedit: false },
      { tickettype_id: 31, canview: true, cancreate: false, canedit: false },
    ]);
  });

  it('an override of the claim code is written and read back', () => {
    const cat = overridden('permissions:\n  allowAllCustomers:\n    target: { claim: allow_all_clients }\n');
    const d = obj('Agent', 'Bot', { access: { customers: 'all' } }) as DesiredObject<AgentSpec>;
    expect(agentHandler.toPayload(d, ctxWith(cat, d), liveAgent).claims).toEqual([...agentRaw.claims, { type: 'allow_all_clients', value: '1' }]);
    const raw = { ...agentRaw, claims: [{ type: 'allow_all_clients', value: '1' }, { type: 'Fc', value: '0' }] };
    expect(agentHandler.normalize({ ...liveAgent, raw }, d.spec, ctxWith(cat, d)).access).toEqual({ customers: 'all' });
  });

  it('a catalog without the flag makes access a plan error, not a guess; asset type ids are accepted', () => {
    const cat = overridden('permissions:\n  allowAllTicketTypes: null\n');
    const d = obj('Agent', 'Bot', { access: { ticketTypes: 'all', assetTypes: [4] } }) as DesiredObject<AgentSpec>;
    expect(agentHandler.unsupported?.(d.spec, cat)).toEqual([
      { path: 'access.ticketTypes', message: 'access.ticketTypes needs the catalog permission whose restriction.access is ticketTypes (its "allow all" flag), which the catalog does not have' },
    ]);
  });

  it('asset lists write one row per id with the catalog rowFlags; an override can give field rows an integer level', () => {
    const d = obj('Agent', 'Bot', { access: { assetTypes: [5, 2], assetFields: [40] } }) as DesiredObject<AgentSpec>;
    const p = agentHandler.toPayload(d, ctxWith(catalog, d), liveAgent);
    expect(p.assettypes).toEqual([
      { assettype_id: 5, canview: true, cancreate: true, canedit: true },
      { assettype_id: 2, canview: true, cancreate: true, canedit: true },
    ]);
    expect(p.assetfields).toEqual([{ field_id: 40 }]);
    const cat = overridden('permissions:\n  allowAllAssetFields:\n    restriction:\n      rowFlags: { level: 2 }\n');
    expect(agentHandler.toPayload(d, ctxWith(cat, d), liveAgent).assetfields).toEqual([{ field_id: 40, level: 2 }]);
    const raw = { ...agentRaw, claims: [{ type: 'Fa', value: '0' }, { type: 'Ff', value: '0' }], assettypes: [{ assettype_id: 5 }, { assettype_id: 2 }, { assettype_id: 6, role_id: 'r1' }], assetfields: [{ field_id: 40 }] };
    expect(agentHandler.normalize({ ...liveAgent, raw }, d.spec, ctxWith(catalog, d)).access).toEqual({ assetTypes: [2, 5], assetFields: [40] });
  });
});

describe('application scopes: privilege comes from the catalog', () => {
  const risks = (cat: Catalog, scopes: string[]) =>
    applicationHandler.risks?.({ action: 'update', before: { scopes: [] }, after: { scopes }, catalog: cat }) ?? [];

  it('uses the privileged flag of catalog/scopes.yaml, overridable', () => {
    expect(risks(catalog, ['admin'])).toEqual([{ risk: 'privilege-escalation', reason: 'scopes + admin' }]);
    expect(risks(catalog, ['read:tickets'])).toEqual([]);
    const cat = overridden('scopes:\n  admin: { privileged: false }\n  edit:tickets: { privileged: true }\n');
    expect(risks(cat, ['admin'])).toEqual([]);
    expect(risks(cat, ['edit:tickets'])).toEqual([{ risk: 'privilege-escalation', reason: 'scopes + edit:tickets' }]);
  });
});

describe('settings payload', () => {
  const d = obj('Settings', 'settings', { raw: { next_ticket_id: 5000 } }) as DesiredObject<SettingsSpec>;
  const ctx = buildContext([d as DesiredObject], catalog, live({}), 'apply');

  it('takes the Control id from the live read', () => {
    expect(settingsHandler.toPayload(d, ctx, { id: 7, name: 'settings', raw: { id: 7 } })).toEqual({ id: 7, next_ticket_id: 5000 });
  });

  it('omits the id when the read had none, rather than inventing one', () => {
    const p = settingsHandler.toPayload(d, ctx, { id: undefined as unknown as number, name: 'settings', raw: {} });
    expect(p).toEqual({ next_ticket_id: 5000 });
  });
});

describe('agent access.customers by name', () => {
  const withCustomers = {
    ...live({}),
    customers: [{ id: 1, name: 'Acme Corp' }, { id: 2, name: 'Globex' }, { id: 3, name: 'Initech' }, { id: 8, name: 'Twin' }, { id: 9, name: 'twin' }],
  };
  const ctxOf = (d: DesiredObject<object>) => buildContext([d as DesiredObject], catalog, withCustomers, 'apply');
  const spec = (customers: string[]) => obj('Agent', 'Bot', { access: { customers } }) as DesiredObject<AgentSpec>;

  it('resolves names case-insensitively to client_id rows, sorted and de-duplicated, in the live spelling', () => {
    const d = spec(['initech', 'ACME CORP', 'Acme Corp']);
    const ctx = ctxOf(d);
    expect(agentHandler.unresolved?.(d.spec, ctx)).toEqual([]);
    expect(agentHandler.canonical(d.spec, ctx).access).toEqual({ customers: ['Acme Corp', 'Initech'] });
    const p = agentHandler.toPayload(d, ctx, liveAgent);
    expect(p.clients).toEqual([{ client_id: 1 }, { client_id: 3 }]);
    expect(p.claims).toEqual([...agentRaw.claims, { type: 'Fc', value: '0' }]);
  });

  it('normalises live rows to names, leaving out rows inherited from a role', () => {
    const d = spec(['Globex']);
    const raw = { ...agentRaw, claims: [{ type: 'Fc', value: '0' }], clients: [
      { id: 1, client_id: 2, client_name: 'Globex' },
      { id: 0, client_id: 1, client_name: 'Acme Corp', role_id: 'r-1', role_name: 'Agent' },
    ] };
    expect(agentHandler.normalize({ ...liveAgent, raw }, d.spec, ctxOf(d)).access).toEqual({ customers: ['Globex'] });
    // No own rows is "none", not "all": only the Fc flag says all.
    const onlyInherited = { ...agentRaw, claims: [{ type: 'Fc', value: '0' }], clients: [{ id: 0, client_id: 1, client_name: 'Acme Corp', role_id: 'r-1' }] };
    expect(agentHandler.normalize({ ...liveAgent, raw: onlyInherited }, d.spec, ctxOf(d)).access).toEqual({ customers: [] });
  });

  it('unknown and ambiguous names are reported at their index', () => {
    const d = spec(['Globex', 'Umbrella', 'TWIN']);
    expect(agentHandler.unresolved?.(d.spec, ctxOf(d))).toEqual([
      { path: 'access.customers.1', message: expect.stringContaining('customer "Umbrella", which does not exist live') },
      { path: 'access.customers.2', message: expect.stringContaining('matches 2 live customers') },
    ]);
  });

  it('export names the customers of the rows (no customer list needed)', () => {
    const ctx = buildContext([], catalog, live({}), 'plan');
    const fc = (value: string) => [{ type: 'Fc', value }];
    const raw = { ...agentRaw, claims: fc('0'), clients: [{ id: 1, client_id: 3, client_name: 'Initech' }, { id: 2, client_id: 1, client_name: 'Acme Corp' }] };
    expect(agentHandler.toSpec({ ...liveAgent, raw }, ctx).access).toEqual({ customers: ['Acme Corp', 'Initech'] });
    expect(agentHandler.toSpec({ ...liveAgent, raw: { ...agentRaw, claims: fc('1'), clients: [] } }, ctx).access).toEqual({ customers: 'all' });
    expect(agentHandler.toSpec({ ...liveAgent, raw: { ...agentRaw, claims: fc('0'), clients: [] } }, ctx).access).toEqual({ customers: [] });
    // Without the flag claim the access is not known: left out (and the flag is not a permission either).
    expect(agentHandler.toSpec({ ...liveAgent, raw: { ...agentRaw, clients: [] } }, ctx).access).toBeUndefined();
    // A row without a name cannot be written back as a manifest: customers is left out.
    expect(agentHandler.toSpec({ ...liveAgent, raw: { ...agentRaw, claims: fc('0'), clients: [{ id: 1, client_id: 3 }] } }, ctx).access?.customers).toBeUndefined();
  });
});
