/**
 * The retry loop around one logical request: rate budget, bearer token, renewal once on 401,
 * backoff with jitter on 429/5xx/network errors, Retry-After, counters and events. Everything
 * that leaves this module as text has been through the redactor.
 *
 * Write safety (halo-api.md §6 drop-after-commit): a POST or DELETE that got no answer may have
 * been applied, so it is never repeated blindly; it fails with `writeMayHaveApplied` and the
 * engine re-reads by natural key. Writes are repeated only on 429 and 503, which Halo sends
 * before doing anything, and on connection failures where nothing was sent.
 */
import type { Dispatcher } from 'undici';
import { backoffDelay, parseRetryAfter, rateLimitDelay } from './backoff.js';
import type { BudgetSlot, RollingBudget } from './budget.js';
import { HaloApiError } from './errors.js';
import { parseHaloMessage } from './halo-message.js';
import { rateLimitHeaders } from './probe.js';
import type { SecretRedactor } from './redact.js';
import type { ClientRuntime } from './runtime.js';
import { NetworkFailure, send, type HttpRequest, type HttpResponse } from './transport.js';
import type { ClientEvent, ClientStats, RetryOptions } from './types.js';

/** Supplies bearer tokens; `invalidate` drops the given token if it is still the cached one. */
export interface TokenProvider {
  authorization(): Promise<string>;
  invalidate(authorization: string): void;
}

/** Which counters and protections a request gets. */
export type ExchangeTarget = 'api' | 'token' | 'discovery';

/** One logical request. */
export interface ExchangeSpec {
  target: ExchangeTarget;
  method: HttpRequest['method'];
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Bearer tokens for the resource server; absent for anonymous requests. */
  auth?: TokenProvider;
  /** Retries allowed for this request (default: the client's maxRetries). */
  maxRetries?: number;
}

