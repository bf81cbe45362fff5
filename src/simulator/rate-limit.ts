/**
 * Hosted Halo's limit: N requests per rolling window (300 per 5 minutes, halo-api.md §4.1).
 * Counted: every /api request, including /api/authinfo. Not counted: token requests (they go
 * to the authorisation server, a separate service in hosted Halo) and requests already refused
 * with 429 (a rolling window of accepted requests, so a client that backs off recovers).
 */

/** Rate limit configuration: requests per rolling window of windowSeconds. */
export interface RateLimitConfig {
  requests: number;
  windowSeconds: number;
}

/** A rolling-window counter: O(1) amortised per request (timestamps in a ring-like queue). */
export class RollingWindow {
  private stamps: number[] = [];
  private head = 0;

  constructor(readonly config: RateLimitConfig) {}

  /** Records a request at `now` (ms) and returns true, or returns false when the window is full. */
  tryTake(now: number): boolean {
    const windowMs = this.config.windowSeconds * 1000;
    while (this.head < this.stamps.length && (this.stamps[this.head] ?? 0) <= now - windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.stamps.length) {
      this.stamps = this.stamps.slice(this.head);
      this.head = 0;
    }
    if (this.stamps.length - this.head >= this.config.requests) return false;
    this.stamps.push(now);
    return true;
  }

  /** Halo's 429 text, with the configured numbers. */
  message(): string {
    const s = this.config.windowSeconds;
    const span = s % 60 === 0 ? `${s / 60} minute` : `${s} second`;
    return `Rate Limit Reached - ${this.config.requests} Requests per rolling ${span} window`;
  }
}

/** Parses `300/300` (requests/seconds); returns undefined for a malformed value. */
export function parseRateLimit(text: string): RateLimitConfig | undefined {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const requests = Number(m[1]);
  const windowSeconds = Number(m[2]);
  return requests > 0 && windowSeconds > 0 ? { requests, windowSeconds } : undefined;
}
