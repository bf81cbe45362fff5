/**
 * Test fixture: a Halo stand-in on a real loopback socket (token endpoint answered, /api/authinfo
 * 404, everything else handed to `route`), for the failures only a real socket shows: resets,
 * timeouts, stalled bodies. Call `closeLoopbacks()` in afterEach.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';

/** Handles one /api request; `hits` counts them, 1-based. */
export type LoopbackRoute = (req: IncomingMessage, res: ServerResponse, hits: number) => void;

const open: { server?: Server; agent: Agent }[] = [];

/** Registers an agent (with or without a server) for closeLoopbacks(). */
export function track(agent: Agent, server?: Server): void {
  open.push({ agent, server });
}

/** Starts a loopback server with `route`; resolves with its URL, a fresh Agent and the hit count. */
export async function serveLoopback(route: LoopbackRoute): Promise<{ url: string; agent: Agent; hits: () => number }> {
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
  track(agent, server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, agent, hits: () => hits };
}

/** Closes every server and agent started or tracked since the last call. */
export async function closeLoopbacks(): Promise<void> {
  for (const { server, agent } of open.splice(0)) {
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await agent.close();
  }
}
