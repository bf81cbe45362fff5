import { describe, expect, it } from 'vitest';
import { createHaloClient } from '../../src/halo/index.js';
import { HaloApiError } from '../../src/halo/errors.js';
import { CLIENT_ID, CLIENT_SECRET, fakeRuntime, mockHalo, ORIGIN, TOKEN_MARKER } from './mock-halo.js';

const agents = { status: 200, body: [{ id: 1, name: 'Admin' }] };

describe('auth URL discovery', () => {
  it('uses an explicit auth URL and posts form-encoded client credentials to <authUrl>/token', async () => {
    const halo = mockHalo().tokens({ at: 'https://auth.haloservicedesk.com', path: '/token' }).always('GET', '/api/Agent', () => agents);
    const client = createHaloClient(halo.options({ authUrl: 'https://auth.haloservicedesk.com/', scope: 'read:agents admin' }));
    await client.list('Agent');
    const tokenCall = halo.to('POST', '/token')[0];
    expect(tokenCall?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(tokenCall?.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      scope: 'read:agents admin',
    });
    expect(halo.to('GET', '/api/authinfo')).toHaveLength(0);
    expect(halo.to('GET', '/api/Agent')[0]?.headers.authorization).toBe(`Bearer ${TOKEN_MARKER}-1-xyz`);
  });

  it('discovers auth_url and tenant_id via anonymous GET /api/authinfo', async () => {
    const halo = mockHalo()
      .reply('GET', '/api/authinfo', { status: 200, body: { auth_url: `${ORIGIN}/auth`, tenant_id: 'acmetenant' } })
      .tokens()
      .always('GET', '/api/Agent', () => agents);
    const client = createHaloClient(halo.options({ authUrl: undefined }));
    await client.list('Agent');
    expect(halo.to('GET', '/api/authinfo')[0]?.headers.authorization).toBeUndefined();
    expect(halo.to('POST', '/auth/token')[0]?.query.get('tenant')).toBe('acmetenant');
  });

  it('prefers a configured tenant over the discovered tenant_id', async () => {
    const halo = mockHalo()
      .reply('GET', '/api/authinfo', { status: 200, body: { auth_url: `${ORIGIN}/auth`, tenant_id: 'other' } })
      .tokens()
      .always('GET', '/api/Agent', () => agents);
    await createHaloClient(halo.options({ authUrl: undefined, tenant: 'mine' })).list('Agent');
    expect(halo.to('POST', '/auth/token')[0]?.query.get('tenant')).toBe('mine');
  });

  it('falls back to <url>/auth when /api/authinfo is missing', async () => {
    const halo = mockHalo()
      .reply('GET', '/api/authinfo', { status: 404, body: '' })
      .tokens()
      .always('GET', '/api/Agent', () => agents);
    await createHaloClient(halo.options({ authUrl: undefined })).list('Agent');
    const token = halo.to('POST', '/auth/token');
    expect(token).toHaveLength(1);
    expect(token[0]?.query.has('tenant')).toBe(false);
  });

  it('supports trial hosts whose auth server has no /auth segment, with ?tenant=', async () => {
    const trial = 'https://uk-trial.halopsa.com';
    const halo = mockHalo(trial).tokens({ path: '/token' }).always('GET', '/api/Team', () => ({ status: 200, body: [] }));
    await createHaloClient(halo.options({ authUrl: trial, tenant: 'Tenant123' })).list('Team');
    const token = halo.to('POST', '/token');
    expect(token).toHaveLength(1);
    expect(token[0]?.query.get('tenant')).toBe('Tenant123');
  });
});

