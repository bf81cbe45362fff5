/** The client over real loopback HTTP: undici's genuine network errors are classified right. */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHaloClient, HaloApiError } from '../../src/halo/index.js';
import { closeLoopbacks, serveLoopback } from './loopback-server.js';

afterEach(closeLoopbacks);

const json = (res: ServerResponse, body: unknown) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
};

describe('loopback network failures', () => {
  it('retries a GET whose connection was dropped', async () => {
    const { url, agent } = await serveLoopback((req, res, hits) => (hits === 1 ? req.socket.destroy() : json(res, [{ id: 1 }])));
    const client = createHaloClient({ url, clientId: 'c', clientSecret: 'secret-xyz', dispatcher: agent, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    await expect(client.list('Team')).resolves.toEqual([{ id: 1 }]);
    expect(client.stats.retries).toBe(1);
  });

  it('does not repeat a POST whose connection was dropped after the server read it', async () => {
    const { url, agent } = await serveLoopback((req) => {
      req.resume();
      req.on('end', () => req.socket.destroy());
    });
    const client = createHaloClient({ url, clientId: 'c', clientSecret: 'secret-xyz', dispatcher: agent, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    const err = await client.upsert('Agent', [{ name: 'x' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HaloApiError);
    expect(err).toMatchObject({ kind: 'network', status: 0, writeMayHaveApplied: true });
    expect(client.stats.writes).toBe(1);
  });

  it('treats a request timeout as a network failure and retries a GET', async () => {
    const { url, agent } = await serveLoopback((_req, res, hits) => {
      if (hits > 1) json(res, { id: 2 });
    });
    const client = createHaloClient({ url, clientId: 'c', clientSecret: 'secret-xyz', dispatcher: agent, timeoutMs: 100, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    await expect(client.get('Team', 2)).resolves.toEqual({ id: 2 });
    expect(client.stats.retries).toBe(1);
  });
});
