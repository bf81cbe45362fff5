import { describe, expect, it } from 'vitest';
import { apiFor, bootstrapToken, call, obj, tokenRequest, withSim } from './helpers.js';

const creds = (sim: { clientId: string; clientSecret: string }, scope?: string) => ({
  grant_type: 'client_credentials',
  client_id: sim.clientId,
  client_secret: sim.clientSecret,
  ...(scope === undefined ? {} : { scope }),
});

describe('token endpoints', () => {
  it('issues bearer tokens on /auth/token and /token with the requested scope (default all)', () =>
    withSim({ tokenTtlSeconds: 1234 }, async (sim) => {
      const a = await tokenRequest(`${sim.authUrl}/token`, creds(sim));
      expect(a.status).toBe(200);
      expect(obj(a.body)).toMatchObject({ token_type: 'Bearer', expires_in: 1234, scope: 'all' });
      expect(typeof obj(a.body)['access_token']).toBe('string');
      const b = await tokenRequest(`${sim.url}/token`, creds(sim, 'read:tickets edit:customers'));
      expect(b.status).toBe(200);
      expect(obj(b.body)['scope']).toBe('read:tickets edit:customers');
    }));

  it('answers 401 invalid_client for a wrong secret or unknown client', () =>
    withSim({}, async (sim) => {
      const r = await tokenRequest(`${sim.authUrl}/token`, { ...creds(sim), client_secret: 'nope' });
      expect(r.status).toBe(401);
      expect(obj(r.body)['error']).toBe('invalid_client');
      expect(typeof obj(r.body)['error_description']).toBe('string');
      const u = await tokenRequest(`${sim.authUrl}/token`, { ...creds(sim), client_id: 'unknown' });
      expect(u.status).toBe(401);
    }));

  it.each(['read:actions', 'edit:actions', 'read:agents', 'read:users', 'read:teams', 'all bogus'])(
    'answers 400 invalid_scope for %s',
    (scope) =>
      withSim({}, async (sim) => {
        const r = await tokenRequest(`${sim.authUrl}/token`, creds(sim, scope));
        expect(r.status).toBe(400);
        expect(obj(r.body)['error']).toBe('invalid_scope');
      }),
  );

  it('rejects JSON token requests and other grant types', () =>
    withSim({}, async (sim) => {
      const json = await fetch(`${sim.authUrl}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(creds(sim)),
      });
      expect(json.status).toBe(400);
      const pw = await tokenRequest(`${sim.authUrl}/token`, { ...creds(sim), grant_type: 'password' });
      expect(obj(pw.body)['error']).toBe('unsupported_grant_type');
    }));

  it('requires ?tenant= when hosted', () =>
    withSim({ hosted: true, tenant: 'acme' }, async (sim) => {
      const missing = await tokenRequest(`${sim.authUrl}/token`, creds(sim));
      expect(missing.status).toBe(400);
      expect(obj(missing.body)['error']).toBe('invalid_request');
      const wrong = await tokenRequest(`${sim.authUrl}/token?tenant=other`, creds(sim));
      expect(wrong.status).toBe(400);
      const ok = await tokenRequest(`${sim.authUrl}/token?tenant=acme`, creds(sim));
      expect(ok.status).toBe(200);
    }));

  it('serves /api/authinfo anonymously', () =>
    withSim({ tenant: 'acme' }, async (sim) => {
      const r = await fetch(`${sim.url}/api/authinfo`);
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ auth_url: sim.authUrl, tenant_id: 'acme' });
    }));
});

describe('bearer tokens on /api', () => {
  it('refuses missing and unknown tokens with 401', () =>
    withSim({}, async (sim) => {
      const none = await fetch(`${sim.url}/api/Agent`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const bad = await call(sim, 'not-a-token', 'GET', '/api/Agent');
      expect(bad.status).toBe(401);
    }));

  it('expires tokens after expires_in', () =>
    withSim({ tokenTtlSeconds: 1 }, async (sim) => {
      const token = await bootstrapToken(sim);
      expect((await call(sim, token, 'GET', '/api/Agent')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await call(sim, token, 'GET', '/api/Agent')).status).toBe(401);
    }));

  it('token-expiry fault kills tokens early while expires_in still says the ttl', () =>
    withSim({ faults: ['token-expiry:1s'] }, async (sim) => {
      const r = await tokenRequest(`${sim.authUrl}/token`, creds(sim));
      expect(obj(r.body)['expires_in']).toBe(3600);
      const token = String(obj(r.body)['access_token']);
      await new Promise((res) => setTimeout(res, 1100));
      expect((await call(sim, token, 'GET', '/api/Agent')).status).toBe(401);
      // a fresh token works again: clients recover by re-authenticating
      expect((await call(sim, await bootstrapToken(sim), 'GET', '/api/Agent')).status).toBe(200);
    }));
});

describe('applications created through the API can authenticate', () => {
  it('issues tokens for a created app within its scopes, and stops when it is inactive', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const created = obj(
        (await api.post('/api/Application', [{ displayName: 'Rewst', grant_type: 'client_credentials', loginas_agent_id: 2, scopes: [{ name: 'edit:tickets' }] }])).body,
      );
      const app = { clientId: String(created['clientId']), clientSecret: String(created['clientSecret']) };
      const ok = await tokenRequest(`${sim.authUrl}/token`, creds(app, 'read:tickets'));
      expect(ok.status).toBe(200);
      const me = await call(sim, String(obj(ok.body)['access_token']), 'GET', '/api/Agent/me');
      expect(obj(me.body)['name']).toBe('Jane Smith');
      const notGranted = await tokenRequest(`${sim.authUrl}/token`, creds(app, 'edit:customers'));
      expect(obj(notGranted.body)['error']).toBe('invalid_scope');
      const all = await tokenRequest(`${sim.authUrl}/token`, creds(app));
      expect(all.status).toBe(400);

      await api.post('/api/Application', [{ id: created['id'], inactive: true }]);
      const refused = await tokenRequest(`${sim.authUrl}/token`, creds(app, 'read:tickets'));
      expect(refused.status).toBe(401);
      expect((await call(sim, String(obj(ok.body)['access_token']), 'GET', '/api/Agent')).status).toBe(401);
    }));

  it('uses a clientSecret sent on update', () =>
    withSim({}, async (sim) => {
      const api = await apiFor(sim);
      const created = obj((await api.post('/api/Application', [{ displayName: 'Moovila', scopes: [{ name: 'all' }] }])).body);
      await api.post('/api/Application', [{ id: created['id'], clientSecret: 'chosen-secret' }]);
      const r = await tokenRequest(`${sim.authUrl}/token`, creds({ clientId: String(created['clientId']), clientSecret: 'chosen-secret' }));
      expect(r.status).toBe(200);
    }));
});
