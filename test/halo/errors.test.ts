import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/model/diagnostics.js';
import { createHaloClient, HaloApiError, parseHaloMessage } from '../../src/halo/index.js';
import { CLIENT_SECRET, exposedTexts, mockHalo, networkError, ORIGIN, TOKEN_MARKER } from './mock-halo.js';

describe('parseHaloMessage', () => {
  it.each([
    [{ error: 'invalid_client', error_description: 'bad creds' }, 'invalid_client: bad creds'],
    [{ error: 'invalid_scope' }, 'invalid_scope'],
    [{ title: 'One or more validation errors occurred.', errors: { '[0].name': ['The name field is required.'] } }, 'One or more validation errors occurred. [0].name: The name field is required.'],
    [{ '[0].id': ['Unknown id'] }, '[0].id: Unknown id'],
    [{ resultCode: 3, errorMessage: 'CODE:APP03/2 Please select the CAB members to approve' }, 'CODE:APP03/2 Please select the CAB members to approve'],
    [{ ClassName: 'System.Exception', Message: 'You do not have access to this Action at the moment' }, 'You do not have access to this Action at the moment'],
    [{ Message: 'Rate Limit Reached - 300 Requests per rolling 5 minute window' }, 'Rate Limit Reached - 300 Requests per rolling 5 minute window'],
    [{ message: 'lower' }, 'lower'],
    ['  plain\n text  ', 'plain text'],
    [undefined, 'Bad Request'],
    ['', 'Bad Request'],
  ])('%j -> %s', (body, expected) => {
    expect(parseHaloMessage(body, 'Bad Request')).toBe(expected);
  });
});

describe('HaloApiError', () => {
  it('reads well and round-trips to JSON', async () => {
    const halo = mockHalo()
      .tokens()
      .reply('POST', '/api/Agent', { status: 400, body: { title: 'Invalid', errors: { '[0].name': ['The name field is required.'] } } });
    const err = (await createHaloClient(halo.options())
      .upsert('Agent', [{ email: 'a@b.c' }])
      .catch((e: unknown) => e)) as HaloApiError;
    expect(err.message).toBe('POST /api/Agent: Halo answered 400: Invalid [0].name: The name field is required.');
    const addressed = err.withAddress('agent/Moovila');
    expect(addressed.message).toBe(`agent/Moovila: ${err.message}`);
    expect(JSON.parse(JSON.stringify(addressed))).toMatchObject({ name: 'HaloApiError', status: 400, address: 'agent/Moovila', path: '/api/Agent' });
    expect(String(addressed)).toBe(`HaloApiError: agent/Moovila: ${err.message}`);
  });
});

describe('redaction', () => {
  it('never lets the client secret or a token out through errors or events', async () => {
    const halo = mockHalo()
      // A misbehaving token endpoint echoing the secret back.
      .reply('POST', '/auth/token', { status: 400, body: { error: 'invalid_request', error_description: `client_secret=${CLIENT_SECRET} rejected` } })
      .tokens()
      .reply('GET', '/api/Team', { status: 500, body: `failed for Authorization: Bearer ${TOKEN_MARKER}-1-xyz` }, { status: 500, body: 'x' })
      .reply('POST', '/api/Team', { status: 400, body: { Message: `token ${TOKEN_MARKER}-1-xyz and secret ${CLIENT_SECRET}` } })
      .reply('POST', '/api/Agent', networkError('ECONNRESET'))
      .reply('GET', '/api/Agent/me', { status: 403, body: { ClassName: 'X', Message: `caller ${TOKEN_MARKER}-1-xyz` } });
    const client = createHaloClient(halo.options({ retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 } }));
    const errors: unknown[] = [];
    const attempt = async (p: Promise<unknown>) => errors.push(await p.then(() => undefined, (e: unknown) => e));
    await attempt(client.list('Team'));
    await attempt(client.list('Team'));
    await attempt(client.upsert('Team', [{ name: 'x' }]));
    await attempt(client.upsert('Agent', [{ name: 'x' }]));
    await attempt(client.me());
    expect(errors.filter((e) => e instanceof HaloApiError)).toHaveLength(5);
    const texts = exposedTexts(errors, halo.events);
    expect(texts.length).toBeGreaterThan(10);
    // The secret and the token were really on the wire, so the check below can fail.
    expect(halo.seen.some((r) => r.body.includes(encodeURIComponent(CLIENT_SECRET)))).toBe(true);
    expect(halo.seen.some((r) => (r.headers.authorization ?? '').includes(TOKEN_MARKER))).toBe(true);
    for (const t of texts) {
      expect(t).not.toContain(CLIENT_SECRET);
      expect(t).not.toContain(TOKEN_MARKER);
    }
    expect((errors[2] as HaloApiError).haloMessage).toBe('token [redacted] and secret [redacted]');
  });
});

describe('http:// refusal', () => {
  const base = { clientId: 'id', clientSecret: 'secret-value' };

  it('refuses http:// to a non-loopback host with a UserError naming --insecure', async () => {
    expect(() => createHaloClient({ ...base, url: 'http://acme.halopsa.com' })).toThrow(UserError);
    expect(() => createHaloClient({ ...base, url: 'http://acme.halopsa.com' })).toThrow(/--insecure/);
    await expect(createHaloClient({ ...base, url: 'https://acme.halopsa.com', authUrl: 'http://auth.example.com' }).me()).rejects.toThrow(/--insecure/);
  });

  it('allows loopback hosts and --insecure', () => {
    for (const url of ['http://127.0.0.1:8080', 'http://localhost:3000', 'http://[::1]:9000', 'http://127.4.5.6']) {
      expect(() => createHaloClient({ ...base, url })).not.toThrow();
    }
    expect(() => createHaloClient({ ...base, url: 'http://halo.internal', insecure: true })).not.toThrow();
  });

  it('refuses an http:// auth server discovered through /api/authinfo', async () => {
    const halo = mockHalo().reply('GET', '/api/authinfo', { status: 200, body: { auth_url: 'http://auth.evil.example' } });
    await expect(createHaloClient(halo.options({ authUrl: undefined })).me()).rejects.toThrow(UserError);
  });

  it('rejects a malformed URL as a user error', () => {
    expect(() => createHaloClient({ ...base, url: 'acme.halopsa.com' })).toThrow(UserError);
  });
});

describe('unexpected transport failures', () => {
  it('are rethrown with known secrets masked', async () => {
    // A body matcher that fails: undici's MockNotMatchedError then quotes the request body,
    // which for the token request holds the client secret.
    const halo = mockHalo();
    halo.agent.get(ORIGIN).intercept({ method: 'POST', path: '/auth/token', body: 'something else' }).reply(200, {});
    const err = await createHaloClient(halo.options())
      .list('Team')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(HaloApiError);
    expect(String(err)).toMatch(/not matched for body/);
    expect(String(err)).toContain('grant_type=client_credentials');
    expect(String(err)).not.toContain(CLIENT_SECRET);
  });
});
