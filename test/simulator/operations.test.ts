import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/model/diagnostics.js';
import { parseFault, startSimulator } from '../../src/simulator/index.js';
import { apiFor, arr, bootstrapToken, call, obj, withSim } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'halo-sim-'));

describe('rate limit', () => {
  it('answers 429 with Halo text after N API requests in the window; token requests do not count', () =>
    withSim({ rateLimit: { requests: 3, windowSeconds: 300 } }, async (sim) => {
      const token = await bootstrapToken(sim);
      await bootstrapToken(sim);
      for (let i = 0; i < 3; i++) expect((await call(sim, token, 'GET', '/api/Team')).status).toBe(200);
      const r = await call(sim, token, 'GET', '/api/Team');
      expect(r.status).toBe(429);
      expect(r.text).toBe('Rate Limit Reached - 3 Requests per rolling 5 minute window');
    }));

  it('is on at 300/300 when hosted', () =>
    withSim({ hosted: true, tenant: 't1' }, async (sim) => {
      const token = await bootstrapToken(sim);
      const results = await Promise.all(Array.from({ length: 301 }, () => call(sim, token, 'GET', '/api/Features')));
      expect(results.filter((r) => r.status === 429)).toHaveLength(1);
      expect(results.find((r) => r.status === 429)?.text).toBe('Rate Limit Reached - 300 Requests per rolling 5 minute window');
    }));
});

describe('faults', () => {
  it('parses fault specs and rejects bad ones with a UserError', () => {
    expect(parseFault('5xx:0.05')).toEqual({ kind: '5xx', rate: 0.05 });
    expect(parseFault('drop-after-commit:1')).toEqual({ kind: 'drop-after-commit', rate: 1 });
    expect(parseFault('429-burst:0.01')).toEqual({ kind: '429-burst', rate: 0.01 });
    expect(parseFault('token-expiry:30')).toEqual({ kind: 'token-expiry', seconds: 30 });
    expect(parseFault('token-expiry:30s')).toEqual({ kind: 'token-expiry', seconds: 30 });
    for (const bad of ['5xx', '5xx:2', 'boom:0.1', 'token-expiry:soon', '429-burst:-1']) expect(() => parseFault(bad)).toThrow(UserError);
  });

  it('5xx:1 answers 503 on /api but never on the token endpoint', () =>
    withSim({ faults: ['5xx:1'] }, async (sim) => {
      const token = await bootstrapToken(sim);
      const r = await call(sim, token, 'POST', '/api/Team', [{ name: 'Never' }]);
      expect(r.status).toBe(503);
      expect(sim.snapshot().collections['Team']).toHaveLength(4);
    }));

  it('429-burst:1 answers 429 with the rate limit text', () =>
    withSim({ faults: ['429-burst:1'] }, async (sim) => {
      const r = await call(sim, await bootstrapToken(sim), 'GET', '/api/Team');
      expect(r.status).toBe(429);
      expect(r.text).toMatch(/^Rate Limit Reached/);
    }));

  it('drop-after-commit:1 applies the write and then drops the connection', () =>
    withSim({ faults: ['drop-after-commit:1'] }, async (sim) => {
      const token = await bootstrapToken(sim);
      await expect(call(sim, token, 'POST', '/api/Team', [{ name: 'Committed' }])).rejects.toThrow();
      expect(sim.snapshot().collections['Team']?.map((t) => t['name'])).toContain('Committed');
      expect((await call(sim, token, 'GET', '/api/Team')).status).toBe(200);
      expect(sim.requests.find((e) => e.fault === 'drop-after-commit')?.status).toBe(0);
    }));

  it('the same seed injects the same faults for the same requests', async () => {
    const run = async () =>
      withSim({ faults: ['5xx:0.3'], seed: 42 }, async (sim) => {
        const token = await bootstrapToken(sim);
        const statuses: number[] = [];
        for (let i = 0; i < 30; i++) statuses.push((await call(sim, token, 'GET', '/api/Features')).status);
        return statuses;
      });
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });
});

describe('request log', () => {
  it('records every request with parsed bodies and masks secrets and tokens, in memory and in the file', async () => {
    const logPath = join(tmp(), 'requests.jsonl');
    await withSim({ logPath }, async (sim) => {
      const api = await apiFor(sim);
      await api.post('/api/Application', [{ displayName: 'Logged', clientSecret: 'super-secret-value' }]);
      await api.get('/api/Team?includedisabled=True');
      const secretFree = (text: string) => {
        expect(text).not.toContain(sim.clientSecret);
        expect(text).not.toContain('super-secret-value');
      };
      const [tokenEntry, postEntry, getEntry] = sim.requests;
      expect(tokenEntry).toMatchObject({ method: 'POST', path: '/auth/token', status: 200 });
      expect(obj(tokenEntry?.request)['client_secret']).toBe('***');
      expect(obj(tokenEntry?.response)['access_token']).toBe('***');
      expect(obj(arr(postEntry?.request)[0])['clientSecret']).toBe('***');
      expect(getEntry).toMatchObject({ method: 'GET', path: '/api/Team', query: { includedisabled: 'True' }, status: 200 });
      expect(typeof getEntry?.ts).toBe('string');
      secretFree(JSON.stringify(sim.requests));
    });
    const lines = readFileSync(logPath, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(Object.keys(JSON.parse(l) as object)).toEqual(expect.arrayContaining(['ts', 'method', 'path', 'query', 'status', 'request', 'response']));
    expect(lines.join('\n')).not.toContain('super-secret-value');
  });
});

describe('state persistence', () => {
  it('keeps the tenant and bootstrap credentials across restarts', async () => {
    const statePath = join(tmp(), 'tenant.json');
    const first = await startSimulator({ statePath });
    const api = await apiFor(first);
    await api.post('/api/Team', [{ name: 'Persisted' }]);
    // written after each write request, before stop
    expect(readFileSync(statePath, 'utf8')).toContain('Persisted');
    const { clientId, clientSecret } = first;
    await first.stop();
    const second = await startSimulator({ statePath });
    try {
      expect(second.clientId).toBe(clientId);
      expect(second.clientSecret).toBe(clientSecret);
      const again = await apiFor(second);
      expect(arr((await again.get('/api/Team')).body).map((t) => t['name'])).toContain('Persisted');
      const next = obj((await again.post('/api/Team', [{ name: 'Next' }])).body);
      expect(next['id']).toBe(6);
    } finally {
      await second.stop();
    }
  });
});

describe('latency and seeding options', () => {
  it('serves normally with latency and jitter', () =>
    withSim({ latencyMs: 5, seed: 1 }, async (sim) => {
      expect((await (await apiFor(sim)).get('/api/Team')).status).toBe(200);
    }));

  it('seedTenant false leaves only what authentication needs', () =>
    withSim({ seedTenant: false }, async (sim) => {
      const api = await apiFor(sim);
      expect(arr((await api.get('/api/Team')).body)).toEqual([]);
      expect(arr((await api.get('/api/Agent')).body).map((a) => a['name'])).toEqual(['Admin']);
      expect(obj((await api.get('/api/Control')).body)['id']).toBe(1);
    }));
});
