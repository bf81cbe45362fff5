/**
 * The per-tenant budget shared by processes (issue 12 §4): two budgets on one state file stand for
 * two processes (each has its own in-process window and its own lock handle, as separate processes
 * do), with one fake clock.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHaloClient } from '../../src/halo/index.js';
import { cacheDirectory } from '../../src/cli/connect.js';
import { budgetFile, formatStamps, SharedBudget, tenantKey } from '../../src/halo/shared-budget.js';
import { fakeRuntime, mockHalo } from './mock-halo.js';

const BUDGET = { requests: 3, windowSeconds: 10 };

function cacheDir(): string {
  return mkdtempSync(join(tmpdir(), 'halo-iac-cache-'));
}

function budget(file: string, clock: ReturnType<typeof fakeRuntime>, warnings: string[] = []): SharedBudget {
  return new SharedBudget(BUDGET, file, clock, 2_000, (m) => warnings.push(m));
}

/** Sends one request through `b`: acquire, the request takes `ms`, release. */
async function request(b: SharedBudget, clock: ReturnType<typeof fakeRuntime>, waits: number[], ms = 100): Promise<void> {
  const slot = await b.acquire((w) => waits.push(w));
  clock.advance(ms);
  await b.release(slot);
}

describe('SharedBudget', () => {
  it('a second process starts with what the first spent, and waits for it to leave the window', async () => {
    const clock = fakeRuntime();
    const file = budgetFile(cacheDir(), 'https://acme.halopsa.com', 'acme');
    const first = budget(file, clock);
    const waits: number[] = [];
    for (let i = 0; i < 3; i += 1) await request(first, clock, waits);
    expect(waits).toEqual([]);
    // The first process exits; the next one (a fresh budget, as a new process has) must not start full.
    const second = budget(file, clock);
    await request(second, clock, waits);
    // The oldest request finished at +100 ms; it leaves the window 10 s later; now is +300 ms.
    expect(waits).toEqual([9_800]);
  });

  it('without the shared file the second process would not wait (what made pipelines meet 429s)', async () => {
    const clock = fakeRuntime();
    const waits: number[] = [];
    const first = budget(budgetFile(cacheDir(), 'https://acme.halopsa.com', 'acme'), clock);
    for (let i = 0; i < 3; i += 1) await request(first, clock, waits);
    await request(budget(budgetFile(cacheDir(), 'https://acme.halopsa.com', 'acme'), clock), clock, waits);
    expect(waits).toEqual([]);
  });

  it('concurrent budgets on one file never grant more than the limit per window', async () => {
    const clock = fakeRuntime();
    const file = budgetFile(cacheDir(), 'https://acme.halopsa.com', undefined);
    const budgets = [budget(file, clock), budget(file, clock), budget(file, clock)];
    const granted: number[] = [];
    await Promise.all(
      budgets.flatMap((b) =>
        [0, 1, 2].map(async () => {
          const slot = await b.acquire(() => undefined);
          granted.push(clock.now());
          await b.release(slot);
        }),
      ),
    );
    expect(granted).toHaveLength(9);
    // However the nine interleave, no 10 s window holds more than 3 grants.
    for (const t of granted) expect(granted.filter((g) => g >= t && g < t + 10_000).length).toBeLessThanOrEqual(3);
  });

  it('a request in flight holds its slot; a process killed mid-request frees it once its reservation expires', async () => {
    const clock = fakeRuntime();
    const file = budgetFile(cacheDir(), 'https://acme.halopsa.com', 'acme');
    const killed = budget(file, clock);
    for (let i = 0; i < 3; i += 1) await killed.acquire(() => undefined); // never released
    const waits: number[] = [];
    await request(budget(file, clock), clock, waits);
    // All three in flight: polled until their reservation time (sent + 2 s) has come, then a window from it.
    expect(waits.slice(0, -1).every((w) => w === 50)).toBe(true);
    expect(waits.at(-1)).toBe(10_000);
    expect(waits.reduce((a, b) => a + b, 0)).toBe(12_000);
  });

  it('writes timestamps only, compactly, and prunes what left the window', async () => {
    const clock = fakeRuntime();
    const dir = cacheDir();
    const file = budgetFile(dir, 'https://acme.halopsa.com', 'acme');
    const b = budget(file, clock);
    const waits: number[] = [];
    for (let i = 0; i < 3; i += 1) await request(b, clock, waits, 1_000);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ v: 1, base: clock.now() - 2_000, t: [0, 1_000, 2_000] });
    clock.advance(60_000);
    await request(b, clock, waits, 0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ v: 1, base: clock.now(), t: [0] });
    expect(readdirSync(join(dir, 'budget'))).toEqual([`${tenantKey('https://acme.halopsa.com', 'acme')}.json`]);
  });

  it('keys the file by a hash of URL and tenant: nothing in clear, one file per tenant', () => {
    const dir = '/cache';
    const a = budgetFile(dir, 'https://acme.halopsa.com', 'acme');
    expect(a).toMatch(/^\/cache\/budget\/[0-9a-f]{32}\.json$/);
    expect(a).not.toMatch(/acme|halopsa/);
    expect(budgetFile(dir, 'https://ACME.halopsa.com/', 'Acme')).toBe(a);
    expect(budgetFile(dir, 'https://acme.halopsa.com', 'other')).not.toBe(a);
    expect(budgetFile(dir, 'https://beta.halopsa.com', 'acme')).not.toBe(a);
  });

  it('treats a damaged file as an empty window and rewrites it', async () => {
    const clock = fakeRuntime();
    const dir = cacheDir();
    const file = budgetFile(dir, 'https://acme.halopsa.com', 'acme');
    await request(budget(file, clock), clock, []);
    writeFileSync(file, '{"v":1,"base":');
    const waits: number[] = [];
    await request(budget(file, clock), clock, waits);
    expect(waits).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ v: 1, t: [0] });
    expect(formatStamps([])).toBe('{"v":1,"base":0,"t":[]}');
  });

  it('falls back to its own budget, with one warning, when the cache cannot be written', async () => {
    const clock = fakeRuntime();
    const dir = cacheDir();
    writeFileSync(join(dir, 'budget'), 'a file where the folder should be');
    const warnings: string[] = [];
    const b = budget(budgetFile(dir, 'https://acme.halopsa.com', 'acme'), clock, warnings);
    const waits: number[] = [];
    for (let i = 0; i < 4; i += 1) await request(b, clock, waits);
    expect(warnings).toEqual([expect.stringMatching(/^the shared rate budget file .+ cannot be used \((EEXIST|ENOTDIR)\); this run budgets its own requests only$/)]);
    // Still budgeted in-process: the fourth request waited.
    expect(waits).toHaveLength(1);
  });
});

