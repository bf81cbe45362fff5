/**
 * HTTP transport: reads the request, adds latency, routes token requests to auth.ts and /api
 * requests through rate limit -> faults -> bearer check -> api.ts, persists after writes, and
 * logs one masked entry per request. Faults and the rate limit apply to /api only.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { handleApi } from './api.js';
import type { TokenService } from './auth.js';
import type { FaultInjector } from './faults.js';
import { HttpError, problem } from './http-error.js';
import type { KindContext } from './kinds/types.js';
import type { RequestLog, SimLogEntry } from './log.js';
import type { Random } from './prng.js';
import { QueryParams } from './query.js';
import type { RollingWindow } from './rate-limit.js';

/** Everything the request listener needs, built by index.ts. */
export interface ServerParts {
  ctx: KindContext;
  tokens: TokenService;
  log: RequestLog;
  faults: FaultInjector;
  limiter: RollingWindow | undefined;
  latencyMs: number;
  jitter: Random;
  tenant: string;
  /** Base URL of this server (no trailing slash), for /api/authinfo. */
  baseUrl(): string;
  /** Saves state after a write (no-op without --state). */
  persist(): void;
  now(): number;
  /** Test hook (SimulatorOptions.beforeRespond): awaited after logging, before answering. */
  beforeRespond?: (entry: SimLogEntry) => void | Promise<void>;
}

interface Outcome {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Destroy the socket instead of answering (drop-after-commit). */
  drop?: boolean;
  fault?: string;
}

const maxBody = 50 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) req.destroy(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function bodyForLog(raw: string, contentType: string): unknown {
  if (raw === '') return null;
  if (contentType.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function unauthorized(): HttpError {
  const e = problem(401, 'Unauthorized');
  return new HttpError(401, e.body, { 'www-authenticate': 'Bearer error="invalid_token"' });
}

function rateLimited(limiter: RollingWindow | undefined, fault?: string): Outcome {
  const text = limiter?.message() ?? 'Rate Limit Reached - 300 Requests per rolling 5 minute window';
  return { status: 429, body: text, fault };
}

async function apiOutcome(parts: ServerParts, req: IncomingMessage, segments: string[], url: URL, raw: string): Promise<Outcome> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (segments.length === 1 && segments[0]?.toLowerCase() === 'authinfo' && method === 'GET') {
    if (parts.limiter && !parts.limiter.tryTake(parts.now())) return rateLimited(parts.limiter, 'rate-limit');
    return { status: 200, body: { auth_url: `${parts.baseUrl()}/auth`, tenant_id: parts.tenant } };
  }
  if (parts.limiter && !parts.limiter.tryTake(parts.now())) return rateLimited(parts.limiter, 'rate-limit');
  const isWrite = method === 'POST' || method === 'DELETE';
  const fault = parts.faults.decide(isWrite);
  if (fault.unavailable) {
    return { status: 503, body: { type: 'https://tools.ietf.org/html/rfc7231#section-6.6.4', title: 'Service Unavailable', status: 503 }, fault: '5xx' };
  }
  if (fault.burst429) return rateLimited(parts.limiter, '429-burst');
  const grant = parts.tokens.verify(req.headers.authorization);
  if (!grant) throw unauthorized();
  const body = handleApi(
    {
      method,
      segments,
      query: new QueryParams(url.searchParams),
      body: raw,
      contentType: req.headers['content-type'] ?? '',
      grant,
    },
    parts.ctx,
  );
  if (isWrite) parts.persist();
  if (isWrite && fault.dropAfterCommit) return { status: 0, body: null, drop: true, fault: 'drop-after-commit' };
  return { status: 200, body };
}

async function outcomeFor(parts: ServerParts, req: IncomingMessage, url: URL, raw: string): Promise<Outcome> {
  const segments = url.pathname.split('/').filter(Boolean);
  const first = segments[0]?.toLowerCase();
  const method = (req.method ?? 'GET').toUpperCase();
  const isTokenPath =
    (segments.length === 1 && first === 'token') || (segments.length === 2 && first === 'auth' && segments[1]?.toLowerCase() === 'token');
  if (isTokenPath) {
    if (method !== 'POST') throw problem(405, 'Method Not Allowed');
    const auth = req.headers.authorization;
    const basic = auth && /^Basic\s+/i.test(auth) ? auth.replace(/^Basic\s+/i, '') : undefined;
    const body = parts.tokens.issue(new URLSearchParams(raw), url.searchParams, req.headers['content-type'] ?? '', basic);
    return { status: 200, body };
  }
  if (first === 'api') return apiOutcome(parts, req, segments.slice(1), url, raw);
  throw problem(404, 'Not Found');
}

function send(res: ServerResponse, outcome: Outcome): void {
  const text = typeof outcome.body === 'string';
  const payload = text ? (outcome.body as string) : JSON.stringify(outcome.body ?? null);
  res.writeHead(outcome.status, {
    'content-type': text ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    ...outcome.headers,
  });
  res.end(payload);
}

/** The node:http request listener of the simulator. */
export function createListener(parts: ServerParts): RequestListener {
  return (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://simulator');
      const contentType = req.headers['content-type'] ?? '';
      let raw = '';
      let outcome: Outcome;
      try {
        raw = await readBody(req);
        if (parts.latencyMs > 0) {
          const delay = parts.latencyMs * (0.5 + parts.jitter());
          await new Promise((r) => setTimeout(r, delay));
        }
        outcome = await outcomeFor(parts, req, url, raw);
      } catch (e) {
        outcome =
          e instanceof HttpError
            ? { status: e.status, body: e.body, headers: e.headers }
            : { status: 500, body: { ClassName: 'System.Exception', Message: (e as Error)?.message ?? String(e) } };
      }
      const entry: SimLogEntry = {
        ts: new Date(parts.now()).toISOString(),
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        status: outcome.status,
        request: bodyForLog(raw, contentType),
        response: outcome.body ?? null,
        ...(outcome.fault ? { fault: outcome.fault } : {}),
      };
      parts.log.add(entry);
      if (parts.beforeRespond) await parts.beforeRespond(entry);
      if (outcome.drop) {
        req.socket.destroy();
        return;
      }
      send(res, outcome);
    })();
  };
}
