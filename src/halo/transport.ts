/**
 * One HTTP exchange over undici, nothing more: no retries, no auth. Network-level failures are
 * turned into a NetworkFailure that says whether the request can have reached the server,
 * because that decides whether a write may be retried (drop-after-commit, halo-api.md §6).
 */
import { Agent, request, type Dispatcher } from 'undici';

/** A completed HTTP exchange; `body` is parsed JSON when it parses, else the raw text. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
  text: string;
  /** True when the text parsed as JSON (so a string `body` is a JSON string, not raw text). */
  json: boolean;
}

/** What to send. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/**
 * What kind of network failure it was; the retry policy differs (exchange.ts):
 * - `dns`: the host name does not resolve (nothing was sent; retrying will not help);
 * - `refused`: nothing listens there (nothing was sent; retried briefly: a simulator may be starting);
 * - `connect`: the connection could not be made otherwise (unreachable, connect timeout; nothing sent);
 * - `timeout`: no complete answer within the attempt's time (the request may have been processed);
 * - `broken`: the connection broke mid-exchange (the request may have been processed);
 * - `garbled`: the answer is not HTTP at all (something else listens there, or a proxy mangles it).
 */
export type FailureCategory = 'dns' | 'refused' | 'connect' | 'timeout' | 'broken' | 'garbled';

const CATEGORY_OF_CODE: Record<string, FailureCategory> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  EAI_FAIL: 'dns',
  ECONNREFUSED: 'refused',
  UND_ERR_CONNECT_TIMEOUT: 'connect',
  EHOSTUNREACH: 'connect',
  ENETUNREACH: 'connect',
  EADDRNOTAVAIL: 'connect',
  ECONNRESET: 'broken',
  EPIPE: 'broken',
  ETIMEDOUT: 'broken',
  UND_ERR_SOCKET: 'broken',
  UND_ERR_CLOSED: 'broken',
  UND_ERR_HEADERS_TIMEOUT: 'broken',
  UND_ERR_BODY_TIMEOUT: 'broken',
  UND_ERR_ABORTED: 'broken',
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: 'broken',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'broken',
};

/** A request that got no usable response. */
export class NetworkFailure extends Error {
  constructor(
    /** Short reason, e.g. `ECONNRESET` or `timeout after 30000 ms`. */
    readonly reason: string,
    readonly category: FailureCategory,
  ) {
    super(reason);
    this.name = 'NetworkFailure';
  }

  /** True when the request certainly never reached the server, so any method may be retried. */
  get notSent(): boolean {
    return this.category === 'dns' || this.category === 'refused' || this.category === 'connect';
  }
}

let sharedAgent: Agent | undefined;

/** The process-wide keep-alive agent used when no dispatcher is injected. */
export function defaultDispatcher(): Dispatcher {
  sharedAgent ??= new Agent({ keepAliveTimeout: 10_000, connections: 16 });
  return sharedAgent;
}

function errorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (e as { cause?: unknown }).cause;
  return cause !== undefined && cause !== e ? errorCode(cause) : undefined;
}

function errorName(e: unknown): string | undefined {
  return e instanceof Error || (typeof e === 'object' && e !== null && 'name' in e)
    ? String((e as { name: unknown }).name)
    : undefined;
}

/** Classifies a thrown value; returns undefined when it is not a network failure (a bug, a mock miss). */
export function classifyNetworkError(e: unknown, timeoutMs: number): NetworkFailure | undefined {
  const name = errorName(e);
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new NetworkFailure(`timeout after ${timeoutMs} ms`, 'timeout');
  }
  if (name === 'HTTPParserError') {
    const message = e instanceof Error ? e.message : String(e);
    return new NetworkFailure(message, 'garbled');
  }
  const code = errorCode(e);
  const category = code !== undefined ? CATEGORY_OF_CODE[code] : undefined;
  if (code !== undefined && category !== undefined) return new NetworkFailure(code, category);
  const message = e instanceof Error ? e.message : '';
  if (/socket|other side closed|connection.*(reset|closed)/i.test(message)) {
    return new NetworkFailure('socket closed', 'broken');
  }
  return undefined;
}

function parseBody(text: string): { body: unknown; json: boolean } {
  if (text.trim() === '') return { body: undefined, json: false };
  try {
    return { body: JSON.parse(text) as unknown, json: true };
  } catch {
    return { body: text, json: false };
  }
}

function flattenHeaders(h: Dispatcher.ResponseData['headers']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Sends one request; throws NetworkFailure for network-level failures, rethrows anything else. */
export async function send(dispatcher: Dispatcher, req: HttpRequest): Promise<HttpResponse> {
  try {
    const res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      dispatcher,
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: flattenHeaders(res.headers), ...parseBody(text), text };
  } catch (e) {
    const failure = classifyNetworkError(e, req.timeoutMs);
    if (failure !== undefined) throw failure;
    throw e;
  }
}
