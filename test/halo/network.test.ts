/**
 * Network failures by kind (issue 9 §6), over real loopback sockets and undici's own errors:
 * DNS failures fail at once naming the host (the lookup is injected: no real name is resolved),
 * a refused connection is retried briefly and names connection.url and the simulator, a server
 * that never answers fails after the per-request timeout, and the run's deadline bounds every wait.
 */
import { createServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createHaloClient } from '../../src/halo/index.js';
import { closeLoopbacks, serveLoopback, track } from './loopback-server.js';
import { failure, fakeRuntime, mockHalo } from './mock-halo.js';

afterEach(closeLoopbacks);

/** A loopback port with nothing listening (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** An undici Agent whose DNS lookups all fail with `code`, counting them. */
function failingDns(code: string): { agent: Agent; lookups: string[] } {
  const lookups: string[] = [];
  const lookup: LookupFunction = (hostname, _options, callback) => {
    lookups.push(hostname);
    callback(Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, hostname, syscall: 'getaddrinfo' }), '', 4);
  };
  const agent = new Agent({ connect: { lookup } });
  track(agent);
  return { agent, lookups };
}

const creds = { clientId: 'c', clientSecret: 'secret-xyz' };

describe('DNS failures', () => {
  it.each(['ENOTFOUND', 'EAI_AGAIN'])('%s fails at once, without retries or fallback, naming the host', async (code) => {
    const { agent, lookups } = failingDns(code);
    const clock = fakeRuntime();
    const client = createHaloClient({ ...creds, url: 'https://tenant.invalid', dispatcher: agent }, clock);
    const err = await failure(client.list('Team'));
    expect(err.message).toBe(`GET /api/authinfo: cannot resolve host tenant.invalid (${code}): check connection.url`);
    expect(err.kind).toBe('network');
    // One lookup: no retry, and no fallback to <url>/auth/token on the same unresolvable host.
    expect(lookups).toEqual(['tenant.invalid']);
    expect(clock.sleeps).toEqual([]);
  });

  it('names connection.authUrl when the auth host does not resolve', async () => {
    const { agent, lookups } = failingDns('ENOTFOUND');
    const client = createHaloClient({ ...creds, url: 'https://tenant.invalid', authUrl: 'https://auth.tenant.invalid/auth', dispatcher: agent }, fakeRuntime());
    const err = await failure(client.me());
    expect(err.message).toBe('POST /auth/token: cannot resolve host auth.tenant.invalid (ENOTFOUND): check connection.authUrl');
    expect(lookups).toEqual(['auth.tenant.invalid']);
  });
});

describe('refused connections', () => {
  it('are retried briefly (250, 500, 1000, 2000 ms), then name connection.url and the simulator', async () => {
    const port = await closedPort();
    const agent = new Agent();
    track(agent);
    const clock = fakeRuntime();
    const client = createHaloClient({ ...creds, url: `http://127.0.0.1:${port}`, dispatcher: agent }, clock);
    const err = await failure(client.list('Team'));
    expect(err.message).toBe(
      `GET /api/authinfo: cannot connect to 127.0.0.1:${port} (connection refused, 5 attempts): check connection.url, or whether the simulator (halo-iac sim) is running`,
    );
    expect(clock.sleeps).toEqual([250, 500, 1000, 2000]);
    expect(client.stats.retries).toBe(4);
  });

  it('on the token endpoint they name connection.authUrl', async () => {
    const port = await closedPort();
    const agent = new Agent();
    track(agent);
    const client = createHaloClient({ ...creds, url: `http://127.0.0.1:${port}`, authUrl: `http://127.0.0.1:${port}/auth`, dispatcher: agent }, fakeRuntime());
    await expect(client.me()).rejects.toThrow(
      `POST /auth/token: cannot connect to 127.0.0.1:${port} (connection refused, 5 attempts): check connection.authUrl, or whether the simulator (halo-iac sim) is running`,
    );
  });
});

