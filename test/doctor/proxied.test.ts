/**
 * What the simulator never does, through a loopback proxy in front of it: rate-limit headers on
 * responses (and a 429 with Retry-After that the client retries: its headers are seen too), a read
 * that fails, an application list without the login application. doctor reports each, and a
 * failed read makes it exit 1 with the error on stderr.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../cli/harness.js';
import { apiRequests, applyOverrides, check, doctorWorkspace, runDoctor, runDoctorJson, verdicts } from './helpers.js';
import { startProxy, type RunningProxy } from './proxy.js';

let ws: Workspace;
let proxy: RunningProxy;
afterEach(async () => {
  await proxy.close();
  await ws.close();
});

/** Points the test environment at the proxy. */
function viaProxy(): void {
  ws.env.HALO_URL = proxy.url;
  ws.env.HALO_AUTH_URL = `${proxy.url}/auth`;
}

describe('doctor through a proxy', () => {
  it('reports rate-limit headers seen on any response, a retried 429 included, and records them', async () => {
    ws = await doctorWorkspace();
    proxy = await startProxy(ws.sim.url, {
      headers: (n) => ({ 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': String(300 - n) }),
      answer: (method, path, n) => (method === 'GET' && path === '/api/Control' && n === 1 ? { status: 429, body: 'Rate Limit Reached', headers: { 'retry-after': '0' } } : undefined),
    });
    viaProxy();
    const r = await runDoctorJson(ws);
    const c = check(r.checks, 'api.rate-limit-headers');
    expect(c.verdict).toBe('disagrees');
    expect(c.observed).toMatch(/^on 15 responses \(token included\): retry-after on 1 \(last "0"\), x-ratelimit-limit on 15 \(last "300"\), x-ratelimit-remaining on 15 \(last "2\d\d"\)$/);
    expect(c.override).toBe(
      [
        '# Records the headers (please report them: halo-iac could follow them instead of its own budget)',
        'rateLimitHeaders:',
        '  retry-after:',
        '    verified: false',
        '    source: seen on the tenant by halo-iac doctor',
        '  x-ratelimit-limit:',
        '    verified: false',
        '    source: seen on the tenant by halo-iac doctor',
        '  x-ratelimit-remaining:',
        '    verified: false',
        '    source: seen on the tenant by halo-iac doctor',
      ].join('\n'),
    );
    // The 429 never reached the simulator: doctor counts the attempt it sent, the simulator logs 13.
    expect(r.apiCalls).toBe(14);
    expect(proxy.requests.filter((q) => q.includes(' /api/'))).toHaveLength(14);
    expect(apiRequests(r.log)).toHaveLength(13);
    applyOverrides(ws, [c.override, check(r.checks, 'claims.values').override]);
    const again = await runDoctorJson(ws);
    expect(check(again.checks, 'api.rate-limit-headers').verdict).toBe('agrees');
    expect(again.code).toBe(0);
  });

  it('keeps going when a read fails: the checks that needed it say "not seen", the error goes to stderr, exit 1', async () => {
    ws = await doctorWorkspace();
    proxy = await startProxy(ws.sim.url, {
      answer: (method, path) => (method === 'GET' && path === '/api/Roles' ? { status: 403, body: { Message: 'You do not have access to roles' } } : undefined),
      // An application list without the login application (as if Halo hid it).
      rewrite: (method, path, body) => (method === 'GET' && path === '/api/Application' ? [] : body),
    });
    viaProxy();
    const r = await runDoctorJson(ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: GET /api/Roles: Halo answered 403: You do not have access to roles\n');
    expect(check(r.checks, 'claims.values').observed).toMatch(/^2 of 2 agents and no roles \(their list could not be read\) sampled: /);
    expect(check(r.checks, 'applications.login-scopes')).toMatchObject({ verdict: 'not seen', observed: "no application among 0 listed applications has the connection's client id" });
    expect(check(r.checks, 'applications.grant-type')).toMatchObject({ verdict: 'not seen', observed: "grant_type on 0 applications: none set; no application has the connection's client id" });
    expect(verdicts(r.checks)['claims.unknown-types']).toBe('agrees');
    // No role detail reads: the list failed.
    expect(apiRequests(r.log).filter((e) => e.path.startsWith('/api/Roles'))).toEqual([]);
  });

  it('fails the run, exit 1, when GET /api/Agent/me fails', async () => {
    ws = await doctorWorkspace();
    proxy = await startProxy(ws.sim.url, { answer: (_m, path) => (path === '/api/Agent/me' ? { status: 404, body: { Message: 'Not Found' } } : undefined) });
    viaProxy();
    const r = await runDoctor(ws, { format: 'json' });
    expect(r.code).toBe(1);
    // The run stopped before a report: JSON still prints one document, with the error (issue 11 §1).
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      exit_code: 1,
      error: 'GET /api/Agent/me: Halo answered 404: Not Found',
      diagnostics: [{ file: null, line: null, column: null, message: 'GET /api/Agent/me: Halo answered 404: Not Found', severity: 'error', address: null }],
    });
    expect(r.stderr).toBe('Error: GET /api/Agent/me: Halo answered 404: Not Found\n');
    expect(apiRequests(r.log)).toEqual([]);
  });
});