describe('token cache', () => {
  it('reuses one token across requests, including concurrent ones', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/Agent', () => agents);
    const client = createHaloClient(halo.options());
    await Promise.all([client.list('Agent'), client.list('Agent'), client.list('Agent')]);
    await client.list('Agent');
    expect(client.stats.tokenRequests).toBe(1);
    expect(client.stats.requests).toBe(4);
  });

  it('renews 60 s before expiry of an hour-long token', async () => {
    const clock = fakeRuntime();
    const halo = mockHalo().tokens({ expiresIn: 3600 }).always('GET', '/api/Agent', () => agents);
    const client = createHaloClient(halo.options(), clock);
    await client.list('Agent');
    clock.advance(3_530_000);
    await client.list('Agent');
    expect(client.stats.tokenRequests).toBe(1);
    clock.advance(20_000);
    await client.list('Agent');
    expect(client.stats.tokenRequests).toBe(2);
    expect(halo.to('GET', '/api/Agent')[2]?.headers.authorization).toBe(`Bearer ${TOKEN_MARKER}-2-xyz`);
    expect(halo.events.filter((e) => e.type === 'token')).toEqual([
      { type: 'token', renewed: false },
      { type: 'token', renewed: true },
    ]);
  });

  it('renews a short-lived token at 80% of its lifetime', async () => {
    const clock = fakeRuntime();
    const halo = mockHalo().tokens({ expiresIn: 30 }).always('GET', '/api/Agent', () => agents);
    const client = createHaloClient(halo.options(), clock);
    await client.list('Agent');
    clock.advance(23_000);
    await client.list('Agent');
    expect(client.stats.tokenRequests).toBe(1);
    clock.advance(2_000);
    await client.list('Agent');
    expect(client.stats.tokenRequests).toBe(2);
  });

  it('renews once on a 401 and repeats the request', async () => {
    const halo = mockHalo()
      .tokens()
      .reply('GET', '/api/Agent', { status: 401, body: '' }, agents);
    const client = createHaloClient(halo.options());
    await expect(client.list('Agent')).resolves.toEqual(agents.body);
    expect(client.stats.tokenRequests).toBe(2);
    const calls = halo.to('GET', '/api/Agent');
    expect(calls.map((c) => c.headers.authorization)).toEqual([`Bearer ${TOKEN_MARKER}-1-xyz`, `Bearer ${TOKEN_MARKER}-2-xyz`]);
  });

  it('gives up after a second 401', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/Agent', () => ({ status: 401, body: { Message: 'Authorization has been denied' } }));
    const client = createHaloClient(halo.options());
    const err = await client.list('Agent').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HaloApiError);
    expect(err).toMatchObject({ status: 401, kind: 'http', haloMessage: 'Authorization has been denied' });
    expect(client.stats.tokenRequests).toBe(2);
    expect(halo.to('GET', '/api/Agent')).toHaveLength(2);
  });
});

describe('token endpoint hiccups', () => {
  it('repeats a token request after a 502 and after a reset connection (a token POST changes nothing)', async () => {
    let calls = 0;
    const halo = mockHalo()
      .always('POST', '/auth/token', () => {
        calls += 1;
        if (calls === 1) return { status: 502, body: 'Bad Gateway' };
        return { status: 200, body: { access_token: 'tok-after-retry', token_type: 'Bearer', expires_in: 3600, scope: 'all' } };
      })
      .reply('GET', '/api/Team', { status: 200, body: [] });
    const client = createHaloClient(halo.options({ retry: { baseDelayMs: 1, maxDelayMs: 2 } }));
    await expect(client.list('Team')).resolves.toEqual([]);
    expect(calls).toBe(2);
  });
});

describe('auth failures', () => {
  it('names invalid_client and the token URL', async () => {
    const halo = mockHalo().always('POST', '/auth/token', () => ({
      status: 401,
      body: { error: 'invalid_client', error_description: 'The specified client credentials are invalid.' },
    }));
    const err = await createHaloClient(halo.options({ tenant: 't1' }))
      .list('Agent')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HaloApiError);
    expect((err as HaloApiError).message).toBe(`Halo rejected the client credentials (invalid_client) at ${ORIGIN}/auth/token`);
    expect((err as HaloApiError).kind).toBe('auth');
    expect(halo.to('POST', '/auth/token')).toHaveLength(1);
  });

  it('names invalid_scope', async () => {
    const halo = mockHalo().always('POST', '/auth/token', () => ({ status: 400, body: { error: 'invalid_scope' } }));
    const err = await createHaloClient(halo.options({ scope: 'read:actions' }))
      .me()
      .catch((e: unknown) => e);
    expect((err as HaloApiError).message).toBe(`Halo rejected the requested scope (invalid_scope) at ${ORIGIN}/auth/token`);
  });

  it('retries the token endpoint on 503', async () => {
    const halo = mockHalo()
      .reply('POST', '/auth/token', { status: 503, body: 'busy' })
      .tokens()
      .always('GET', '/api/Agent/me', () => ({ status: 200, body: { id: 1 } }));
    const client = createHaloClient(halo.options());
    await expect(client.me()).resolves.toEqual({ id: 1 });
    expect(client.stats.tokenRequests).toBe(2);
    expect(client.stats.requests).toBe(1);
  });
});
