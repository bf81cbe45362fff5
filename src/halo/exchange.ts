/**
 * The retry loop around one logical request: rate budget, bearer token, renewal once on 401,
 * backoff with jitter on 429/5xx/network errors, Retry-After, counters and events. Everything
 * that leaves this module as text has been through the redactor.
 *
 * Write safety (halo-api.md §6 drop-after-commit): a POST or DELETE that got no answer (a reset,
 * a timeout) may have been applied, so it is never repeated blindly; it fails with
 * `writeMayHaveApplied` and the engine re-reads by natural key. Writes are repeated only on 429
 * and 503, which Halo sends before doing anything, and on connection failures where nothing was sent.
 *
 * Network failures are judged by network-policy.ts. Every wait (budget, backoff, an answer) is
 * bounded by the run's deadline when one is set.
 */
import type { Dispatcher } from 'undici';
import { formatDuration } from '../duration.js';
import { backoffDelay, parseRetryAfter, rateLimitDelay } from './backoff.js';
import type { BudgetSlot, RequestBudget } from './budget.js';
import { withoutQuery } from './endpoint.js';
import { HaloApiError } from './errors.js';
import { parseHaloMessage } from './halo-message.js';
import { networkVerdict, type RetryCounts } from './network-policy.js';
import { rateLimitHeaders } from './probe.js';
import type { SecretRedactor } from './redact.js';
import type { ClientRuntime } from './runtime.js';
import { NetworkFailure, send, type HttpRequest, type HttpResponse } from './transport.js';
import type { BudgetOptions, ClientEvent, ClientStats, RetryOptions } from './types.js';

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
  /** The setting a user fixes when this URL does not resolve or connect (default `connection.url`). */
  setting?: string;
}

/** Shared state of one client. */
export interface ExchangeContext {
  dispatcher: Dispatcher;
  runtime: ClientRuntime;
  redactor: SecretRedactor;
  retry: RetryOptions;
  timeoutMs: number;
  stats: ClientStats;
  budget?: RequestBudget;
  /** The limit `budget` keeps, as the rate-wait events report it. */
  budgetLimit?: BudgetOptions;
  /** The run's deadline (--deadline): `at` in runtime ms, `label` as the user wrote it. */
  deadline?: { at: number; label: string };
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

/**
 * Whether repeating the request can do harm: an API write may have been applied. A token request
 * is a POST but changes nothing in Halo (a second token is just another token), so it is
 * repeated like a read, on 5xx and network errors too.
 */
function idempotent(spec: ExchangeSpec): boolean {
  return !isWrite(spec.method) || spec.target !== 'api';
}

/** Whether a status may be retried for this method (see the module comment). */
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
  const where = `${spec.method} ${path}`;
  const maxRetries = spec.maxRetries ?? ctx.retry.maxRetries;
  // An explicit per-request limit (e.g. 0: no retries) also bounds 429 retries.
  const rateLimitRetries = spec.maxRetries ?? ctx.retry.rateLimitRetries;
  const counts: RetryCounts = { general: 0, refused: 0, timeouts: 0, attempts: 0 };
  let retries = 0;
  let renewed = false;

  const fail = (init: Omit<ConstructorParameters<typeof HaloApiError>[0], 'method' | 'path' | 'attempts'>) =>
    new HaloApiError({
      ...init,
      haloMessage: ctx.redactor.redact(init.haloMessage),
      ...(init.message !== undefined ? { message: ctx.redactor.redact(init.message) } : {}),
      method: spec.method,
      path,
      attempts: counts.attempts,
    });

  /** The run's deadline passed (or would, before `ms` more): one error naming what we waited for. */
  const pastDeadline = (waitingFor: string, inFlight = false): HaloApiError => {
    const label = ctx.deadline?.label ?? '';
    return fail({
      kind: 'network',
      status: 0,
      haloMessage: `deadline ${label} reached`,
      message: `${where}: the run's deadline (${label}) passed while waiting for ${waitingFor}`,
      writeMayHaveApplied: inFlight && !idempotent(spec),
    });
  };

  const sleep = async (ms: number, waitingFor: string): Promise<void> => {
    if (ctx.deadline !== undefined && ctx.runtime.now() + ms > ctx.deadline.at) throw pastDeadline(waitingFor);
    await ctx.runtime.sleep(ms);
  };