describe('per-request timeout', () => {
  it('a server that never answers fails a read after two attempts of timeoutMs each', async () => {
    const { url, agent, hits } = await serveLoopback(() => undefined);
    const client = createHaloClient({ ...creds, url, authUrl: `${url}/auth`, dispatcher: agent, timeoutMs: 100, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    const err = await failure(client.list('Team'));
    expect(err.message).toBe('GET /api/Team: no answer from Halo within 100ms (connection.timeout or --timeout), 2 attempts');
    expect(hits()).toBe(2);
  });

  it('covers a body that starts and then stalls', async () => {
    const { url, agent } = await serveLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[{"id":1},');
    });
    const client = createHaloClient({ ...creds, url, authUrl: `${url}/auth`, dispatcher: agent, timeoutMs: 100, retry: { maxRetries: 0 } });
    await expect(client.list('Team')).rejects.toThrow('GET /api/Team: no answer from Halo within 100ms (connection.timeout or --timeout), 1 attempt');
  });

  it('a POST without an answer is sent once and may have applied (never re-sent blindly)', async () => {
    const { url, agent, hits } = await serveLoopback((req) => req.resume());
    const client = createHaloClient({ ...creds, url, authUrl: `${url}/auth`, dispatcher: agent, timeoutMs: 100, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    const err = await failure(client.upsert('Team', [{ name: 'a' }]));
    expect(err).toMatchObject({ kind: 'network', status: 0, writeMayHaveApplied: true });
    expect(err.message).toBe('POST /api/Team: no answer from Halo within 100ms (connection.timeout or --timeout), 1 attempt');
    expect(hits()).toBe(1);
  });
});

describe('answers that are not HTTP', () => {
  it('fail at once with one line, without a stack or retries', async () => {
    const server = createNetServer((socket) => socket.on('data', () => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const agent = new Agent();
    track(agent);
    const clock = fakeRuntime();
    const client = createHaloClient({ ...creds, url: `http://127.0.0.1:${port}`, authUrl: `http://127.0.0.1:${port}/auth`, dispatcher: agent }, clock);
    const err = await failure(client.me()).finally(() => server.close());
    expect(err.message).toBe('POST /auth/token: the answer is not HTTP (Response does not match the HTTP/1.1 protocol (Expected HTTP/, RTSP/ or ICE/)): check connection.authUrl');
    expect(clock.sleeps).toEqual([]);
  });
});

describe('the run deadline', () => {
  it('cuts a wait for an answer short and names it', async () => {
    const { url, agent, hits } = await serveLoopback(() => undefined);
    const client = createHaloClient({ ...creds, url, authUrl: `${url}/auth`, dispatcher: agent, timeoutMs: 60_000, deadlineMs: 150, deadlineLabel: '--deadline 150ms' });
    const err = await failure(client.list('Team'));
    expect(err.message).toBe("GET /api/Team: the run's deadline (--deadline 150ms) passed while waiting for an answer to GET /api/Team");
    expect(hits()).toBe(1);
    // Past the deadline nothing more is sent.
    await expect(client.list('Team')).rejects.toThrow("GET /api/Team: the run's deadline (--deadline 150ms) passed while waiting for a chance to send the request");
    expect(hits()).toBe(1);
  });

  it('refuses a rate-budget wait that would end past it, without sending', async () => {
    const clock = fakeRuntime();
    const halo = mockHalo().tokens().always('GET', '/api/Team', () => ({ status: 200, body: [] }));
    const client = createHaloClient(halo.options({ budget: { requests: 1, windowSeconds: 60 }, deadlineMs: 30_000 }), clock);
    await client.list('Team');
    await expect(client.list('Team')).rejects.toThrow(
      "GET /api/Team: the run's deadline (--deadline 30s) passed while waiting for a free slot in the rate budget (connection.rateLimit), 1m away",
    );
    expect(halo.to('GET', '/api/Team')).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('refuses a backoff that would end past it', async () => {
    const clock = fakeRuntime();
    const halo = mockHalo().tokens().always('GET', '/api/Team', () => ({ status: 503, body: '' }));
    const client = createHaloClient(halo.options({ retry: { baseDelayMs: 1000, maxDelayMs: 8000, maxRetries: 6 }, deadlineMs: 2_000, deadlineLabel: '--deadline 2s' }), clock);
    const err = await failure(client.list('Team'));
    // random() is 0.5: 500 ms, then 1 s, then 2 s would end at 3.5 s.
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(err.message).toBe("GET /api/Team: the run's deadline (--deadline 2s) passed while waiting for 2s before retrying after 503");
  });
});

describe('answers that point elsewhere', () => {
  it('a redirect is not followed and is named', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/Team', () => ({ status: 302, body: '', headers: { location: 'https://login.example.com/sso?session=abc' } }));
    await expect(createHaloClient(halo.options()).list('Team')).rejects.toThrow(
      'GET /api/Team: Halo answered 302: a redirect to https://login.example.com/sso (a login page or a proxy in front of Halo? check connection.url)',
    );
  });

  it('an HTML error page is summarised by its title', async () => {
    const page = `<!DOCTYPE html><html><head><title>403 - Forbidden: Access is denied.</title></head><body>${'x'.repeat(2000)}</body></html>`;
    const halo = mockHalo().tokens().always('GET', '/api/Team', () => ({ status: 403, body: page, headers: { 'content-type': 'text/html' } }));
    await expect(createHaloClient(halo.options()).list('Team')).rejects.toThrow('GET /api/Team: Halo answered 403: an HTML page ("403 - Forbidden: Access is denied.")');
  });

  it('a token endpoint that serves a login page says so', async () => {
    const halo = mockHalo().always('POST', '/auth/token', () => ({ status: 200, body: '<html><head><title>Sign in</title></head></html>', headers: { 'content-type': 'text/html' } }));
    await expect(createHaloClient(halo.options()).me()).rejects.toThrow(
      'POST https://acme.halopsa.com/auth/token: no token: Halo answered 200 with an HTML page ("Sign in"), not JSON: a login page or a proxy in front of Halo? Check connection.authUrl',
    );
  });
});