describe('client with a budget state directory', () => {
  it('two clients of one tenant (two processes) share the window; another tenant does not', async () => {
    const dir = cacheDir();
    const clock = fakeRuntime();
    const halo = mockHalo().tokens().always('GET', '/api/Team', () => ({ status: 200, body: [] }));
    const options = halo.options({ budget: { requests: 2, windowSeconds: 60 }, budgetStateDir: dir });
    const first = createHaloClient(options, clock);
    await first.list('Team');
    await first.list('Team');
    const second = createHaloClient(options, clock);
    await second.list('Team');
    expect(second.stats.rateLimitWaitMs).toBe(60_000);
    const otherTenant = createHaloClient({ ...options, tenant: 'beta' }, clock);
    await otherTenant.list('Team');
    expect(otherTenant.stats.rateLimitWaitMs).toBe(0);
  });
});

describe('where the state lives', () => {
  it('HALO_IAC_CACHE_DIR, else $XDG_CACHE_HOME/halo-iac, else ~/.cache/halo-iac', () => {
    expect(cacheDirectory({ HALO_IAC_CACHE_DIR: '/tmp/x', XDG_CACHE_HOME: '/xdg', HOME: '/home/u' })).toBe('/tmp/x');
    expect(cacheDirectory({ XDG_CACHE_HOME: '/xdg', HOME: '/home/u' })).toBe('/xdg/halo-iac');
    expect(cacheDirectory({ HOME: '/home/u' })).toBe('/home/u/.cache/halo-iac');
  });

  it('the budget, and so the file, stays off for loopback hosts unless a rate limit is set', async () => {
    const dir = cacheDir();
    const halo = mockHalo('http://127.0.0.1:8765').tokens().always('GET', '/api/Team', () => ({ status: 200, body: [] }));
    await createHaloClient(halo.options({ budgetStateDir: dir }), fakeRuntime()).list('Team');
    expect(readdirSync(dir)).toEqual([]);
    await createHaloClient(halo.options({ budgetStateDir: dir, budget: { requests: 5, windowSeconds: 5 } }), fakeRuntime()).list('Team');
    expect(readdirSync(join(dir, 'budget'))).toHaveLength(1);
  });
});
