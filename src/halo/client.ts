/**
 * createHaloClient: the one HaloWriter of a run (design.md §5). It composes the pieces in this
 * folder: URL rules (endpoint.ts), tokens (auth.ts), the retry loop (exchange.ts), the budget
 * (budget.ts) and response unwrapping (response-shapes.ts).
 */
import { DEFAULT_BUDGET, RollingBudget, TOKEN_REQUESTS_USE_BUDGET } from './budget.js';
import { retryOptions } from './backoff.js';
import { TokenSource } from './auth.js';
import { assertTransportAllowed, canonicalPath, isLoopbackHost, normaliseBaseUrl } from './endpoint.js';
import { HaloApiError } from './errors.js';
import { exchange, type ExchangeContext } from './exchange.js';
import { SecretRedactor } from './redact.js';
import { toRecordArray, unwrapList, unwrapSingleton } from './response-shapes.js';
import { realRuntime, type ClientRuntime } from './runtime.js';
import { defaultDispatcher, type HttpResponse } from './transport.js';
import type { ClientStats, HaloClientOptions, HaloPath, HaloRecord, HaloWriter, ListOptions, Query } from './types.js';

/** Halo silently caps pages at 100 (halo-api.md §4.2), so we ask for exactly that. */
export const PAGE_SIZE = 100;
/** Guard against a server that never returns an empty page. */
const MAX_PAGES = 10_000;
const DEFAULT_TIMEOUT_MS = 60_000;

function isRecord(v: unknown): v is HaloRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined) params.set(k, String(v));
  }
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}

function emptyStats(): ClientStats {
  return { requests: 0, reads: 0, writes: 0, tokenRequests: 0, retries: 0, status429: 0, rateLimitWaitMs: 0 };
}

/**
 * Creates the client. Throws a UserError for an unusable URL or for http:// to a non-loopback
 * host without `insecure`. Nothing is sent until the first call. `runtime` replaces the clock
 * in tests.
 */
export function createHaloClient(options: HaloClientOptions, runtime: ClientRuntime = realRuntime): HaloWriter {
  const insecure = options.insecure ?? false;
  const base = assertTransportAllowed(normaliseBaseUrl(options.url), 'Halo URL', insecure);
  const baseUrl = normaliseBaseUrl(base.href);
  const budgetOptions =
    options.budget === false ? undefined : (options.budget ?? (isLoopbackHost(base.hostname) ? undefined : DEFAULT_BUDGET));
  const stats = emptyStats();
  const redactor = new SecretRedactor();
  const onEvent = options.onEvent;

  const ctx: ExchangeContext = {
    dispatcher: options.dispatcher ?? defaultDispatcher(),
    runtime,
    redactor,
    retry: retryOptions(options.retry),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    stats,
    budget: budgetOptions !== undefined ? new RollingBudget(budgetOptions, runtime) : undefined,
    tokenUsesBudget: TOKEN_REQUESTS_USE_BUDGET,
    emit: (e) => onEvent?.(e),
  };
  const tokens = new TokenSource(
    {
      baseUrl,
      authUrl: options.authUrl !== undefined ? options.authUrl.replace(/\/+$/, '') : undefined,
      tenant: options.tenant !== undefined && options.tenant !== '' ? options.tenant : undefined,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      scope: options.scope ?? 'all',
      insecure,
    },
    ctx,
  );

  const url = (path: string, suffix = '', query?: Query): string =>
    `${baseUrl}/api/${canonicalPath(path)}${suffix}${queryString(query)}`;

  const call = (method: 'GET' | 'POST' | 'DELETE', target: string, body?: unknown): Promise<HttpResponse> =>
    exchange(ctx, {
      target: 'api',
      method,
      url: target,
      auth: tokens,
      headers: body !== undefined ? { 'content-type': 'application/json' } : undefined,
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });

  const protocolError = (method: string, target: string, res: HttpResponse, what: string): HaloApiError =>
    new HaloApiError({ kind: 'protocol', status: res.status, method, path: new URL(target).pathname, haloMessage: what });

  const record = (method: string, target: string, res: HttpResponse): HaloRecord => {
    if (!isRecord(res.body)) throw protocolError(method, target, res, 'expected a JSON object');
    return res.body;
  };

  async function listAll(path: string, query: Query | undefined, paginate: boolean): Promise<unknown[]> {
    if (!paginate) {
      const target = url(path, '', query);
      const res = await call('GET', target);
      const page = unwrapList(res.body, canonicalPath(path));
      if (typeof page === 'string') throw protocolError('GET', target, res, page);
      return page.items;
    }
    const all: unknown[] = [];
    for (let pageNo = 1; pageNo <= MAX_PAGES; pageNo += 1) {
      const target = url(path, '', { ...query, pageinate: true, page_size: PAGE_SIZE, page_no: pageNo });
      const res = await call('GET', target);
      const page = unwrapList(res.body, canonicalPath(path));
      if (typeof page === 'string') throw protocolError('GET', target, res, page);
      all.push(...page.items);
      // Stop on the real page content, never on page_size arithmetic (HaloAPI #90).
      if (page.items.length === 0 || Array.isArray(res.body)) return all;
      if (page.recordCount !== undefined && all.length >= page.recordCount) return all;
    }
    throw new HaloApiError({
      kind: 'protocol',
      status: 200,
      method: 'GET',
      path: `/api/${canonicalPath(path)}`,
      haloMessage: `pagination did not end after ${MAX_PAGES} pages`,
    });
  }

  const client: HaloWriter = {
    stats,
    async list<T = HaloRecord>(path: HaloPath, query?: Query, opts?: ListOptions): Promise<T[]> {
      return (await listAll(path, query, opts?.paginate ?? false)) as T[];
    },
    async get<T = HaloRecord>(path: HaloPath, id: string | number, query?: Query): Promise<T> {
      const target = url(path, `/${encodeURIComponent(String(id))}`, query);
      return record('GET', target, await call('GET', target)) as T;
    },
    async getSingleton<T = HaloRecord>(path: HaloPath): Promise<T> {
      const target = url(path);
      const res = await call('GET', target);
      const body = unwrapSingleton(res.body);
      if (!isRecord(body)) throw protocolError('GET', target, res, 'expected a JSON object');
      return body as T;
    },
    async me(): Promise<HaloRecord> {
      const target = url('Agent', '/me');
      return record('GET', target, await call('GET', target));
    },
    async probe(path: HaloPath, query?: Query) {
      const res = await call('GET', url(path, '', query));
      return { status: res.status, body: res.body };
    },
    async upsert<T = HaloRecord>(path: HaloPath, items: HaloRecord[]): Promise<T[]> {
      const target = url(path);
      const res = await call('POST', target, items);
      const saved = toRecordArray(res.body);
      if (typeof saved === 'string') throw protocolError('POST', target, res, saved);
      return saved as T[];
    },
    async remove(path: HaloPath, id: string | number): Promise<HaloRecord> {
      const target = url(path, `/${encodeURIComponent(String(id))}`);
      const res = await call('DELETE', target);
      if (res.body === undefined) return { id };
      return record('DELETE', target, res);
    },
  };
  return client;
}
