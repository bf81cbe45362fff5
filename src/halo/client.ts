/**
 * createHaloClient: the one HaloWriter of a run (design.md §5). It composes the pieces in this
 * folder: URL rules (endpoint.ts), tokens (auth.ts), the retry loop (exchange.ts), the budget
 * (budget.ts), response validation (response-shapes.ts) and paging (pagination.ts).
 *
 * A tenant that once answered with something that is not Halo's shape is not trusted again: the
 * first protocol error halts the client, and every later call (read or write) fails with that same
 * error without sending anything. So an apply never writes after a malformed answer, and the
 * run ends on one line naming the first cause, wherever the engine meets it.
 */
import { formatDuration } from '../duration.js';
import { DEFAULT_BUDGET, RollingBudget, TOKEN_REQUESTS_USE_BUDGET, type RequestBudget } from './budget.js';
import { budgetFile, SharedBudget } from './shared-budget.js';
import { retryOptions } from './backoff.js';
import { TokenSource } from './auth.js';
import { assertTransportAllowed, canonicalBaseUrl, canonicalPath, isLoopbackHost, normaliseBaseUrl } from './endpoint.js';
import { HaloApiError } from './errors.js';
import { exchange, type ExchangeContext } from './exchange.js';
import { SecretRedactor } from './redact.js';
import { MAX_PAGES, readPages } from './pagination.js';
import { deletedRecord, jsonBody, listPage, savedRecords, ShapeError, singleRecord, singleton } from './response-shapes.js';
import { realRuntime, type ClientRuntime } from './runtime.js';
import { defaultDispatcher, type HttpResponse } from './transport.js';
import type { BudgetOptions, ClientStats, HaloClientOptions, HaloPath, HaloRecord, HaloWriter, ListOptions, Query } from './types.js';

const DEFAULT_TIMEOUT_MS = 30_000;
/** A shared-budget reservation outlives the request's timeout by this much (the response still arrives). */
const RESERVE_MARGIN_MS = 1_000;

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
  const baseUrl = canonicalBaseUrl(options.url);
  const budgetOptions =
    options.budget === false ? undefined : (options.budget ?? (isLoopbackHost(base.hostname) ? undefined : DEFAULT_BUDGET));
  const stats = emptyStats();
  const redactor = new SecretRedactor();
  const onEvent = options.onEvent;

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // One window per tenant across processes when a state directory is given, else this process's own.
  const requestBudget = (b: BudgetOptions): RequestBudget =>
    options.budgetStateDir !== undefined
      ? new SharedBudget(b, budgetFile(options.budgetStateDir, baseUrl, options.tenant), runtime, timeoutMs + RESERVE_MARGIN_MS, (message) =>
          onEvent?.({ type: 'warning', message }),
        )
      : new RollingBudget(b, runtime);
  const ctx: ExchangeContext = {
    dispatcher: options.dispatcher ?? defaultDispatcher(),
    runtime,
    redactor,
    retry: retryOptions(options.retry),
    timeoutMs,
    stats,
    budget: budgetOptions !== undefined ? requestBudget(budgetOptions) : undefined,
    ...(budgetOptions !== undefined ? { budgetLimit: budgetOptions } : {}),
    ...(options.deadlineMs !== undefined
      ? { deadline: { at: runtime.now() + options.deadlineMs, label: options.deadlineLabel ?? `--deadline ${formatDuration(options.deadlineMs)}` } }
      : {}),
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

  const maxPages = options.maxPages ?? MAX_PAGES;
  let halted: HaloApiError | undefined;

  const call = (method: 'GET' | 'POST' | 'DELETE', target: string, body?: unknown): Promise<HttpResponse> => {
    if (halted !== undefined) return Promise.reject(halted);
    return exchange(ctx, {
      target: 'api',
      method,
      url: target,
      auth: tokens,
      headers: body !== undefined ? { 'content-type': 'application/json' } : undefined,
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  };

  /** The protocol error for `e`, which halts the client (the first one stays the one reported). */
  function halt(method: string, target: string, status: number, e: ShapeError): HaloApiError {
    halted ??= new HaloApiError({ kind: 'protocol', status, method, path: new URL(target).pathname, haloMessage: redactor.redact(e.what) });
    return halted;
  }

  /** Runs `read` on a response; a ShapeError halts the client. */
  function checked<T>(method: string, target: string, status: number, read: () => T): T {
    try {
      return read();
    } catch (e) {
      throw e instanceof ShapeError ? halt(method, target, status, e) : e;
    }
  }

  async function get<T>(target: string, read: (body: unknown) => T): Promise<T> {
    const res = await call('GET', target);
    return checked('GET', target, res.status, () => read(jsonBody(res)));
  }

  async function listAll(path: string, query: Query | undefined, pageSize: number | undefined): Promise<HaloRecord[]> {
    const route = canonicalPath(path);
    if (pageSize === undefined) return get(url(path, '', query), (body) => listPage(body, route).items);
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`page size of /api/${route} must be a positive integer, not ${pageSize}`);
    try {
      return await readPages(
        (pageNo) => get(url(path, '', { ...query, pageinate: true, page_size: pageSize, page_no: pageNo }), (body) => listPage(body, route, pageNo)),
        pageSize,
        maxPages,
      );
    } catch (e) {
      // A verdict on the page sequence (repeats, no end) is about the list, not one page.
      throw e instanceof ShapeError ? halt('GET', url(path), 200, e) : e;
    }
  }

  const client: HaloWriter = {
    stats,
    ...(budgetOptions !== undefined ? { budget: budgetOptions } : {}),
    async list<T = HaloRecord>(path: HaloPath, query?: Query, opts?: ListOptions): Promise<T[]> {
      return (await listAll(path, query, opts?.pageSize)) as T[];
    },
    async get<T = HaloRecord>(path: HaloPath, id: string | number, query?: Query): Promise<T> {
      return (await get(url(path, `/${encodeURIComponent(String(id))}`, query), (body) => singleRecord(body, id))) as T;
    },
    async getSingleton<T = HaloRecord>(path: HaloPath): Promise<T> {
      return (await get(url(path), singleton)) as T;
    },
    async me(): Promise<HaloRecord> {
      return get(url('Agent', '/me'), (body) => singleRecord(body));
    },
    async probe(path: HaloPath, query?: Query) {
      const res = await call('GET', url(path, '', query));
      return { status: res.status, body: res.body };
    },
    async upsert<T = HaloRecord>(path: HaloPath, items: HaloRecord[]): Promise<T[]> {
      const target = url(path);
      const res = await call('POST', target, items);
      return checked('POST', target, res.status, () => savedRecords(jsonBody(res))) as T[];
    },
    async remove(path: HaloPath, id: string | number): Promise<HaloRecord> {
      const target = url(path, `/${encodeURIComponent(String(id))}`);
      const res = await call('DELETE', target);
      return checked('DELETE', target, res.status, () => deletedRecord(jsonBody(res), id));
    },
  };
  return client;
}
