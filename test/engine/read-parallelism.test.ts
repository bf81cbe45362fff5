import { describe, expect, it } from 'vitest';
import { obj, state } from './helpers/desired.js';
import type { HaloReader, HaloRecord } from '../../src/halo/types.js';
import { readLive, readLiveForExport } from '../../src/engine/index.js';
import { catalog } from './helpers/desired.js';

/** A fake tenant of `n` agents whose reads count how many are in flight at once. */
function countingReader(n: number): { reader: HaloReader; maxInFlight: () => number; gets: () => number } {
  let inFlight = 0;
  let max = 0;
  let gets = 0;
  const agents: HaloRecord[] = Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `Agent ${i}`, isapiagent: true }));
  const track = async <T>(value: T): Promise<T> => {
    inFlight++;
    max = Math.max(max, inFlight);
    // Yield a few macrotasks so concurrent callers overlap if the engine lets them.
    await new Promise((r) => setTimeout(r, 2));
    inFlight--;
    return value;
  };
  const reader = {
    stats: { requests: 0, reads: 0, writes: 0, tokenRequests: 0, retries: 0, status429: 0, rateLimitWaitMs: 0 },
    list: async (path: string) => track(path === 'Agent' ? agents : []),
    get: async (_path: string, id: string | number) => {
      gets++;
      return track({ ...agents[Number(id) - 1], is_admin: false, roles: [] });
    },
    getSingleton: async () => track({ id: 1 }),
    me: async () => track({ id: 999, name: 'halo-iac' }),
  } as unknown as HaloReader;
  return { reader, maxInFlight: () => max, gets: () => gets };
}

describe('readLive honours parallelism', () => {
  const managed = Array.from({ length: 40 }, (_, i) => obj('Agent', `Agent ${i}`, { admin: false }));

  it('never has more than `parallelism` reads in flight, and still reads every managed detail', async () => {
    const t = countingReader(40);
    const snap = await readLive(state(managed), t.reader, undefined, { parallelism: 3 });
    expect(t.gets()).toBe(40);
    expect(t.maxInFlight()).toBeLessThanOrEqual(3);
    expect(snap.objects.Agent?.every((a) => a.raw.is_admin === false)).toBe(true);
  });

  it('defaults to 4', async () => {
    const t = countingReader(40);
    await readLive(state(managed), t.reader);
    expect(t.gets()).toBe(40);
    expect(t.maxInFlight()).toBeLessThanOrEqual(4);
    expect(t.maxInFlight()).toBeGreaterThan(1);
  });

  it('bounds export reads too', async () => {
    const t = countingReader(25);
    const snap = await readLiveForExport(t.reader, catalog, { kinds: ['Agent'] }, undefined, { parallelism: 2 });
    expect(t.gets()).toBe(25);
    expect(snap.objects.Agent).toHaveLength(25);
    expect(t.maxInFlight()).toBeLessThanOrEqual(2);
  });
});
