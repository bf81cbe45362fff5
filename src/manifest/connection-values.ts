/**
 * Connection values the schema can only check for shape: `connection.rateLimit` (parsed into the
 * client's request budget), `connection.timeout` (a duration, the client's per-request timeout) and
 * `connection.scope` (each scope checked against the catalog, which
 * is loaded after the Environment document, so a scope typo fails `validate`, not the first plan).
 */
import { parseDuration } from '../duration.js';
import { error, type Diagnostic, type SourcePosition } from '../model/diagnostics.js';
import type { Catalog } from '../model/catalog.js';
import { didYouMean } from '../model/suggest.js';
import type { Connection } from '../model/desired.js';

/** A connection value as written: where it is and whether it came from `${env:..}` (never echoed). */
export interface WrittenValue {
  at: SourcePosition;
  fromEnv: boolean;
}

/** How a bad rate limit is shown: the value, unless it came from the environment. */
function shown(text: string, written: WrittenValue): string {
  return written.fromEnv ? 'the value from ${env:..}' : `'${text}'`;
}

/**
 * `off` -> false (no client budget); `REQUESTS/SECONDS` (e.g. `300/300`) -> a budget; anything
 * else, or a zero, is an error at the value.
 */
export function parseRateLimit(text: string, written: WrittenValue): { rateLimit?: Connection['rateLimit']; diagnostics: Diagnostic[] } {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'off') return { rateLimit: false, diagnostics: [] };
  const m = /^(\d+)\s*\/\s*(\d+)$/.exec(trimmed);
  const requests = m ? Number(m[1]) : 0;
  const windowSeconds = m ? Number(m[2]) : 0;
  if (requests >= 1 && windowSeconds >= 1) return { rateLimit: { requests, windowSeconds }, diagnostics: [] };
  const why = m ? 'requests and seconds must both be at least 1' : 'expected REQUESTS/SECONDS (e.g. 300/300) or off';
  return { diagnostics: [error(`connection.rateLimit: ${shown(text, written)}: ${why}`, written.at)] };
}

/** `30s`, `2m`, `500ms` or a number of seconds -> ms; anything else, or zero, is an error at the value. */
export function parseTimeout(value: string | number, written: WrittenValue): { timeoutMs?: number; diagnostics: Diagnostic[] } {
  const ms = parseDuration(value);
  if (ms !== undefined) return { timeoutMs: ms, diagnostics: [] };
  return { diagnostics: [error(`connection.timeout: ${shown(String(value), written)}: expected a duration such as 30s, 2m or 500ms, or a number of seconds`, written.at)] };
}

/** One error per space-separated scope the catalog does not list (with the catalog's reason when it knows one). */
export function connectionScopeDiagnostics(scope: string, written: WrittenValue, catalog: Pick<Catalog, 'scopes' | 'invalidScopes'>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of scope.split(/\s+/).filter(Boolean)) {
    if (Object.hasOwn(catalog.scopes, s)) continue;
    if (written.fromEnv) {
      out.push(error('connection.scope: unknown scope in the value from ${env:..} (see catalog/scopes.yaml)', written.at));
      continue;
    }
    const invalid = Object.hasOwn(catalog.invalidScopes, s) ? catalog.invalidScopes[s] : undefined;
    const hint = invalid ? `: ${invalid.reason}` : didYouMean(s, Object.keys(catalog.scopes)) || ' (see catalog/scopes.yaml)';
    out.push(error(`connection.scope: unknown scope '${s}'${hint}`, written.at));
  }
  return out;
}
