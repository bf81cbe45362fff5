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

/** Error codes meaning the connection was never established: nothing reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Error codes of a broken exchange: the request may or may not have been processed. */
const BROKEN_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_ABORTED',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

/** A request that got no usable response. */
export class NetworkFailure extends Error {
  constructor(
    /** Short reason, e.g. `ECONNRESET` or `timeout after 60000 ms`. */
    readonly reason: string,
    /** True when the request certainly never reached the server, so any method may be retried. */
    readonly notSent: boolean,
  ) {
    super(reason);
    this.name = 'NetworkFailure';
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
    return new NetworkFailure(`timeout after ${timeoutMs} ms`, false);
  }
  const code = errorCode(e);
  if (code !== undefined && NOT_SENT_CODES.has(code)) return new NetworkFailure(code, true);
  if (code !== undefined && BROKEN_CODES.has(code)) return new NetworkFailure(code, false);
  const message = e instanceof Error ? e.message : '';
  if (/socket|other side closed|connection.*(reset|closed)/i.test(message)) {
    return new NetworkFailure('socket closed', false);
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
