import { describe, expect, it } from 'vitest';
import { createHaloClient, HaloApiError } from '../../src/halo/index.js';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter } from '../../src/halo/backoff.js';
import { fakeRuntime, mockHalo, networkError } from './mock-halo.js';

const ok = { status: 200, body: [{ id: 1 }] };
const saved = { status: 200, body: { id: 7, name: 'x' } };

describe('retries on GET', () => {
  it('retries 429 and 5xx, then succeeds', async () => {
    const halo = mockHalo()
      .tokens()
      .reply('GET', '/api/Team', { status: 429, body: 'Rate Limit Reached - 300 Requests per rolling 5 minute window' }, { status: 502, body: '' }, { status: 500, body: '' }, ok);
    const client = createHaloClient(halo.options());
    await expect(client.list('Team')).resolves.toEqual(ok.body);
    expect(client.stats).toMatchObject({ retries: 3, status429: 1, requests: 4, reads: 4 });
    expect(halo.events.filter((e) => e.type === 'retry').map((e) => (e.type === 'retry' ? e.reason : ''))).toEqual(['429', '502', '500']);
  });

  it('retries network errors (reset, socket closed)', async () => {
    const halo = mockHalo()
      .tokens()
      .reply('GET', '/api/Team', networkError('ECONNRESET'), networkError('UND_ERR_SOCKET'), ok);
    const client = createHaloClient(halo.options());
    await expect(client.list('Team')).resolves.toEqual(ok.body);
    expect(client.stats.retries).toBe(2);
  });

  it('does not retry other 4xx', async () => {
    const halo = mockHalo().tokens().reply('GET', '/api/Team/5', { status: 404, body: '' });
    const client = createHaloClient(halo.options());
    await expect(client.get('Team', 5)).rejects.toMatchObject({ status: 404, kind: 'http', haloMessage: 'Not Found', retryable: false });
    expect(client.stats.retries).toBe(0);
  });

  it('stops after maxRetries with a retryable HaloApiError', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/Team', () => ({ status: 429, body: { Message: 'Rate Limit Reached' } }));
    const client = createHaloClient(halo.options({ retry: { maxRetries: 2, rateLimitRetries: 2, baseDelayMs: 1, maxDelayMs: 1 } }));
    const err = await client.list('Team').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HaloApiError);
    expect(err).toMatchObject({ status: 429, retryable: true, attempts: 3, haloMessage: 'Rate Limit Reached', path: '/api/Team' });
    expect(client.stats.status429).toBe(3);
  });

  it("keeps retrying a 429 longer than Halo's rolling 5-minute window before giving up", async () => {
    const clock = fakeRuntime();
    const halo = mockHalo().tokens().always('GET', '/api/Team', () => ({ status: 429, body: 'Rate Limit Reached - 300 Requests per rolling 5 minute window' }));
    const client = createHaloClient(halo.options({ retry: { ...DEFAULT_RETRY } }), clock);
    await expect(client.list('Team')).rejects.toMatchObject({ status: 429 });
    expect(clock.sleeps).toHaveLength(DEFAULT_RETRY.rateLimitRetries);
    // random() is 0.5: three quarters of each ceiling (500 ms doubling, capped at 60 s).
    expect(clock.sleeps.slice(0, 3)).toEqual([375, 750, 1500]);
    const waited = clock.sleeps.reduce((a, b) => a + b, 0);
    expect(waited).toBeGreaterThan(300_000);
  });

  it('maxRetries: 0 alone also turns off 429 retries', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/Team', () => ({ status: 429 }));
    const client = createHaloClient(halo.options({ retry: { maxRetries: 0 } }));
    await expect(client.list('Team')).rejects.toMatchObject({ status: 429, attempts: 1 });
  });

  it('waits with exponential backoff and full jitter', async () => {
    const clock = fakeRuntime();
    const halo = mockHalo().tokens().reply('GET', '/api/Team', { status: 500 }, { status: 500 }, { status: 500 }, ok);
    const client = createHaloClient(halo.options({ retry: { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 250 } }), clock);
    await client.list('Team');
    // random() is 0.5 in the fake runtime: half of 100, 200, min(400, 250).
    expect(clock.sleeps).toEqual([50, 100, 125]);
  });
});

