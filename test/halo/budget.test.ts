import { describe, expect, it } from 'vitest';
import { readOnly } from '../../src/halo/read-only.js';
import { createHaloClient } from '../../src/halo/index.js';
import { RollingBudget } from '../../src/halo/budget.js';
import { fakeRuntime, mockHalo, type FakeReply } from './mock-halo.js';

const ok: FakeReply = { status: 200, body: [] };

describe('RollingBudget', () => {
  it('lets N requests through per window and makes the next wait for the oldest to leave', async () => {
    const clock = fakeRuntime();
    const budget = new RollingBudget({ requests: 3, windowSeconds: 10 }, clock);
    const waits: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      budget.release(await budget.acquire((ms) => waits.push(ms)));
      clock.advance(1000);
    }
    expect(waits).toEqual([]);
    await budget.acquire((ms) => waits.push(ms));
    expect(waits).toEqual([7000]);
  });

  it('keeps a slot taken while its request is in flight, and frees it a window after the response', async () => {
    const clock = fakeRuntime();
    const budget = new RollingBudget({ requests: 1, windowSeconds: 10 }, clock);
    const waits: number[] = [];
    const first = await budget.acquire((ms) => waits.push(ms));
    const second = budget.acquire((ms) => waits.push(ms));
    await Promise.resolve();
    clock.advance(4000);
    budget.release(first);
    await second;
    // Polled while the first was in flight, then waited a full window from its response.
    expect(waits.at(-1)).toBe(10_000);
    expect(waits.slice(0, -1).every((ms) => ms === 25)).toBe(true);
    expect(waits.length).toBeGreaterThan(1);
  });

  it('rejects a nonsensical budget', () => {
    expect(() => new RollingBudget({ requests: 0, windowSeconds: 10 }, fakeRuntime())).toThrow(RangeError);
  });
});

describe('client budget', () => {
  it('waits instead of sending the N+1th request in the window, and reports it', async () => {
    const clock = fakeRuntime();
    const halo = mockHalo().tokens().always('GET', '/api/Team', () => ok);
    const client = createHaloClient(halo.options({ budget: { requests: 2, windowSeconds: 60 } }), clock);
    await client.list('Team');
    await client.list('Team');
    expect(client.stats.rateLimitWaitMs).toBe(0);
    await client.list('Team');
    expect(client.stats.rateLimitWaitMs).toBe(60_000);
    expect(halo.events.filter((e) => e.type === 'rate-wait')).toEqual([{ type: 'rate-wait', ms: 60_000, budget: { requests: 2, windowSeconds: 60 } }]);
    // The budget kept is known to the caller, for estimates of long work.
    expect(client.budget).toEqual({ requests: 2, windowSeconds: 60 });
    // Token requests do not spend the budget.
    expect(client.stats.tokenRequests).toBe(1);
  });

  it('sees no 429 when the budget matches the server limit', async () => {
    const clock = fakeRuntime();
    const limit = 5;
    const windowMs = 30_000;
    const served: number[] = [];
    const halo = mockHalo()
      .tokens()
      .always('GET', '/api/Team', () => {
        const now = clock.now();
        while (served.length > 0 && (served[0] as number) <= now - windowMs) served.shift();
        if (served.length >= limit) return { status: 429, body: 'Rate Limit Reached - 5 Requests per rolling window' };
        served.push(now);
        clock.advance(700);
        return ok;
      });
    const client = createHaloClient(halo.options({ budget: { requests: limit, windowSeconds: windowMs / 1000 } }), clock);
    for (let i = 0; i < 17; i += 1) await client.list('Team');
    expect(client.stats.status429).toBe(0);
    expect(client.stats.requests).toBe(17);
    expect(client.stats.rateLimitWaitMs).toBeGreaterThan(0);
  });

  it('hits 429 against the same server without a budget (the limiter above is real)', async () => {
    const clock = fakeRuntime();
    const served: number[] = [];
    const halo = mockHalo()
      .tokens()
      .always('GET', '/api/Team', () => {
        if (served.length >= 5) return { status: 429, body: 'Rate Limit Reached' };
        served.push(clock.now());
        return ok;
      });
    const client = createHaloClient(halo.options({ budget: false, retry: { maxRetries: 0 } }), clock);
    for (let i = 0; i < 5; i += 1) await client.list('Team');
    await expect(client.list('Team')).rejects.toMatchObject({ status: 429 });
  });

  it('defaults to 300 per 300 s for hosted Halo and to no budget on loopback', async () => {
    const hosted = mockHalo().tokens().always('GET', '/api/Team', () => ok);
    const hostedClock = fakeRuntime();
    const hostedClient = createHaloClient(hosted.options(), hostedClock);
    for (let i = 0; i < 301; i += 1) await hostedClient.list('Team');
    expect(hosted.events.filter((e) => e.type === 'rate-wait')).toEqual([{ type: 'rate-wait', ms: 300_000, budget: { requests: 300, windowSeconds: 300 } }]);

    const local = mockHalo('http://127.0.0.1:8765').tokens().always('GET', '/api/Team', () => ok);
    const localClient = createHaloClient(local.options(), fakeRuntime());
    for (let i = 0; i < 301; i += 1) await localClient.list('Team');
    expect(localClient.stats.rateLimitWaitMs).toBe(0);
    expect(localClient.budget).toBeUndefined();
    // The read-only view plan receives knows the budget too (plan's estimate before many detail reads).
    expect(readOnly(hostedClient).budget).toEqual({ requests: 300, windowSeconds: 300 });
  });
});
