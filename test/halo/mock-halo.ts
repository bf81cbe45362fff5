/**
 * Test fixture: a scripted Halo on an undici MockAgent, plus a fake clock. Replies are consumed
 * in registration order; `always` handlers answer every matching request.
 */
import { MockAgent } from 'undici';
import { expect } from 'vitest';
import { HaloApiError } from '../../src/halo/errors.js';
import type { ClientRuntime } from '../../src/halo/runtime.js';
import type { ClientEvent, HaloClientOptions } from '../../src/halo/types.js';

export const ORIGIN = 'https://acme.halopsa.com';
export const CLIENT_ID = 'client-id-1234';
export const CLIENT_SECRET = 's3cr3t-CLIENT-value-9f8e7d';
/** Tokens issued by the fake contain this marker so a test can grep for any of them. */
export const TOKEN_MARKER = 'tok3n-SECRET';

/** One scripted answer. */
export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A request as the fake saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
}

type PathMatch = string | ((path: string) => boolean);

function matcher(m: PathMatch): (p: string) => boolean {
  if (typeof m === 'function') return m;
  const want = m.toLowerCase();
  return (p) => (p.split('?')[0] ?? '').toLowerCase() === want;
}

function encode(body: unknown): string {
  return body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
}

function headersOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw !== null && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k.toLowerCase()] = String(v);
  }
  return out;
}

/** An error shaped like the ones undici raises when the peer resets the connection. */
export function networkError(code = 'ECONNRESET'): Error {
  return Object.assign(new Error(`read ${code}`), { code });
}

/** A fake clock whose sleep advances time instantly and records the delay asked for. */
export function fakeRuntime(start = Date.UTC(2025, 0, 1)): ClientRuntime & { sleeps: number[]; advance(ms: number): void } {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    random: () => 0.5,
    sleeps,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** A scripted Halo at `origin` (and optionally other origins such as a separate auth server). */
export function mockHalo(origin = ORIGIN) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const seen: SeenRequest[] = [];
  const events: ClientEvent[] = [];
  let tokenCount = 0;

  const record = (opts: { method: string; path: string; headers?: unknown; body?: unknown }): void => {
    const [path = '', qs = ''] = opts.path.split('?');
    seen.push({
      method: opts.method,
      path,
      query: new URLSearchParams(qs),
      headers: headersOf(opts.headers),
      body: typeof opts.body === 'string' ? opts.body : '',
    });
  };

  const api = {
    agent,
    seen,
    events,
    /** One-off replies (or network errors) for `method path`, used in order. */
    reply(method: string, path: PathMatch, ...replies: (FakeReply | Error)[]) {
      for (const r of replies) {
        const scope = agent.get(originOf(path, origin)).intercept({ method, path: matcher(pathOf(path)) });
        if (r instanceof Error) {
          scope.replyWithError(r);
        } else {
          scope.reply((opts) => {
            record(opts as never);
            return { statusCode: r.status, data: encode(r.body), responseOptions: { headers: { 'content-type': 'application/json', ...r.headers } } };
          });
        }
      }
      return api;
    },
    /** A handler answering every matching request. */
    always(method: string, path: PathMatch, fn: (req: SeenRequest) => FakeReply, at = origin) {
      agent
        .get(at)
        .intercept({ method, path: matcher(path) })
        .reply((opts) => {
          record(opts as never);
          const r = fn(seen[seen.length - 1] as SeenRequest);
          return { statusCode: r.status, data: encode(r.body), responseOptions: { headers: { 'content-type': 'application/json', ...r.headers } } };
        })
        .persist();
      return api;
    },
    /** A token endpoint issuing distinct tokens; default path /auth/token. */
    tokens(opts: { path?: string; at?: string; expiresIn?: number } = {}) {
      return api.always(
        'POST',
        opts.path ?? '/auth/token',
        () => {
          tokenCount += 1;
          return { status: 200, body: { access_token: `${TOKEN_MARKER}-${tokenCount}-xyz`, token_type: 'Bearer', expires_in: opts.expiresIn ?? 3600, scope: 'all' } };
        },
        opts.at ?? origin,
      );
    },
    /** Client options pointing at the fake, with an explicit auth URL unless overridden. */
    options(extra: Partial<HaloClientOptions> = {}): HaloClientOptions {
      return {
        url: origin,
        authUrl: `${origin}/auth`,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        dispatcher: agent,
        retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 4 },
        onEvent: (e) => events.push(e),
        ...extra,
      };
    },
    /** Requests to `path` (case-insensitive, no query). */
    to(method: string, path: string): SeenRequest[] {
      return seen.filter((r) => r.method === method && r.path.toLowerCase() === path.toLowerCase());
    },
  };
  return api;
}

/** Paths may be given as full URLs for other origins. */
function originOf(path: PathMatch, fallback: string): string {
  return typeof path === 'string' && /^https?:\/\//.test(path) ? new URL(path).origin : fallback;
}

function pathOf(path: PathMatch): PathMatch {
  return typeof path === 'string' && /^https?:\/\//.test(path) ? new URL(path).pathname : path;
}

/** Every text a client exposed in a test, for secret grepping. */
export function exposedTexts(errors: unknown[], events: ClientEvent[]): string[] {
  const out: string[] = [];
  for (const e of errors) {
    out.push(String(e), JSON.stringify(e));
    if (e instanceof Error) out.push(e.message, e.stack ?? '');
  }
  for (const ev of events) out.push(JSON.stringify(ev));
  return out;
}


/** The HaloApiError `p` rejects with (fails the test when it resolves or rejects with anything else). */
export async function failure(p: Promise<unknown>): Promise<HaloApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(HaloApiError);
  return e as HaloApiError;
}
