/**
 * Unexpected response shapes (issue 9 §6): every 2xx answer that is not what Halo sends becomes ONE
 * protocol error naming method, path and what was wrong, validated at the client boundary so no
 * handler ever sees a malformed record; and after one, the client sends nothing more.
 */
import { describe, expect, it } from 'vitest';
import { createHaloClient } from '../../src/halo/index.js';
import { failure, mockHalo, type FakeReply } from './mock-halo.js';

function listReturning(reply: FakeReply) {
  return mockHalo().tokens().always('GET', '/api/Agent', () => reply);
}

describe('list items', () => {
  it.each([
    [null, 'item 3 of the list is null, not an object'],
    [42, 'item 3 of the list is a number, not an object'],
    ['Agent', 'item 3 of the list is a string, not an object'],
    [[{ id: 3 }], 'item 3 of the list is an array, not an object'],
    [{ name: 'no id here' }, 'item 3 of the list has no id'],
    [{ id: '' }, 'item 3 of the list has no id'],
    [{ id: { nested: 1 } }, 'item 3 of the list has an id that is an object, not a number or a string'],
  ])('%j in a list is one protocol error naming method, path and item', async (item, what) => {
    const halo = listReturning({ status: 200, body: [{ id: 1 }, { id: 2 }, item, { id: 4 }] });
    const err = await failure(createHaloClient(halo.options()).list('Agent'));
    expect(err.kind).toBe('protocol');
    expect(err.message).toBe(`GET /api/Agent: ${what}`);
  });

  it('checks the items inside a {record_count, <plural>} wrapper too', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/TopLevel', () => ({ status: 200, body: { record_count: 2, tree: [{ id: 1 }, null] } }));
    const err = await failure(createHaloClient(halo.options()).list('TopLevel', {}, { pageSize: 100 }));
    expect(err.message).toBe('GET /api/TopLevel: item 2 of page 1 is null, not an object');
  });
});

describe('bodies that are not Halo JSON', () => {
  it('an HTML login page served with 200 names what it is', async () => {
    const html = '<!DOCTYPE html><html><head><title>Sign in - HaloPSA</title></head><body><form>...</form></body></html>';
    const halo = listReturning({ status: 200, body: html, headers: { 'content-type': 'text/html; charset=utf-8' } });
    const err = await failure(createHaloClient(halo.options()).list('Agent'));
    expect(err.message).toBe(
      'GET /api/Agent: Halo answered 200 with an HTML page ("Sign in - HaloPSA"), not JSON: a login page or a proxy in front of Halo? Check connection.url',
    );
  });

  it('an HTML page labelled as JSON is still recognised', async () => {
    const halo = listReturning({ status: 200, body: '<html><body>Log in</body></html>' });
    const err = await failure(createHaloClient(halo.options()).list('Agent'));
    expect(err.message).toMatch(/^GET \/api\/Agent: Halo answered 200 with an HTML page, not JSON/);
  });

  it('truncated JSON says so, with its length', async () => {
    const halo = listReturning({ status: 200, body: '[{"id":1,"name":"a"},{"id":2,"na' });
    const err = await failure(createHaloClient(halo.options()).list('Agent'));
    expect(err.message).toBe('GET /api/Agent: the JSON body is truncated or malformed (32 bytes)');
  });

  it('a JSON body under a non-JSON content type is refused', async () => {
    const halo = listReturning({ status: 200, body: [{ id: 1 }], headers: { 'content-type': 'text/plain' } });
    const err = await failure(createHaloClient(halo.options()).list('Agent'));
    expect(err.message).toBe('GET /api/Agent: Halo answered 200 with content-type text/plain, not JSON');
  });

  it('plain text is quoted, shortened', async () => {
    const halo = listReturning({ status: 200, body: 'Service temporarily in maintenance mode, please come back later '.repeat(3), headers: { 'content-type': 'application/json' } });
    const err = await failure(createHaloClient(halo.options()).list('Agent'));
    expect(err.message).toBe('GET /api/Agent: the body is not JSON: "Service temporarily in maintenance mode, please come back later Service temporar…"');
  });

  it('an empty body where a list is expected', async () => {
    const halo = listReturning({ status: 200, body: '' });
    const err = await failure(createHaloClient(halo.options()).list('Agent'));
    expect(err.message).toBe('GET /api/Agent: the body is empty, expected a list');
  });
});

