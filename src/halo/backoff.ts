/**
 * Retry policy: exponential backoff with full jitter (delay = random(0, min(cap, base * 2^n))),
 * overridden by a `Retry-After` header when Halo sends one (halo-api.md §4.1: none seen so far).
 */
import type { RetryOptions } from './types.js';

/** Defaults from the contract in types.ts. */
export const DEFAULT_RETRY: RetryOptions = {
  maxRetries: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  rateLimitRetries: 14,
  rateLimitMaxDelayMs: 60_000,
  refusedRetries: 4,
  refusedDelayMs: 250,
  timeoutRetries: 1,
};

/** Longest Retry-After we honour: Halo's rolling window is 5 minutes, more than that is suspect. */
const MAX_RETRY_AFTER_MS = 300_000;

/** Completes partial retry options with the defaults; `maxRetries: 0` alone turns off every other retry too. */
export function retryOptions(partial: Partial<RetryOptions> | undefined): RetryOptions {
  const opts = { ...DEFAULT_RETRY, ...(partial ?? {}) };
  if (partial?.maxRetries === 0) {
    opts.rateLimitRetries = partial.rateLimitRetries ?? 0;
    opts.refusedRetries = partial.refusedRetries ?? 0;
    opts.timeoutRetries = partial.timeoutRetries ?? 0;
  }
  return opts;
}

/** Delay before retrying a refused connection for the `attempt`-th time: 250, 500, 1000, 2000 ms. */
export function refusedDelay(attempt: number, opts: RetryOptions): number {
  return opts.refusedDelayMs * 2 ** (attempt - 1);
}

/** Full-jitter delay before retry number `attempt` (1-based). */
export function backoffDelay(attempt: number, opts: RetryOptions, random: () => number): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Delay before 429 retry number `attempt`: "equal jitter" (half fixed, half random) so the
 * retries of one request together outlast Halo's rolling 5-minute window (14 retries from a
 * 500 ms base: at least ~4 minutes, at most ~8) instead of giving up within seconds.
 */
export function rateLimitDelay(attempt: number, opts: RetryOptions, random: () => number): number {
  const ceiling = Math.min(opts.rateLimitMaxDelayMs, opts.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Milliseconds to wait from a Retry-After value: delta-seconds or an HTTP date.
 * Undefined when absent or unparseable; 0 for dates in the past.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.min(MAX_RETRY_AFTER_MS, Math.round(Number(v) * 1000));
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - now));
}
