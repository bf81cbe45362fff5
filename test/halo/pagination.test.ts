import { describe, expect, it } from 'vitest';
import { createHaloClient, MAX_PAGES, readOnly } from '../../src/halo/index.js';

/** The page size these tests ask for (the catalog's pageCap in the engine). */
const PAGE_SIZE = 100;
import type { HaloPath } from '../../src/halo/types.js';
import { mockHalo, type SeenRequest } from './mock-halo.js';

/** A paginating endpoint that caps every page at `cap` whatever page_size says (HaloAPI #90). */
function cappedPages(total: number, cap: number, key: string) {
  const all = Array.from({ length: total }, (_, i) => ({ id: i + 1 }));
  return (req: SeenRequest) => {
    const size = Math.min(cap, Number(req.query.get('page_size') ?? cap));
    const page = Number(req.query.get('page_no') ?? 1);
    return { status: 200, body: { page_no: page, page_size: size, record_count: total, [key]: all.slice((page - 1) * size, page * size) } };
  };
}

describe('pagination', () => {
  it('collects all 250 items from a server that caps pages at 100', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/TopLevel', cappedPages(250, 100, 'tree'));
    const items = await createHaloClient(halo.options()).list('TopLevel', { includeinactive: true }, { pageSize: 100 });
    expect(items.map((i) => i.id)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    const calls = halo.to('GET', '/api/TopLevel');
    expect(calls.map((c) => c.query.get('page_no'))).toEqual(['1', '2', '3']);
    for (const c of calls) {
      expect(c.query.get('pageinate')).toBe('true');
      expect(c.query.get('page_size')).toBe('100');
      expect(c.query.get('includeinactive')).toBe('true');
    }
  });

  it('follows the real page length, not page_size, when the server caps lower (and ignores page_size=1000)', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/Agent', cappedPages(250, 40, 'results'));
    const items = await createHaloClient(halo.options()).list('Agent', {}, { pageSize: 100 });
    expect(items).toHaveLength(250);
    expect(halo.to('GET', '/api/Agent')).toHaveLength(7);
  });

  it('stops on an empty page even without record_count', async () => {
    const halo = mockHalo()
      .tokens()
      .reply('GET', '/api/TopLevel', { status: 200, body: { tree: [{ id: 1 }, { id: 2 }] } }, { status: 200, body: { tree: [] } });
    const items = await createHaloClient(halo.options()).list('TopLevel', {}, { pageSize: 100 });
    expect(items).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('takes a bare array as the whole list even when paginating', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/Team', () => ({ status: 200, body: [{ id: 1 }] }));
    const items = await createHaloClient(halo.options()).list('Team', {}, { pageSize: 100 });
    expect(items).toEqual([{ id: 1 }]);
    expect(halo.to('GET', '/api/Team')).toHaveLength(1);
  });
});