describe('Retry-After', () => {
  it('honours delta seconds', async () => {
    const clock = fakeRuntime();
    const halo = mockHalo().tokens().reply('GET', '/api/Team', { status: 429, headers: { 'retry-after': '2' } }, ok);
    await createHaloClient(halo.options(), clock).list('Team');
    expect(clock.sleeps).toEqual([2000]);
  });

  it('honours an HTTP date', async () => {
    const clock = fakeRuntime();
    const at = new Date(clock.now() + 7000).toUTCString();
    const halo = mockHalo().tokens().reply('GET', '/api/Team', { status: 503, headers: { 'retry-after': at } }, ok);
    await createHaloClient(halo.options(), clock).list('Team');
    expect(clock.sleeps).toEqual([7000]);
  });

  it('parses both forms and ignores garbage', () => {
    const now = Date.UTC(2025, 0, 1);
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(new Date(now - 5000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('write safety', () => {
  it('does not repeat a POST after a network error (it may have been applied)', async () => {
    const halo = mockHalo().tokens().reply('POST', '/api/Agent', networkError('ECONNRESET'), saved);
    const client = createHaloClient(halo.options());
    const err = await client.upsert('Agent', [{ name: 'x' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HaloApiError);
    expect(err).toMatchObject({ kind: 'network', status: 0, retryable: true, writeMayHaveApplied: true, method: 'POST' });
    expect(client.stats.writes).toBe(1);
    expect(client.stats.retries).toBe(0);
  });

  it('does not repeat a DELETE after a timeout-like socket failure', async () => {
    const halo = mockHalo().tokens().reply('DELETE', '/api/Team/3', networkError('UND_ERR_SOCKET'));
    const client = createHaloClient(halo.options());
    await expect(client.remove('Team', 3)).rejects.toMatchObject({ kind: 'network', writeMayHaveApplied: true });
    expect(client.stats.writes).toBe(1);
  });

  it('repeats a POST after a refused connection (nothing was sent)', async () => {
    const halo = mockHalo().tokens().reply('POST', '/api/Agent', networkError('ECONNREFUSED'), saved);
    const client = createHaloClient(halo.options());
    await expect(client.upsert('Agent', [{ name: 'x' }])).resolves.toEqual([saved.body]);
    expect(client.stats.writes).toBe(2);
  });

  it('repeats a POST on 429 and 503, not on 500', async () => {
    const halo = mockHalo()
      .tokens()
      .reply('POST', '/api/Agent', { status: 429 }, { status: 503 }, saved, { status: 500, body: { Message: 'boom' } });
    const client = createHaloClient(halo.options());
    await expect(client.upsert('Agent', [{ name: 'x' }])).resolves.toEqual([saved.body]);
    await expect(client.upsert('Agent', [{ name: 'y' }])).rejects.toMatchObject({ status: 500, haloMessage: 'boom', writeMayHaveApplied: false });
    expect(client.stats.writes).toBe(4);
  });
});

describe('backoffDelay', () => {
  it('stays within [0, min(cap, base * 2^(n-1)))', () => {
    const opts = { ...DEFAULT_RETRY, maxRetries: 6, baseDelayMs: 500, maxDelayMs: 30_000 };
    for (let n = 1; n <= 10; n += 1) {
      const ceiling = Math.min(30_000, 500 * 2 ** (n - 1));
      expect(backoffDelay(n, opts, () => 0)).toBe(0);
      expect(backoffDelay(n, opts, () => 0.999999)).toBe(Math.floor(0.999999 * ceiling));
    }
  });
});
