/**
 * A hostile tenant for tests: a node:http proxy on 127.0.0.1 in front of the in-process simulator
 * that forwards every request, unless the current `tamper` answers it differently (an HTML login
 * page, a null in a list, a truncated body, endless pages, a socket that never answers, a wrong
 * content type...). Loopback only; it never forwards anywhere but the simulator it was given.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { workspace, type Workspace } from '../cli/harness.js';

/** A request as the proxy received it. */
export interface ProxiedRequest {
  method: string;
  /** Path without the query, as sent (e.g. `/api/Team`). */
  path: string;
  query: URLSearchParams;
  body: Buffer;
}

/** The simulator's answer to a forwarded request. */
export interface Upstream {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json(): unknown;
}

/** What the proxy sends instead. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

/**
 * Decides the answer to one request: a Reply, `'hang'` (accept and never answer), `'garbage'`
 * (bytes that are not HTTP, then close), or undefined to pass the simulator's answer through.
 * `forward()` sends the request on to the simulator.
 */
export type Tamper = (req: ProxiedRequest, forward: () => Promise<Upstream>) => Promise<Decision> | Decision;
type Decision = Reply | 'hang' | 'garbage' | undefined;

/** A running proxy. */
export interface HostileProxy {
  url: string;
  /** Every request the proxy received, in order. */
  seen: ProxiedRequest[];
  /** The current tamper (default: pass everything through). */
  tamper: Tamper;
  close(): Promise<void>;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forwardTo(target: URL, req: IncomingMessage, body: Buffer): Promise<Upstream> {
  const headers: Record<string, string> = {};
  for (const h of ['authorization', 'content-type', 'accept']) {
    const v = req.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  return new Promise((resolve, reject) => {
    const out = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...headers, 'content-length': String(body.length) } },
      (res) => {
        void readAll(res).then((data) => {
          const resHeaders: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') resHeaders[k] = v;
          resolve({
            status: res.statusCode ?? 502,
            headers: resHeaders,
            body: data,
            json: () => {
              try {
                return JSON.parse(data.toString('utf8')) as unknown;
              } catch {
                return undefined;
              }
            },
          });
        }, reject);
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length), ...reply.headers });
  res.end(body);
}

/** Starts a proxy to `simulatorUrl` (must be a loopback URL) on a free loopback port. */
export async function startHostileProxy(simulatorUrl: string): Promise<HostileProxy> {
  const target = new URL(simulatorUrl);
  if (target.hostname !== '127.0.0.1') throw new Error(`the hostile proxy only forwards to 127.0.0.1, not ${target.hostname}`);
  const seen: ProxiedRequest[] = [];
  const proxy: HostileProxy = { url: '', seen, tamper: () => undefined, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const url = new URL(req.url ?? '/', 'http://proxy');
      const seenReq: ProxiedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body };
      seen.push(seenReq);
      const forward = () => forwardTo(target, req, body);
      try {
        const decided = await proxy.tamper(seenReq, forward);
        if (decided === 'hang') return;
        if (decided === 'garbage') return void res.socket?.end('220 mail.hostile.invalid ESMTP ready\r\n\r\n');
        if (decided !== undefined) return send(res, decided);
        const up = await forward();
        send(res, { status: up.status, headers: { 'content-type': up.headers['content-type'] ?? 'application/json' }, body: up.body });
      } catch (e) {
        send(res, { status: 502, body: JSON.stringify({ Message: `hostile proxy: ${(e as Error).message}` }) });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return proxy;
}

/** A CLI workspace whose commands reach the simulator through a hostile proxy. Close both (proxy first). */
export async function proxiedWorkspace(): Promise<{ ws: Workspace; proxy: HostileProxy }> {
  const ws = await workspace();
  const proxy = await startHostileProxy(ws.sim.url);
  ws.env.HALO_URL = proxy.url;
  ws.env.HALO_AUTH_URL = `${proxy.url}/auth`;
  return { ws, proxy };
}