describe('wrappers', () => {
  it('a wrapper without a list names its keys', async () => {
    const halo = listReturning({ status: 200, body: { record_count: 3, agent_list: 'x', page_no: 1 } });
    const err = await failure(createHaloClient(halo.options()).list('Agent'));
    expect(err.message).toBe('GET /api/Agent: expected a list, got an object with keys record_count, agent_list, page_no');
  });

  it('a list response that is a bare number', async () => {
    const halo = listReturning({ status: 200, body: 17 });
    const err = await failure(createHaloClient(halo.options()).list('Agent'));
    expect(err.message).toBe('GET /api/Agent: expected a list, got a number');
  });
});

describe('single records', () => {
  it('a detail GET that returns an array', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/Agent/5', () => ({ status: 200, body: [{ id: 5 }] }));
    const err = await failure(createHaloClient(halo.options()).get('Agent', 5));
    expect(err.message).toBe('GET /api/Agent/5: expected one record (an object), got an array');
  });

  it('a detail GET that returns another record', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/Agent/5', () => ({ status: 200, body: { id: 6, name: 'someone else' } }));
    const err = await failure(createHaloClient(halo.options()).get('Agent', 5));
    expect(err.message).toBe('GET /api/Agent/5: returned the record with id 6, not 5');
  });

  it('Agent/me without an id (the lockout guard needs it)', async () => {
    const halo = mockHalo().tokens().always('GET', '/api/Agent/me', () => ({ status: 200, body: { name: 'API' } }));
    const err = await failure(createHaloClient(halo.options()).me());
    expect(err.message).toBe('GET /api/Agent/me: the record has no id');
  });
});

describe('write responses', () => {
  it.each([
    ['"saved"', 'the response is a string, expected the saved record (an object or an array)'],
    ['42', 'the response is a number, expected the saved record (an object or an array)'],
    ['', 'the body is empty, expected the saved record'],
    ['[null]', 'item 1 of the saved records is null, not an object'],
    ['{"name":"a"}', 'the saved record has no id'],
    ['[{"id":9},{"name":"b"}]', 'item 2 of the saved records has no id'],
  ])('POST answered %s', async (body, what) => {
    const halo = mockHalo().tokens().always('POST', '/api/Team', () => ({ status: 200, body }));
    const err = await failure(createHaloClient(halo.options()).upsert('Team', [{ name: 'a' }, { name: 'b' }]));
    expect(err.kind).toBe('protocol');
    expect(err.message).toBe(`POST /api/Team: ${what}`);
  });

  it('after an unexpected answer the client sends nothing more: no write after it', async () => {
    const halo = mockHalo()
      .tokens()
      .always('POST', '/api/Team', () => ({ status: 200, body: '<html><title>Login</title></html>', headers: { 'content-type': 'text/html' } }))
      .always('GET', '/api/Team', () => ({ status: 200, body: [{ id: 1 }] }))
      .always('POST', '/api/Agent', () => ({ status: 200, body: { id: 3 } }));
    const client = createHaloClient(halo.options());
    const first = await failure(client.upsert('Team', [{ name: 'a' }]));
    const later = await failure(client.upsert('Agent', [{ name: 'b' }]));
    const read = await failure(client.list('Team'));
    // The run's one line stays the first cause, wherever it surfaces.
    expect(later.message).toBe(first.message);
    expect(read.message).toBe(first.message);
    expect(halo.to('POST', '/api/Agent')).toHaveLength(0);
    expect(halo.to('GET', '/api/Team')).toHaveLength(0);
    expect(client.stats.writes).toBe(1);
  });

  it('a DELETE may answer with nothing or the deleted record, but not with a page', async () => {
    const halo = mockHalo()
      .tokens()
      .reply('DELETE', '/api/Team/4', { status: 200, body: '' })
      .reply('DELETE', '/api/Team/5', { status: 200, body: '<html>Login</html>', headers: { 'content-type': 'text/html' } });
    const client = createHaloClient(halo.options());
    await expect(client.remove('Team', 4)).resolves.toEqual({ id: 4 });
    const err = await failure(client.remove('Team', 5));
    expect(err.message).toMatch(/^DELETE \/api\/Team\/5: Halo answered 200 with an HTML page, not JSON/);
  });
});
