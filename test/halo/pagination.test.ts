import { describe, expect, it } from 'vitest';
import { createHaloClient, readOnly } from '../../src/halo/index.js';
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
    const items = await createHaloClient(halo.options()).list('TopLevel', { includeinactive: true }, { paginate: true });
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
    const items = await createHaloClient(halo.options()).list('Agent', {}, { paginate: true });
    expect(items).toHaveLength(250);
    expect(halo.to('GET', '/api/Agent')).toHaveLength(7);
  });

  it('stops on an empty page even without record_count', async () => {
    const halo = mockHalo()
      .tokens()
      .reply('GET', '/api/TopLevel', { status: 200, body: { tree: [{ id: 1 }, { id: 2 }] } }, { status: 200, body: { tree: [] } });
    const items = await createHaloClient(halo.options()).list('TopLevel', {}, { paginate: true });
    expect(items).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('takes a bare array as the whole list even when paginating', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/Team', () => ({ status: 200, body: [{ id: 1 }] }));
    const items = await createHaloClient(halo.options()).list('Team', {}, { paginate: true });
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
