/**
 * Plan reads only what it needs (issue 12 §1): one list per kind the manifests declare or refer
 * to (by name, or `members: all`), `GET /api/Agent/me` when a kind halo-iac could lock itself out
 * of is declared, detail reads only for managed objects that set a detail-only field, and
 * paginated lists in pages of the catalog's pageCap. Exact API calls from the simulator log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalog, obj, OPTS, state } from './helpers/desired.js';
import { harness, type Harness } from './helpers/sim.js';
import { plan, readLive } from '../../src/engine/index.js';
import type { DesiredObject } from '../../src/model/desired.js';
import type { Catalog } from '../../src/model/catalog.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.stop();
});

/** The API requests (method, path, query) a no-change plan of `objects` makes, after applying them. */
async function noChangePlanCalls(objects: DesiredObject[], cat: Catalog = catalog): Promise<string[]> {
  const applied = await h.applyFor(objects);
  expect(applied.failed).toEqual([]);
  const from = h.sim.requests.length;
  const s = { ...state(objects, {}, h.sim.url), catalog: cat };
  const p = plan(s, await readLive(s, h.client), { ...OPTS, clientId: h.sim.clientId });
  expect(p.errors).toEqual([]);
  expect(p.summary).toEqual({ add: 0, change: 0, destroy: 0 });
  return h.sim.requests
    .slice(from)
    .filter((r) => r.path.startsWith('/api/'))
    .map((r) => `${r.method} ${r.path}${Object.keys(r.query).length > 0 ? `?${new URLSearchParams(r.query as Record<string, string>).toString()}` : ''}`)
    .sort();
}

const TEAMS_AND_AGENTS = [
  obj('Team', 'Bench Team', { department: 'Service Delivery', use: ['tickets'] }),
  obj('Agent', 'Bench Agent', { email: 'bench@example.com', apiOnly: true, teams: { mode: 'include', members: ['Bench Team'] } }),
];

describe('a no-change plan reads the floor', () => {
  it('teams and agents: me, the departments they name, teams and agents; no Roles, no TicketType', async () => {
    expect(await noChangePlanCalls(TEAMS_AND_AGENTS)).toEqual([
      'GET /api/Agent/me',
      'GET /api/Agent?includeapiagents=true&includedisabled=true',
      'GET /api/Team?includedisabled=true&includeenabled=true',
      'GET /api/TopLevel?agent_departments_only=true&pageinate=true&page_size=100&page_no=1',
    ]);
  });

  it('teams alone: just the team list (no kind halo-iac logs in as, no reference)', async () => {
    expect(await noChangePlanCalls([obj('Team', 'Lone Team', { use: ['tickets'] })])).toEqual(['GET /api/Team?includedisabled=true&includeenabled=true']);
  });

  it('a reference to a kind nobody declares still lists it: roles and ticket types named by an agent', async () => {
    const agent = obj('Agent', 'Referring Bot', { apiOnly: true, roles: ['Read Only'], access: { ticketTypes: ['Incident'] } });
    const calls = await noChangePlanCalls([agent]);
    expect(calls.filter((c) => !c.startsWith('GET /api/Agent/'))).toEqual([
      'GET /api/Agent?includeapiagents=true&includedisabled=true',
      'GET /api/Roles',
      'GET /api/TicketType?showinactive=true',
    ]);
    // roles and access are detail-only: the one managed agent is read in detail, and `me`.
    expect(calls.filter((c) => c.startsWith('GET /api/Agent/'))).toEqual([expect.stringMatching(/^GET \/api\/Agent\/\d+\?includedetails=true$/), 'GET /api/Agent/me']);
  });

  it('`members: all` lists the teams although no team is named or declared', async () => {
    const agent = obj('Agent', 'All Teams Bot', { apiOnly: true, teams: { mode: 'include', members: 'all' } });
    expect(await noChangePlanCalls([agent])).toEqual([
      'GET /api/Agent/me',
      'GET /api/Agent?includeapiagents=true&includedisabled=true',
      'GET /api/Team?includedisabled=true&includeenabled=true',
    ]);
  });

  it('a role that sets only its description is not read in detail; one that sets permissions is', async () => {
    // Any change to a role the login agent holds is a lockout change (issue 9 §4), so a plan that declares
    // roles reads who halo-iac is (Agent/me, the floor's lockout read) and, as /Agent/me lacks the agent's
    // roles on the simulator (unverified on Halo), that agent's detail: the roles themselves are listed only.
    const lockoutReads = ['GET /api/Agent/1?includedetails=true', 'GET /api/Agent/me'];
    const plain = obj('Role', 'Plain Role', { description: 'notes only' });
    expect(await noChangePlanCalls([plain])).toEqual([...lockoutReads, 'GET /api/Roles']);
    const withPermissions = obj('Role', 'Claims Role', { description: 'with claims', permissions: { tickets: 'readOnly' } });
    const calls = await noChangePlanCalls([plain, withPermissions]);
    expect(calls).toEqual([...lockoutReads, 'GET /api/Roles', expect.stringMatching(/^GET \/api\/Roles\/[0-9a-f-]+\?includedetails=true$/)]);
  });
});

describe('paginated lists use the catalog page size', () => {
  it('asks for pages of listShapes.TopLevel.pageCap and follows them to record_count', async () => {
    // A catalog override (as policy.catalog gives one) with a page cap of 2: the 3 agent departments take 2 pages.
    const small: Catalog = { ...catalog, listShapes: { ...catalog.listShapes, TopLevel: { ...catalog.listShapes.TopLevel!, pageCap: 2 } } };
    const calls = await noChangePlanCalls([obj('Team', 'Paged Team', { department: 'Sales' })], small);
    expect(calls).toEqual([
      'GET /api/Team?includedisabled=true&includeenabled=true',
      'GET /api/TopLevel?agent_departments_only=true&pageinate=true&page_size=2&page_no=1',
      'GET /api/TopLevel?agent_departments_only=true&pageinate=true&page_size=2&page_no=2',
    ]);
  });

  it('reads customers in pages of listShapes.Client.pageCap', async () => {
    const small: Catalog = { ...catalog, listShapes: { ...catalog.listShapes, Client: { ...catalog.listShapes.Client!, pageCap: 2 } } };
    const agent = obj('Agent', 'Customer Bot', { apiOnly: true, access: { customers: ['Globex'] } });
    const calls = await noChangePlanCalls([agent], small);
    expect(calls.filter((c) => c.includes('/api/Client'))).toEqual([
      'GET /api/Client?includeinactive=true&pageinate=true&page_size=2&page_no=1',
      'GET /api/Client?includeinactive=true&pageinate=true&page_size=2&page_no=2',
    ]);
  });
});
