/**
 * The client against the simulator's Halo behaviours that matter to it: auth discovery in hosted
 * mode, the paginated /Agent wrapper, the rolling rate limit, drop-after-commit and tokens that
 * die early. Real HTTP on loopback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHaloClient, HaloApiError, type HaloClientOptions } from '../../src/halo/index.js';
import { startSimulator, type SimulatorOptions } from '../../src/simulator/index.js';

const running: { stop(): Promise<void> }[] = [];

async function start(options: SimulatorOptions = {}) {
  const sim = await startSimulator({ port: 0, ...options });
  running.push(sim);
  return sim;
}

afterEach(async () => {
  for (const sim of running.splice(0)) await sim.stop();
});

type Sim = Awaited<ReturnType<typeof start>>;
const clientFor = (sim: Sim, extra: Partial<HaloClientOptions> = {}) =>
  createHaloClient({ url: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret, retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...extra });

describe('client x simulator', () => {
  it('discovers the auth server and tenant through /api/authinfo on a hosted tenant', async () => {
    const sim = await start({ hosted: true, tenant: 'acmetenant', rateLimit: false });
    const client = clientFor(sim);
    await expect(client.me()).resolves.toMatchObject({ id: expect.anything() });
    const token = sim.requests.find((r) => r.path.toLowerCase().endsWith('/token'));
    expect(token?.query.tenant).toBe('acmetenant');
  });

  it('pages through more than 100 agents using the real page length', async () => {
    const sim = await start();
    const client = clientFor(sim);
    for (let batch = 0; batch < 2; batch += 1) {
      const items = Array.from({ length: 75 }, (_, i) => ({ name: `Bulk ${batch}-${i}`, email: `bulk${batch}-${i}@example.com` }));
      await expect(client.upsert('Agent', items)).resolves.toHaveLength(75);
    }
    const all = await client.list('Agent');
    expect(all.length).toBeGreaterThan(150);
    const paged = await client.list('Agent', {}, { pageSize: 100 });
    expect(paged.map((a) => a.id).sort()).toEqual(all.map((a) => a.id).sort());
    const pages = sim.requests.filter((r) => r.method === 'GET' && r.path === '/api/Agent' && r.query.pageinate === 'true');
    expect(pages.length).toBe(Math.ceil(all.length / 100));
  });

  it('gets no 429 when its budget matches the server limit', async () => {
    const limit = { requests: 6, windowSeconds: 1 };
    const sim = await start({ rateLimit: limit });
    const client = clientFor(sim, { budget: limit });
    for (let i = 0; i < 6; i += 1) await client.list('Team');
    // Concurrent requests too, as apply's executor sends them.
    await Promise.all(Array.from({ length: 10 }, () => client.list('Team')));
    expect(client.stats.status429).toBe(0);
    expect(client.stats.rateLimitWaitMs).toBeGreaterThan(0);
    expect(sim.requests.filter((r) => r.status === 429)).toHaveLength(0);
  });

  it('meets the same limit without a budget (so the test above is meaningful)', async () => {
    const sim = await start({ rateLimit: { requests: 6, windowSeconds: 60 } });
    const client = clientFor(sim, { budget: false, retry: { maxRetries: 0 } });
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => client.list('Team')));
    expect(outcomes.some((o) => o.status === 'rejected' && o.reason instanceof HaloApiError && o.reason.status === 429)).toBe(true);
  });

  it('reports a dropped write as possibly applied, without repeating it', async () => {
    const sim = await start({ faults: ['drop-after-commit:1'] });
    const client = clientFor(sim);
    const err = await client.upsert('Team', [{ name: 'Dropped Team' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HaloApiError);
    expect(err).toMatchObject({ kind: 'network', status: 0, writeMayHaveApplied: true });
    const teams = await client.list('Team');
    expect(teams.filter((t) => t.name === 'Dropped Team')).toHaveLength(1);
  });

  it('renews a token that died before its expires_in, once, on 401', async () => {
    const sim = await start({ faults: ['token-expiry:1'] });
    const client = clientFor(sim);
    await client.list('Team');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await expect(client.list('Team')).resolves.toBeInstanceOf(Array);
    expect(client.stats.tokenRequests).toBe(2);
  });
});
