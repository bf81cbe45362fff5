/**
 * Every body the simulator serves validates against Halo's component schemas
 * (spec/halo-openapi.json, vendored; all have additionalProperties: false).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { apiFor, arr, obj, withSim } from './helpers.js';

const specPath = fileURLToPath(new URL('../../spec/halo-openapi.json', import.meta.url));
const spec = JSON.parse(readFileSync(specPath, 'utf8')) as { components: { schemas: Record<string, unknown> } };
/** Ajv's `nullable` needs `type`; rewrite nullable $refs as anyOf [ref, null]. */
function fixNullableRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fixNullableRefs);
  if (typeof node !== 'object' || node === null) return node;
  const o = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fixNullableRefs(v)]));
  if (o['nullable'] === true && o['type'] === undefined) {
    const { nullable: _drop, ...rest } = o;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return o;
}
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
for (const f of ['int32', 'int64', 'double', 'float', 'date-span', 'byte', 'binary']) ajv.addFormat(f, true);
ajv.addSchema({ $id: 'halo', components: fixNullableRefs(spec.components) });

function expectValid(schema: string, value: unknown): void {
  const validate = ajv.getSchema(`halo#/components/schemas/${schema}`);
  if (!validate) throw new Error(`no schema ${schema}`);
  const ok = validate(value);
  expect(ok ? [] : validate.errors?.map((e) => `${schema}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`)).toEqual([]);
}

describe('responses validate against the OpenAPI component schemas', () => {
  it('the validator rejects unknown fields and wrong types (so the checks below can fail)', () => {
    const validate = ajv.getSchema('halo#/components/schemas/Uname_List');
    expect(validate?.({ id: 1, not_a_field: true })).toBe(false);
    expect(validate?.({ id: 1, teams: [{ id: 1, team_id: 'x' }] })).toBe(false);
    expect(validate?.({ id: 1, name: null, teams: [{ id: 1, team_id: 2 }] })).toBe(true);
  });

  it('list items, details and POST responses of every kind', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      // exercise nested and server-filled fields first
      await api.post('/api/Roles', [{ id: '3b9c7d2e-1a4f-4e6b-8c5d-000000000003', teams: [{ team_id: 4 }], departments: [{ department_id: 4 }], claims: [{ type: 'a', value: 'b' }] }]);
      const agent = obj((await api.post('/api/Agent', [{ name: 'Api', isapiagent: true, roles: [{ id: '3b9c7d2e-1a4f-4e6b-8c5d-000000000003' }], claims: [{ type: 't', value: '1' }] }])).body);
      expectValid('Uname', agent);
      const app = obj((await api.post('/api/Application', [{ displayName: 'A', loginas_agent_id: 2, scopes: [{ name: 'all' }] }])).body);
      expectValid('NHD_Identity_Application', app);
      expectValid('RequestType', obj((await api.post('/api/TicketType', [{ name: 'T', allowed_teams: [{ section_id: 1 }] }])).body));
      expectValid('Webhook', obj((await api.post('/api/Webhook', [{ name: 'W' }])).body));

      for (const a of arr((await api.get('/api/Agent?includeapiagents=true')).body)) expectValid('Uname_List', a);
      for (const a of arr(obj((await api.get('/api/Agent?pageinate=true')).body)['results'])) expectValid('Uname_List', a);
      expectValid('Uname', (await api.get('/api/Agent/1?includedetails=true')).body);
      expectValid('Uname', (await api.get('/api/Agent/me')).body);
      for (const t of arr((await api.get('/api/Team')).body)) expectValid('SectionDetail_List', t);
      expectValid('SectionDetail', (await api.get('/api/Team/1?includeagents=true')).body);
      for (const d of arr((await api.get('/api/Team/Tree')).body)) expectValid('Tree_List', d);
      for (const r of arr((await api.get('/api/Roles')).body)) expectValid('NHD_Roles', r);
      expectValid('NHD_Roles', (await api.get('/api/Roles/3b9c7d2e-1a4f-4e6b-8c5d-000000000003?includedetails=true')).body);
      for (const t of arr((await api.get('/api/TicketType')).body)) expectValid('RequestType_List', t);
      expectValid('RequestType', (await api.get('/api/TicketType/1')).body);
      for (const a of arr((await api.get('/api/Application')).body)) expectValid('NHD_Identity_Application', a);
      expectValid('Control', (await api.get('/api/Control')).body);
      for (const d of arr(obj((await api.get('/api/TopLevel?include_teams=true&include_agents=true')).body)['tree'])) expectValid('Tree_List', d);
      expectValid('Tree', (await api.get('/api/TopLevel/2?includedetails=true')).body);
      for (const o of arr((await api.get('/api/Organisation')).body)) expectValid('Organisation', o);
      for (const w of arr((await api.get('/api/Webhook')).body)) expectValid('Webhook', w);
      for (const m of arr((await api.get('/api/Features')).body)) expectValid('ModuleSetup', m);
    }));
});
