/**
 * A tiny third-party-style client, written the way integrations talk to Halo (lower-case
 * paths, PowerShell `True`, Content-Type json on GET, Basic auth on the token call), works
 * unchanged against the simulator.
 */
import { describe, expect, it } from 'vitest';
import { withSim } from './helpers.js';

async function thirdPartyToken(authUrl: string, id: string, secret: string): Promise<string> {
  const res = await fetch(`${authUrl}/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
      Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
    },
    body: 'grant_type=client_credentials&scope=all',
  });
  const json = (await res.json()) as { access_token: string };
  return json.access_token;
}

describe('third-party style client', () => {
  it('lists, creates and reads with lower-case routes and True booleans', () =>
    withSim({}, async (sim) => {
      const token = await thirdPartyToken(sim.authUrl, sim.clientId, sim.clientSecret);
      const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' };
      const agents = await fetch(`${sim.url}/api/agent?includedisabled=True&IncludeApiAgents=True`, { headers });
      expect(agents.status).toBe(200);
      expect(((await agents.json()) as unknown[]).length).toBe(2);

      const created = await fetch(`${sim.url}/API/TICKETTYPE/`, { method: 'POST', headers, body: JSON.stringify([{ name: 'Onboarding' }]) });
      expect(created.status).toBe(200);
      const tt = (await created.json()) as { id: number };
      const read = await fetch(`${sim.url}/api/tickettype/${tt.id}?includedetails=True`, { headers });
      expect(((await read.json()) as { name: string }).name).toBe('Onboarding');

      const paged = await fetch(`${sim.url}/api/toplevel?Pageinate=True&Page_Size=2&Page_No=1`, { headers });
      const body = (await paged.json()) as { record_count: number; tree: unknown[] };
      expect(body.tree).toHaveLength(2);
      expect(body.record_count).toBe(4);
    }));

  it('never answers a 2xx with an empty body, and 404s unknown routes', () =>
    withSim({}, async (sim) => {
      const token = await thirdPartyToken(sim.authUrl, sim.clientId, sim.clientSecret);
      const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
      for (const [method, path, body] of [
        ['GET', '/api/webhook', undefined],
        ['POST', '/api/webhook', '[]'],
        ['DELETE', '/api/team/4', undefined],
        ['GET', '/api/control', undefined],
      ] as const) {
        const res = await fetch(`${sim.url}${path}`, { method, headers, body });
        expect(res.status).toBe(200);
        expect((await res.text()).length).toBeGreaterThan(0);
      }
      expect((await fetch(`${sim.url}/api/nosuchthing`, { headers })).status).toBe(404);
      expect((await fetch(`${sim.url}/elsewhere`, { headers })).status).toBe(404);
    }));
});
