/**
 * The sample is deterministic whatever order Halo lists in: the first N by id (numbers
 * numerically, string ids as text). A fake reader stands in for Halo here because the simulator
 * always lists in id order; the HTTP tests cover the rest.
 */
import { describe, expect, it } from 'vitest';
import type { HaloReader, HaloRecord } from '../../src/halo/types.js';
import { readTenant } from '../../src/doctor/tenant.js';
import { loadCatalog } from '../../src/manifest/catalog.js';

function fakeReader(lists: Record<string, HaloRecord[]>, got: string[]): HaloReader {
  return {
    list: async (path: string) => lists[path] ?? [],
    get: async (path: string, id: string | number) => {
      got.push(`${path}/${id}`);
      return { ...(lists[path]?.find((r) => r.id === id) ?? {}), claims: [] };
    },
    getSingleton: async () => ({ id: 1 }),
    me: async () => ({ id: 1 }),
    probe: async () => ({ status: 200, body: [] }),
    stats: { requests: 0, reads: 0, writes: 0, tokenRequests: 0, retries: 0, status429: 0, rateLimitWaitMs: 0 },
  } as unknown as HaloReader;
}

describe('doctor sample', () => {
  it('takes the first N agents and roles by id, not in list order', async () => {
    const got: string[] = [];
    const reader = fakeReader(
      {
        Agent: [10, 2, 33, 1, 4].map((id) => ({ id, name: `a${id}` })),
        Roles: ['c', 'a', 'b'].map((id) => ({ id, name: `r${id}` })),
      },
      got,
    );
    const read = await readTenant({ reader, catalog: loadCatalog().catalog, sample: 2, clientId: 'x' });
    expect(got.sort()).toEqual(['Agent/1', 'Agent/2', 'Roles/a', 'Roles/b']);
    expect(read.sampled.map((h) => h.address)).toEqual(['agent/a1', 'agent/a2', 'role/ra', 'role/rb']);
  });
});
