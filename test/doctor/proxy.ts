/**
 * A loopback HTTP proxy in front of the simulator, for what the simulator does not do by itself:
 * add response headers (rate-limit headers, which no source shows Halo sending), answer some
 * requests itself (a 429, a 403), or rewrite a body. Loopback only; every request is recorded.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

/** A canned answer. */
export interface Canned {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What the proxy changes. */
export interface ProxyRules {
  /** Headers added to every forwarded response; a function gets the number of the response. */
  headers?: (n: number) => Record<string, string>;
  /** Answers a request itself instead of forwarding it (n counts requests to the same method and path). */
  answer?: (method: string, path: string, n: number) => Canned | undefined;
  /** Rewrites a forwarded JSON body. */
  rewrite?: (method: string, path: string, body: unknown) => unknown;
}

/** A running proxy. */
export interface RunningProxy {
  url: string;
  /** `METHOD /path` of every request received, in order. */
  requests: string[];
  close(): Promise<void>;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Starts a proxy to `target` (the simulator's URL) on a free loopback port. */
export async function startProxy(target: string, rules: ProxyRules): Promise<RunningProxy> {
  const requests: string[] = [];
  const seen = new Map<string, number>();
  let responses = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const method = req.method ?? 'GET';
      const url = new URL(req.url ?? '/', 'http://proxy');
      const key = `${method} ${url.pathname}`;
      requests.push(key);
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      const body = await readAll(req);
      const extra = rules.headers?.(++responses) ?? {};
      const canned = rules.answer?.(method, url.pathname, n);
      if (canned) {
        res.writeHead(canned.status, { 'content-type': 'application/json', ...extra, ...canned.headers });
        res.end(JSON.stringify(canned.body));
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>;
      const upstream = await request(target + (req.url ?? '/'), { method: method as 'GET', headers, body: body.length > 0 ? body : undefined });
      let text = await upstream.body.text();
      if (rules.rewrite && text !== '') text = JSON.stringify(rules.rewrite(method, url.pathname, JSON.parse(text)));
      res.writeHead(upstream.statusCode, { 'content-type': String(upstream.headers['content-type'] ?? 'application/json'), ...extra });
      res.end(text);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
