/**
 * Contract test for what halo-iac itself sends for the kinds added after the first seven: every
 * POST body the engine builds (plan -> apply -> re-plan) and every answer the simulator gives,
 * validated against Halo's component schemas (spec/halo-openapi.json).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obj } from '../engine/helpers/desired.js';
import { harness, type Harness } from '../engine/helpers/sim.js';
import { loadHaloSchemas, type HaloSchemas } from './openapi.js';

const VAR = 'HALO_IAC_CONTRACT_HOOK_SECRET';

/** The component schema of each route these kinds use. */
const SCHEMA_OF: Record<string, string> = { webhook: 'Webhook', fieldinfo: 'FieldInfo', tickettype: 'RequestType' };

let h: Harness;
let schemas: HaloSchemas;
beforeAll(async () => {
  schemas = loadHaloSchemas();
  h = await harness();
  process.env[VAR] = 'contract-secret-1';
});
afterAll(async () => {
  delete process.env[VAR];
  await h.stop();
});

function records(body: unknown): unknown[] {
  return Array.isArray(body) ? body : body !== null && typeof body === 'object' ? [body] : [];
}

describe('halo-iac requests for the new kinds', () => {
  it('are schema-valid bodies, answered with schema-valid records', async () => {
    const objects = (rotate: number, events: string[]) => [
      obj('Webhook', 'Contract hook', {
        url: 'https://hooks.example.com/contract',
        events,
        authentication: { type: 'basic', username: 'halo', secretFrom: `env:${VAR}`, rotate },
        active: true,
      }),
      obj('Webhook', 'Header hook', { url: 'https://hooks.example.com/h', authentication: { type: 'header', secretFrom: `env:${VAR}` } }),
      obj('CustomField', 'CFContractRef', { label: 'Contract reference', type: 'text' }),
      obj('CustomField', 'CFContractPick', { label: 'Pick', type: 'multiSelect', usage: 'tickets', options: events.map((e) => `Option ${e}`) }),
      obj('TicketType', 'Contract type', { fields: ['startDateTime'], customFields: rotate === 0 ? ['CFContractRef'] : ['CFContractRef', 'CFContractPick'] }),
    ];
    expect((await h.applyFor(objects(0, ['ticketLogged', 'ticketUpdated']))).failed).toEqual([]);
    expect((await h.applyFor(objects(1, ['ticketUpdated', 'actionAdded']))).failed).toEqual([]);
    expect((await h.planFor(objects(1, ['ticketUpdated', 'actionAdded']))).summary).toEqual({ add: 0, change: 0, destroy: 0 });

    const problems: string[] = [];
    const seen = new Set<string>();
    let checked = 0;
    for (const e of h.sim.requests) {
      const [, , route, id] = e.path.split('/');
      const schema = route === undefined ? undefined : SCHEMA_OF[route.toLowerCase()];
      if (schema === undefined || e.status >= 300) continue;
      seen.add(`${e.method} ${route?.toLowerCase()}${id === undefined ? '' : '/id'}`);
      const where = `${e.method} ${e.path}`;
      if (e.method === 'POST') for (const [i, item] of records(e.request).entries()) problems.push(...schemas.check(schema, item).map((m) => `${where} request[${i}] ${m}`)), checked++;
      for (const [i, r] of records(e.response).entries()) problems.push(...schemas.check(schema, r).map((m) => `${where} response[${i}] ${m}`)), checked++;
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(10);
    expect([...seen].sort()).toEqual(expect.arrayContaining(['GET webhook', 'GET webhook/id', 'POST webhook', 'GET fieldinfo', 'POST fieldinfo', 'POST tickettype']));
  }, 60_000);
});
