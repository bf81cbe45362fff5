/**
 * Contract test: the Halo client against the simulator, with every request the simulator logged
 * validated against Halo's own OpenAPI component schemas (spec/halo-openapi.json). POST bodies
 * item by item, GET/POST/DELETE responses (list items too) against the kind's full schema: the
 * `*_List` schemas are strict subsets (additionalProperties: false), so the full schema is the
 * one every real field must satisfy, whichever form Halo chooses for a list.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHaloClient, type HaloPath, type HaloRecord, type HaloWriter } from '../../src/halo/index.js';
import { startSimulator, type SimLogEntry } from '../../src/simulator/index.js';
import { loadHaloSchemas, type HaloSchemas } from './openapi.js';

/** Component schema of each route's records (SPEC24 tags, halo-api.md §2). */
const SCHEMA_OF: Record<string, string> = {
  agent: 'Uname',
  team: 'SectionDetail',
  roles: 'NHD_Roles',
  tickettype: 'RequestType',
  application: 'NHD_Identity_Application',
  control: 'Control',
  toplevel: 'Tree',
  client: 'Area',
  webhook: 'Webhook',
  fieldinfo: 'FieldInfo',
};

/** Create payloads per kind: minimal, plus one optional field so updates have something to change. */
const CREATES: { path: HaloPath; make: (n: number) => HaloRecord; update: HaloRecord }[] = [
  { path: 'Agent', make: (n) => ({ name: `Contract Agent ${n}`, email: `contract${n}@example.com` }), update: { jobtitle: 'Integration' } },
  { path: 'Team', make: (n) => ({ name: `Contract Team ${n}` }), update: { sequence: 5 } },
  { path: 'Roles', make: (n) => ({ name: `Contract Role ${n}` }), update: { notes: 'managed by halo-iac' } },
  { path: 'TicketType', make: (n) => ({ name: `Contract Type ${n}` }), update: { sequence: 7 } },
  { path: 'Application', make: (n) => ({ displayName: `Contract App ${n}`, grant_type: 'client_credentials', scopes: [{ name: 'all' }] }), update: { redirecturi: 'https://example.com/callback' } },
  { path: 'TopLevel', make: (n) => ({ name: `Contract Department ${n}`, agent_department: true }), update: { notes: 'managed by halo-iac' } },
  { path: 'Client', make: (n) => ({ name: `Contract Customer ${n}`, toplevel_id: 1 }), update: { notes: 'managed by halo-iac' } },
  {
    path: 'Webhook',
    make: (n) => ({ name: `Contract Hook ${n}`, url: 'https://hooks.example.com/contract', authentication_type: 1, basic_username: 'halo', basic_password: 'pw-contract', events: [{ eventno: 1 }, { eventno: 2 }] }),
    update: { active: false, note: 'halo-iac:secret-rotate=1' },
  },
  {
    path: 'FieldInfo',
    make: (n) => ({ name: `CFContract${n}`, label: `Contract field ${n}`, type: 2, usage: 1, values: [{ name: 'One' }, { name: 'Two' }] }),
    update: { label: 'Renamed', values: [{ name: 'Three' }] },
  },
];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Records in a response body: an object, an array, or a `{record_count, <key>: [...]}` wrapper. */
function recordsIn(body: unknown, isList: boolean): unknown[] {
  if (Array.isArray(body)) return body;
  if (!isRecord(body)) return [];
  if (isList) {
    const key = Object.keys(body).find((k) => Array.isArray(body[k]));
    if (key !== undefined && 'record_count' in body) return body[key] as unknown[];
  }
  return [body];
}

let sim: Awaited<ReturnType<typeof startSimulator>>;
let client: HaloWriter;
let schemas: HaloSchemas;
let logDir: string;
let logPath: string;

beforeAll(async () => {
  logDir = mkdtempSync(join(tmpdir(), 'halo-contract-'));
  logPath = join(logDir, 'requests.jsonl');
  schemas = loadHaloSchemas();
  sim = await startSimulator({ port: 0, logPath });
  client = createHaloClient({ url: sim.url, authUrl: sim.authUrl, clientId: sim.clientId, clientSecret: sim.clientSecret });
});

afterAll(async () => {
  await sim?.stop();
  if (logDir !== undefined) rmSync(logDir, { recursive: true, force: true });
});

