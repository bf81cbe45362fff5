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

const bot = (customers: string[] | 'all') =>
  obj('Agent', 'Support Bot', { apiOnly: true, email: 'bot@example.com', access: { customers } }, {
    fieldSources: { 'access.customers.1': { file: 'manifests/agents.yaml', line: 12, column: 9 } },
  });

async function liveCustomerRows(): Promise<HaloRecord[]> {
  const a = (await h.client.list('Agent', { includeapiagents: true })).find((x) => x.name === 'Support Bot')!;
  return (await h.client.get('Agent', a.id as number, { includedetails: true })).clients as HaloRecord[];
}

const customerNames = async (): Promise<string[]> => (await liveCustomerRows()).map((r) => String(r.client_name)).sort();

/** GET /api/Client requests the simulator saw. */
const clientReads = () => h.sim.requests.filter((r) => r.method === 'GET' && r.path.toLowerCase().startsWith('/api/client'));

describe('agent access.customers by name (simulator)', () => {
  it('converges to exactly the listed customers, resolved case-insensitively, and the list is the whole truth', async () => {
    const first = [bot(['globex', 'Acme Corp'])];
    const p = await h.planFor(first);
    expect(p.errors).toEqual([]);
    const create = p.resource_changes[0]!;
    expect(create.field_changes.find((f) => f.path === 'access.customers')?.after).toEqual(['Acme Corp', 'Globex']);
    expect((create.request?.body as HaloRecord[])[0]!.clients).toEqual([{ client_id: 1 }, { client_id: 2 }]);
    // A list: "Allow use of all Clients" (Fc) no, plus the rows.
    expect((create.request?.body as HaloRecord[])[0]!.claims).toEqual([{ type: 'Fc', value: '0' }]);
    const r = await h.applyFor(first);
    expect(r.failed).toEqual([]);
    expect(r.remaining.summary).toEqual({ add: 0, change: 0, destroy: 0 });
    expect(await customerNames()).toEqual(['Acme Corp', 'Globex']);

    const second = [bot(['Initech', 'Globex'])];
    const change = await h.planFor(second);
    expect(change.resource_changes[0]!.field_changes).toEqual([
      { path: 'access.customers', before: ['Acme Corp', 'Globex'], after: ['Globex', 'Initech'], added: ['Initech'], removed: ['Acme Corp'] },
    ]);
    expect((await h.applyFor(second)).remaining.summary.change).toBe(0);
    expect(await customerNames()).toEqual(['Globex', 'Initech']);

    // Back to `all`: the Fc claim says yes; the rows stay (Halo ignores them while Fc is yes) and nothing is re-planned.
    expect((await h.applyFor([bot('all')])).remaining.summary.change).toBe(0);
    const a = (await h.client.list('Agent', { includeapiagents: true })).find((x) => x.name === 'Support Bot')!;
    expect((await h.client.get('Agent', a.id as number, { includedetails: true })).claims).toEqual([{ type: 'Fc', value: '1' }]);
    expect(await customerNames()).toEqual(['Globex', 'Initech']);
    expect((await h.planFor([bot('all')])).summary).toEqual({ add: 0, change: 0, destroy: 0 });
  });

  it('drift made directly through the API is detected and reverted', async () => {
    const objects = [bot(['Globex'])];
    await h.applyFor(objects);
    const a = (await h.client.list('Agent', { includeapiagents: true })).find((x) => x.name === 'Support Bot')!;
    await h.client.upsert('Agent', [{ id: a.id, clients: [{ client_id: 2 }, { client_id: 3 }] }]);
    const drift = await h.planFor(objects);
    expect(drift.resource_changes[0]!.field_changes).toEqual([
      { path: 'access.customers', before: ['Globex', 'Initech'], after: ['Globex'], added: [], removed: ['Initech'] },
    ]);
    expect((await h.applyFor(objects)).changed).toBe(1);
    expect(await customerNames()).toEqual(['Globex']);
    expect((await h.planFor(objects)).summary).toEqual({ add: 0, change: 0, destroy: 0 });
  });

  it('an unknown customer name is a plan error at its source position', async () => {
    const p = await h.planFor([bot(['Globex', 'Umbrella Corp'])]);
    expect(p.errors).toEqual([{
      message: 'agent/Support Bot: spec.access.customers[1] refers to customer "Umbrella Corp", which does not exist live (customers are not managed by halo-iac: create it in Halo first)',
      address: 'agent/Support Bot',
      source: { file: 'manifests/agents.yaml', line: 12, column: 9 },
    }]);
  });

  it('reads the customer list only when some agent names customers', async () => {
    await h.planFor([bot('all'), obj('Team', 'Night Shift')]);
    expect(clientReads()).toEqual([]);
    await h.planFor([bot(['Globex']), obj('Agent', 'Other Bot', { apiOnly: true, access: { customers: ['Initech'] } })]);
    // One list for both agents (the seeded 3 customers fit one page), never a read per customer.
    expect(clientReads().map((r) => [r.path, r.query.pageinate, r.query.page_no])).toEqual([['/api/Client', 'true', '1']]);
  });

  it('follows pagination past 100 customers, in one read per plan', async () => {
    await h.client.upsert('Client', Array.from({ length: 150 }, (_, i) => ({ name: `Customer ${String(i).padStart(3, '0')}` })));
    const objects = [bot(['Customer 149', 'Customer 000', 'Globex'])];
    const p = await h.planFor(objects);
    expect(p.errors).toEqual([]);
    expect(clientReads().map((r) => r.query.page_no)).toEqual(['1', '2']);
    const r = await h.applyFor(objects);
    expect(r.failed).toEqual([]);
    expect(r.remaining.summary.change).toBe(0);
    expect(await customerNames()).toEqual(['Customer 000', 'Customer 149', 'Globex']);
  });
});