describe('response shapes', () => {
  it('unwraps a {record_count, <plural>} wrapper without pagination', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/Organisation', () => ({ status: 200, body: { record_count: 2, organisations: [{ id: 1 }, { id: 2 }] } }));
    const client = createHaloClient(halo.options());
    await expect(client.list('Organisation')).resolves.toEqual([{ id: 1 }, { id: 2 }]);
    expect(halo.to('GET', '/api/Organisation')[0]?.query.has('pageinate')).toBe(false);
  });

  it('rejects a list response that is not a list', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/Team', () => ({ status: 200, body: { id: 5 } }));
    await expect(createHaloClient(halo.options()).list('Team')).rejects.toMatchObject({ kind: 'protocol' });
  });

  it('unwraps a {control: {...}} singleton and leaves a bare object alone', async () => {
    const halo = mockHalo()
      .tokens()
      .reply('GET', '/api/Control', { status: 200, body: { control: { id: 1, name: 'x' } } }, { status: 200, body: { id: 1, name: 'x', sub: { a: 1 } } });
    const client = createHaloClient(halo.options());
    await expect(client.getSingleton('Control')).resolves.toEqual({ id: 1, name: 'x' });
    await expect(client.getSingleton('Control')).resolves.toEqual({ id: 1, name: 'x', sub: { a: 1 } });
  });

  it('upsert posts an array and always resolves to an array (object, array, 201)', async () => {
    const halo = mockHalo()
      .tokens()
      .reply('POST', '/api/Team', { status: 200, body: { id: 9, name: 'a' } }, { status: 201, body: [{ id: 10 }, { id: 11 }] });
    const client = createHaloClient(halo.options());
    await expect(client.upsert('Team', [{ name: 'a' }])).resolves.toEqual([{ id: 9, name: 'a' }]);
    await expect(client.upsert('Team', [{ name: 'b' }, { name: 'c' }])).resolves.toEqual([{ id: 10 }, { id: 11 }]);
    const posts = halo.to('POST', '/api/Team');
    expect(JSON.parse(posts[0]?.body ?? '')).toEqual([{ name: 'a' }]);
    expect(posts[0]?.headers['content-type']).toBe('application/json');
  });

  it('get and remove encode the id and use the canonical path casing', async () => {
    const id = 'a1b2/c3 d4';
    const encoded = `/api/Roles/${encodeURIComponent(id)}`;
    const halo = mockHalo()
      .tokens()
      .always('GET', (p) => p.startsWith(encoded), () => ({ status: 200, body: { id, name: 'r' } }))
      .always('DELETE', (p) => p.startsWith(encoded), () => ({ status: 200, body: { id } }));
    const client = createHaloClient(halo.options());
    await expect(client.get('roles' as HaloPath, id, { includedetails: true })).resolves.toEqual({ id, name: 'r' });
    await expect(client.remove('ROLES' as HaloPath, id)).resolves.toEqual({ id });
    expect(halo.seen.filter((r) => r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${encoded}`, `DELETE ${encoded}`]);
    expect(halo.seen.find((r) => r.method === 'GET')?.query.get('includedetails')).toBe('true');
  });

  it('me() reads /api/Agent/me', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/Agent/me', () => ({ status: 200, body: { id: 3, name: 'API' } }));
    await expect(createHaloClient(halo.options()).me()).resolves.toEqual({ id: 3, name: 'API' });
  });
});

describe('readOnly', () => {
  it('exposes no write methods at run time and shares stats', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/Team', () => ({ status: 200, body: [{ id: 1 }] }));
    const writer = createHaloClient(halo.options());
    const reader = readOnly(writer);
    expect('upsert' in reader).toBe(false);
    expect('remove' in reader).toBe(false);
    expect((reader as unknown as Record<string, unknown>).upsert).toBeUndefined();
    expect(Object.isFrozen(reader)).toBe(true);
    await expect(reader.list('Team')).resolves.toEqual([{ id: 1 }]);
    expect(reader.stats.requests).toBe(1);
    expect(writer.stats.requests).toBe(1);
  });
});

/** Records `from`..`from+count-1`. */
function ids(from: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({ id: from + i }));
}

describe('pagination never loops (issue 9 §6)', () => {
  it('refuses a server that ignores page_no after exactly 2 requests', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/TopLevel', () => ({ status: 200, body: { record_count: 250, tree: ids(1, 100) } }));
    const err = await createHaloClient(halo.options()).list('TopLevel', {}, { pageSize: 100 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'protocol' });
    expect((err as Error).message).toBe('GET /api/TopLevel: page 2 repeats the 100 records of page 1 (does the server ignore page_no?); stopped after 2 requests');
    expect(halo.to('GET', '/api/TopLevel')).toHaveLength(2);
  });

  it('refuses the same repeat without record_count too (a partial list would plan duplicates)', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/Client', () => ({ status: 200, body: { clients: ids(1, 30) } }));
    await expect(createHaloClient(halo.options()).list('Client', {}, { pageSize: 100 })).rejects.toThrow(/page 2 repeats the 30 records of page 1/);
    expect(halo.to('GET', '/api/Client')).toHaveLength(2);
  });

  it('refuses a page that brings only records already read', async () => {
    const pages = [ids(1, 100), ids(101, 100), ids(1, 100)];
    const halo = mockHalo()
      .tokens()
      .always('GET', '/api/TopLevel', (req) => ({ status: 200, body: { tree: pages[Number(req.query.get('page_no')) - 1] ?? [] } }));
    await expect(createHaloClient(halo.options()).list('TopLevel', {}, { pageSize: 100 })).rejects.toThrow(
      'GET /api/TopLevel: page 3 holds only records already read; stopped after 3 requests',
    );
    expect(halo.to('GET', '/api/TopLevel')).toHaveLength(3);
  });

  it('stops at record_count even when the server would go on', async () => {
    const halo = mockHalo()
      .tokens()
      .always('GET', '/api/TopLevel', (req) => ({ status: 200, body: { record_count: 150, tree: ids(Number(req.query.get('page_no')) * 1000, 100) } }));
    await expect(createHaloClient(halo.options()).list('TopLevel', {}, { pageSize: 100 })).resolves.toHaveLength(200);
    expect(halo.to('GET', '/api/TopLevel')).toHaveLength(2);
  });

  it('refuses pages that trickle new records far past what record_count needs', async () => {
    // Each page: 50 records of the previous page and 50 new ones; record_count 1,000 needs 10 pages (+2 slack).
    const halo = mockHalo()
      .tokens()
      .always('GET', '/api/TopLevel', (req) => ({ status: 200, body: { record_count: 1000, tree: ids(Number(req.query.get('page_no')) * 50, 100) } }));
    await expect(createHaloClient(halo.options()).list('TopLevel', {}, { pageSize: 100 })).rejects.toThrow(
      'GET /api/TopLevel: record_count says 1000, but 12 pages brought only 650 distinct records; stopped after 12 requests',
    );
    expect(halo.to('GET', '/api/TopLevel')).toHaveLength(12);
  });

  it('keeps each record once when pages overlap (a record inserted while paging shifts the next page)', async () => {
    const pages = [ids(1, 100), ids(100, 100), ids(200, 2)];
    const halo = mockHalo()
      .tokens()
      .always('GET', '/api/TopLevel', (req) => ({ status: 200, body: { record_count: 201, tree: pages[Number(req.query.get('page_no')) - 1] ?? [] } }));
    const items = await createHaloClient(halo.options()).list('TopLevel', {}, { pageSize: 100 });
    expect(items.map((i) => i.id)).toEqual(Array.from({ length: 201 }, (_, i) => i + 1));
  });

  it(`stops endless pages at the hard cap of ${MAX_PAGES} pages (${MAX_PAGES * PAGE_SIZE} records) with a clear error`, async () => {
    const halo = mockHalo()
      .tokens()
      .always('GET', '/api/TopLevel', (req) => ({ status: 200, body: { tree: ids(Number(req.query.get('page_no')) * 100, 100) } }));
    // No client budget here: the test counts pages, not waits (a budgeted client would wait 3 windows).
    const client = createHaloClient(halo.options({ budget: false }));
    await expect(client.list('TopLevel', {}, { pageSize: 100 })).rejects.toThrow(
      `GET /api/TopLevel: the list did not end after ${MAX_PAGES} pages (${MAX_PAGES * PAGE_SIZE} records, the most halo-iac reads from one list at ${PAGE_SIZE} a page is ${MAX_PAGES * PAGE_SIZE}); stopped so as not to spend the rate budget`,
    );
    expect(halo.to('GET', '/api/TopLevel')).toHaveLength(MAX_PAGES);
    expect(client.stats.requests).toBe(MAX_PAGES);
  });

  it('the cap is configurable per client', async () => {
    const halo = mockHalo()
      .tokens()
      .always('GET', '/api/TopLevel', (req) => ({ status: 200, body: { tree: ids(Number(req.query.get('page_no')) * 100, 100) } }));
    await expect(createHaloClient(halo.options({ maxPages: 5 })).list('TopLevel', {}, { pageSize: 100 })).rejects.toThrow(/did not end after 5 pages/);
    expect(halo.to('GET', '/api/TopLevel')).toHaveLength(5);
  });
});