describe('client against the simulator', () => {
  it('drives list/get/upsert/remove for every kind and getSingleton for Control', async () => {
    let n = 0;
    for (const kind of CREATES) {
      const before = await client.list(kind.path);
      expect(Array.isArray(before)).toBe(true);
      const [created] = await client.upsert(kind.path, [kind.make((n += 1))]);
      expect(created?.id).toBeDefined();
      const id = created?.id as string | number;
      const fetched = await client.get(kind.path, id, { includedetails: true });
      expect(fetched.id).toEqual(id);
      const [updated] = await client.upsert(kind.path, [{ id, ...kind.update }]);
      expect(updated?.id).toEqual(id);
      const pair = await client.upsert(kind.path, [kind.make((n += 1)), kind.make((n += 1))]);
      expect(pair).toHaveLength(2);
      const after = await client.list(kind.path);
      expect(after.length).toBe(before.length + 3);
      const removed = await client.remove(kind.path, pair[1]?.id as string | number);
      expect(removed.id).toEqual(pair[1]?.id);
      await expect(client.get(kind.path, pair[1]?.id as string | number)).rejects.toMatchObject({ status: 404 });
    }
    const paged = await client.list('TopLevel', {}, { pageSize: 100 });
    expect(paged.length).toBeGreaterThan(0);
    const customers = await client.list('Client', { includeinactive: true }, { pageSize: 100 });
    expect(customers.length).toBeGreaterThan(3);
    // Customer restriction rows (UnameAreaRestriction) on an agent, validated inside Uname.
    const [restricted] = await client.upsert('Agent', [{ name: 'Contract Restricted', clients: [{ client_id: customers[0]?.id }] }]);
    expect((restricted?.clients as HaloRecord[])[0]).toMatchObject({ client_id: customers[0]?.id, client_name: customers[0]?.name });
    await client.get('Agent', restricted?.id as number, { includedetails: true });
    const control = await client.getSingleton('Control');
    expect(isRecord(control)).toBe(true);
    const flag = Object.keys(control).find((k) => typeof control[k] === 'boolean');
    expect(flag).toBeDefined();
    const [saved] = await client.upsert('Control', [{ [flag as string]: !control[flag as string] }]);
    expect(saved?.[flag as string]).toBe(!control[flag as string]);
    await expect(client.me()).resolves.toMatchObject({ id: expect.anything() });
  });

  it('sent and received only schema-valid records (checked in the request log)', async () => {
    await sim.stop();
    const lines = readFileSync(logPath, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const entries = lines.map((l) => JSON.parse(l) as SimLogEntry);
    expect(entries.length).toBe(sim.requests.length);
    const problems: string[] = [];
    const covered = new Set<string>();
    let checked = 0;
    for (const e of entries) {
      const [, api, route, id] = e.path.split('/');
      const schema = api?.toLowerCase() === 'api' && route !== undefined ? SCHEMA_OF[route.toLowerCase()] : undefined;
      if (schema === undefined || e.status < 200 || e.status >= 300) continue;
      const where = `${e.method} ${e.path}`;
      const isList = e.method === 'GET' && id === undefined && route?.toLowerCase() !== 'control';
      covered.add(`${e.method} ${route?.toLowerCase()}${id === undefined ? '' : '/id'}`);
      if (e.method === 'POST') {
        if (!Array.isArray(e.request)) problems.push(`${where}: request body is not an array`);
        else {
          e.request.forEach((item, i) => problems.push(...schemas.check(schema, item).map((m) => `${where} request[${i}] ${m}`)));
          checked += e.request.length;
        }
      }
      const records = recordsIn(e.response, isList);
      if (records.length === 0 && !isList) problems.push(`${where}: empty response`);
      records.forEach((r, i) => problems.push(...schemas.check(schema, r).map((m) => `${where} response[${i}] ${m}`)));
      checked += records.length;
    }
    expect(problems).toEqual([]);
    // Seeded lists plus everything created: far more than a vacuous pass would see.
    expect(checked).toBeGreaterThan(60);
    for (const route of ['agent', 'team', 'roles', 'tickettype', 'application', 'toplevel', 'client', 'webhook', 'fieldinfo']) {
      for (const op of ['GET', 'GET /id', 'POST', 'DELETE /id']) {
        const [method, suffix] = op.split(' ');
        expect(covered).toContain(`${method} ${route}${suffix ?? ''}`);
      }
    }
    expect(covered).toContain('GET control');
    expect(covered).toContain('POST control');
    expect(covered).toContain('GET agent/id');
    // Compiling the 3,088-field Control schema is slow on a loaded CI machine.
  }, 90_000);
});
