/** The client over real loopback HTTP: undici's genuine network errors are classified right. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createHaloClient, HaloApiError } from '../../src/halo/index.js';

type Handler = (req: IncomingMessage, res: ServerResponse, hits: number) => void;

const open: { server: Server; agent: Agent }[] = [];

async function serve(route: Handler): Promise<{ url: string; agent: Agent }> {
  let hits = 0;
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/auth/token')) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ access_token: 'loopback-token-abc', token_type: 'Bearer', expires_in: 3600 }));
      return;
    }
    if (req.url?.startsWith('/api/authinfo')) {
      res.statusCode = 404;
      res.end();
      return;
    }
    hits += 1;
    route(req, res, hits);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = new Agent();
  open.push({ server, agent });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, agent };
}

afterEach(async () => {
  for (const { server, agent } of open.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await agent.close();
  }
});

const json = (res: ServerResponse, body: unknown) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
};

describe('loopback network failures', () => {
  it('retries a GET whose connection was dropped', async () => {
    const { url, agent } = await serve((req, res, hits) => (hits === 1 ? req.socket.destroy() : json(res, [{ id: 1 }])));
    const client = createHaloClient({ url, clientId: 'c', clientSecret: 'secret-xyz', dispatcher: agent, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    await expect(client.list('Team')).resolves.toEqual([{ id: 1 }]);
    expect(client.stats.retries).toBe(1);
  });

  it('does not repeat a POST whose connection was dropped after the server read it', async () => {
    const { url, agent } = await serve((req) => {
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
    const { url, agent } = await serve((_req, res, hits) => {
      if (hits > 1) json(res, { id: 2 });
    });
    const client = createHaloClient({ url, clientId: 'c', clientSecret: 'secret-xyz', dispatcher: agent, timeoutMs: 100, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    await expect(client.get('Team', 2)).resolves.toEqual({ id: 2 });
    expect(client.stats.retries).toBe(1);
  });
});
