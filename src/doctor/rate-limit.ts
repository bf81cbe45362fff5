/**
 * Rate-limit headers seen on any response of the run (the client's `request` events carry them,
 * src/halo/probe.ts), against the catalog's rateLimitHeaders (catalog/api-shapes.yaml): none is
 * known (halo-api.md §4.1), so any header seen is news worth reporting.
 */
import type { ClientEvent } from '../halo/types.js';
import type { Catalog } from '../model/catalog.js';
import { overrideYaml, SEEN } from './overrides.js';
import type { CheckResult } from './types.js';
import { code, count, isCode, listing, quoted } from './words.js';

/** Collects the rate-limit headers of every response, fed from the client's events. */
export class RateLimitHeaderLog {
  /** Responses seen (the token's and the API's). */
  responses = 0;
  /** Header name -> responses carrying it, and the last value. */
  readonly headers = new Map<string, { n: number; last: string }>();

  /** The client's onEvent hook. */
  onEvent(e: ClientEvent): void {
    if (e.type !== 'request' || e.status === 0) return;
    this.responses += 1;
    for (const [name, value] of Object.entries(e.rateLimit ?? {})) this.headers.set(name, { n: (this.headers.get(name)?.n ?? 0) + 1, last: value });
  }
}

/** The rate-limit header check. */
export function rateLimitCheck(catalog: Catalog, log: RateLimitHeaderLog): CheckResult {
  const known = Object.keys(catalog.rateLimitHeaders);
  const base = {
    id: 'api.rate-limit-headers',
    area: 'api',
    assumption: `Halo sends ${known.length === 0 ? 'no rate-limit headers' : `these rate-limit headers only: ${listing(known)}`} (x-ratelimit-*, ratelimit-*, retry-after); halo-iac keeps its own budget (connection.rateLimit)`,
  };
  const seen = [...log.headers].sort(([a], [b]) => a.localeCompare(b));
  const head = `${count(log.responses, 'response')} (token included)`;
  if (seen.length === 0) return { ...base, observed: `no rate-limit headers on ${head}`, verdict: 'agrees' };
  const observed = `on ${head}: ${seen.map(([name, s]) => `${code(name)} on ${s.n} (last ${quoted(s.last)})`).join(', ')}`;
  const unknown = seen.filter(([name]) => !known.includes(name));
  if (unknown.length === 0) return { ...base, observed, verdict: 'agrees' };
  const teachable = unknown.filter(([name]) => isCode(name));
  return {
    ...base,
    observed,
    verdict: 'disagrees',
    override: overrideYaml(
      teachable.length === 0 ? [] : [{ rateLimitHeaders: Object.fromEntries(teachable.map(([name]) => [name, { ...SEEN }])) }],
      ['Records the headers (please report them: halo-iac could follow them instead of its own budget)'],
    ),
  };
}