/** Shared state of one client. */
export interface ExchangeContext {
  dispatcher: Dispatcher;
  runtime: ClientRuntime;
  redactor: SecretRedactor;
  retry: RetryOptions;
  timeoutMs: number;
  stats: ClientStats;
  budget?: RollingBudget;
  /** Whether token requests spend the budget (see budget.ts). */
  tokenUsesBudget: boolean;
  emit(e: ClientEvent): void;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function isWrite(method: string): boolean {
  return method !== 'GET';
}

/** Whether a status may be retried for this method (see the module comment). */
/**
 * Whether repeating the request can do harm: an API write may have been applied. A token request
 * is a POST but changes nothing in Halo (a second token is just another token), so it is
 * repeated like a read, on 5xx and network errors too.
 */
function idempotent(spec: ExchangeSpec): boolean {
  return !isWrite(spec.method) || spec.target !== 'api';
}

function retryableStatus(spec: ExchangeSpec, status: number): boolean {
  if (status === 429 || status === 503) return true;
  return idempotent(spec) && status >= 500 && status !== 501;
}

/** The path of a URL without its query (query strings never go into errors or events). */
function pathOf(url: string): string {
  return new URL(url).pathname;
}

/** Runs one logical request to completion: a 2xx response, or a HaloApiError. */
export async function exchange(ctx: ExchangeContext, spec: ExchangeSpec): Promise<HttpResponse> {
  const path = pathOf(spec.url);
  const maxRetries = spec.maxRetries ?? ctx.retry.maxRetries;
  // An explicit per-request limit (e.g. 0: no retries) also bounds 429 retries.
  const rateLimitRetries = spec.maxRetries ?? ctx.retry.rateLimitRetries;
  let retries = 0;
  let renewed = false;
  let attempts = 0;

  const fail = (init: Omit<ConstructorParameters<typeof HaloApiError>[0], 'method' | 'path' | 'attempts'>) =>
    new HaloApiError({ ...init, haloMessage: ctx.redactor.redact(init.haloMessage), method: spec.method, path, attempts });

  const retryAfter = async (delayMs: number, reason: string): Promise<void> => {
    retries += 1;
    ctx.stats.retries += 1;
    ctx.emit({ type: 'retry', method: spec.method, path, attempt: retries, delayMs, reason: ctx.redactor.redact(reason) });
    await ctx.runtime.sleep(delayMs);
  };

  for (;;) {
    const slot = await spendBudget(ctx, spec.target);
    // The token after the budget wait, so a long wait cannot outlive it.
    let authorization: string | undefined;
    try {
      authorization = spec.auth !== undefined ? await spec.auth.authorization() : undefined;
    } catch (e) {
      if (slot !== undefined) ctx.budget?.release(slot);
      throw e;
    }
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    if (authorization !== undefined) headers.authorization = authorization;
    count(ctx.stats, spec);
    attempts += 1;
    const started = ctx.runtime.now();
    let res: HttpResponse;
    try {
      res = await send(ctx.dispatcher, { method: spec.method, url: spec.url, headers, body: spec.body, timeoutMs: ctx.timeoutMs });
    } catch (e) {
      if (slot !== undefined) ctx.budget?.release(slot);
      if (!(e instanceof NetworkFailure)) throw redactedInternal(e, ctx.redactor);
      ctx.emit({ type: 'request', method: spec.method, path, status: 0, ms: ctx.runtime.now() - started });
      const safeToRepeat = idempotent(spec) || e.notSent;
      if (safeToRepeat && retries < maxRetries) {
        await retryAfter(backoffDelay(retries + 1, ctx.retry, ctx.runtime.random), e.reason);
        continue;
      }
      throw fail({
        kind: 'network',
        status: 0,
        haloMessage: e.reason,
        retryable: true,
        writeMayHaveApplied: !idempotent(spec) && !e.notSent,
      });
    }
    if (slot !== undefined) ctx.budget?.release(slot);
    const rateLimit = rateLimitHeaders(res.headers);
    ctx.emit({ type: 'request', method: spec.method, path, status: res.status, ms: ctx.runtime.now() - started, ...(Object.keys(rateLimit).length > 0 ? { rateLimit } : {}) });
    if (res.status === 429) ctx.stats.status429 += 1;
    if (res.status >= 200 && res.status < 300) return res;

    if (res.status === 401 && authorization !== undefined && spec.auth !== undefined && !renewed) {
      // An expired or revoked token: renew once and repeat; a second 401 is real.
      renewed = true;
      spec.auth.invalidate(authorization);
      continue;
    }
    const limited = res.status === 429;
    if (retryableStatus(spec, res.status) && retries < (limited ? rateLimitRetries : maxRetries)) {
      const hinted = parseRetryAfter(res.headers['retry-after'], ctx.runtime.now());
      const schedule = limited ? rateLimitDelay : backoffDelay;
      await retryAfter(hinted ?? schedule(retries + 1, ctx.retry, ctx.runtime.random), String(res.status));
      continue;
    }
    throw fail({
      kind: 'http',
      status: res.status,
      haloMessage: parseHaloMessage(res.body, REASONS[res.status] ?? `HTTP ${res.status}`),
      retryable: res.status === 429 || res.status >= 500,
    });
  }
}

/**
 * An unexpected failure inside undici (a bug, a mock that did not match) is rethrown as an
 * internal error, but re-created from a redacted message: some of them quote request headers.
 */
function redactedInternal(e: unknown, redactor: SecretRedactor): Error {
  const err = new Error(redactor.redact(e instanceof Error ? e.message : String(e)));
  err.name = e instanceof Error ? e.name : 'Error';
  return err;
}

async function spendBudget(ctx: ExchangeContext, target: ExchangeTarget): Promise<BudgetSlot | undefined> {
  if (ctx.budget === undefined) return undefined;
  if (target === 'token' && !ctx.tokenUsesBudget) return undefined;
  return ctx.budget.acquire((ms) => {
    ctx.stats.rateLimitWaitMs += ms;
    ctx.emit({ type: 'rate-wait', ms });
  });
}

function count(stats: ClientStats, spec: ExchangeSpec): void {
  if (spec.target === 'token') {
    stats.tokenRequests += 1;
    return;
  }
  stats.requests += 1;
  if (isWrite(spec.method)) stats.writes += 1;
  else stats.reads += 1;
}