  const retryAfter = async (delayMs: number, reason: string): Promise<void> => {
    retries += 1;
    ctx.stats.retries += 1;
    ctx.emit({ type: 'retry', method: spec.method, path, attempt: retries, delayMs, reason: ctx.redactor.redact(reason) });
    await sleep(delayMs, `${formatDuration(delayMs)} before retrying after ${ctx.redactor.redact(reason)}`);
  };

  for (;;) {
    const slot = await spendBudget(ctx, spec.target, (ms) => {
      if (ctx.deadline !== undefined && ctx.runtime.now() + ms > ctx.deadline.at) {
        throw pastDeadline(`a free slot in the rate budget (connection.rateLimit), ${formatDuration(ms)} away`);
      }
    });
    const release = () => (slot !== undefined ? ctx.budget?.release(slot) : undefined);
    // The token after the budget wait, so a long wait cannot outlive it.
    let authorization: string | undefined;
    try {
      authorization = spec.auth !== undefined ? await spec.auth.authorization() : undefined;
    } catch (e) {
      await release();
      throw e;
    }
    const remaining = ctx.deadline !== undefined ? ctx.deadline.at - ctx.runtime.now() : Infinity;
    if (remaining <= 0) {
      await release();
      throw pastDeadline('a chance to send the request');
    }
    const attemptMs = Math.min(ctx.timeoutMs, remaining);
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    if (authorization !== undefined) headers.authorization = authorization;
    count(ctx.stats, spec);
    counts.attempts += 1;
    const started = ctx.runtime.now();
    let res: HttpResponse;
    try {
      res = await send(ctx.dispatcher, { method: spec.method, url: spec.url, headers, body: spec.body, timeoutMs: attemptMs });
    } catch (e) {
      await release();
      if (!(e instanceof NetworkFailure)) throw redactedInternal(e, ctx.redactor);
      ctx.emit({ type: 'request', method: spec.method, path, status: 0, ms: ctx.runtime.now() - started });
      if (e.category === 'timeout' && attemptMs < ctx.timeoutMs) throw pastDeadline(`an answer to ${where}`, true);
      const verdict = networkVerdict(
        e,
        { where, url: spec.url, idempotent: idempotent(spec), setting: spec.setting ?? 'connection.url', maxRetries, timeoutMs: ctx.timeoutMs },
        counts,
        ctx.retry,
        ctx.runtime.random,
      );
      if (!verdict.retry) throw fail(verdict.error);
      counts[verdict.schedule] += 1;
      await retryAfter(verdict.delayMs, e.reason);
      continue;
    }
    await release();
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
    if (retryableStatus(spec, res.status) && counts.general < (limited ? rateLimitRetries : maxRetries)) {
      const hinted = parseRetryAfter(res.headers['retry-after'], ctx.runtime.now());
      const schedule = limited ? rateLimitDelay : backoffDelay;
      counts.general += 1;
      await retryAfter(hinted ?? schedule(counts.general, ctx.retry, ctx.runtime.random), String(res.status));
      continue;
    }
    throw fail({
      kind: 'http',
      status: res.status,
      haloMessage: redirect(res) ?? parseHaloMessage(res.body, REASONS[res.status] ?? `HTTP ${res.status}`),
      retryable: res.status === 429 || res.status >= 500,
    });
  }
}

/**
 * A 3xx is never followed (the bearer token must not travel to wherever it points); it is named,
 * because a redirect from /api is nearly always a login page or a proxy in front of Halo.
 */
function redirect(res: HttpResponse): string | undefined {
  if (res.status < 300 || res.status >= 400) return undefined;
  const location = res.headers.location;
  const to = location !== undefined && location !== '' ? ` to ${withoutQuery(location)}` : '';
  return `a redirect${to} (a login page or a proxy in front of Halo? check connection.url)`;
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

/** Takes a budget slot, waiting when the window is full; `beforeWait` may refuse a wait (deadline). */
async function spendBudget(ctx: ExchangeContext, target: ExchangeTarget, beforeWait: (ms: number) => void): Promise<BudgetSlot | undefined> {
  if (ctx.budget === undefined) return undefined;
  if (target === 'token' && !ctx.tokenUsesBudget) return undefined;
  return ctx.budget.acquire((ms) => {
    beforeWait(ms);
    ctx.stats.rateLimitWaitMs += ms;
    ctx.emit({ type: 'rate-wait', ms, ...(ctx.budgetLimit ? { budget: ctx.budgetLimit } : {}) });
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
