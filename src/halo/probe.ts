/**
 * Looking at Halo's answers as they are, for `halo-iac doctor`: the rate-limit headers of every
 * response (halo-api.md §4.1: no source shows Halo sending any, so doctor reports what it sees),
 * and a raw GET whose body is not unwrapped, to see which wrapper key holds a list's rows and how
 * many rows a page really has (§4.2).
 */

/** A raw GET: the status and the parsed JSON body (or text), nothing unwrapped. */
export interface ProbeResponse {
  status: number;
  body: unknown;
}

/** Header names (lower case) that carry rate-limit information: `x-ratelimit-*`, `ratelimit-*`, `retry-after`. */
const RATE_LIMIT_HEADER = /^(x-ratelimit-|x-rate-limit-|ratelimit(-|$)|retry-after$)/;

/** The rate-limit related headers of a response (names lower case); {} when there are none. */
export function rateLimitHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value !== undefined && RATE_LIMIT_HEADER.test(lower)) out[lower] = value;
  }
  return out;
}
