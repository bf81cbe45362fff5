/**
 * URL rules of the client: base URL normalisation, the http:// refusal for non-loopback hosts,
 * and the canonical casing of API paths (Halo matches routes case-insensitively, halo-api.md §2.0,
 * but we always send one spelling so logs and request previews are stable).
 */
import { UserError } from '../model/diagnostics.js';
import type { HaloPath } from './types.js';

/**
 * Canonical casing of known Halo routes, so `roles` or `ROLES` from a caller is sent as `Roles` and
 * logs stay stable. Not a whitelist: any other segment (a new kind's `apiPath`) is sent as written.
 */
const CANONICAL_PATHS: readonly HaloPath[] = [
  'Agent',
  'Team',
  'Roles',
  'TicketType',
  'Application',
  'Control',
  'TopLevel',
  'Organisation',
  'Webhook',
  'Features',
  'Client',
];

const BY_LOWER = new Map<string, HaloPath>(CANONICAL_PATHS.map((p) => [p.toLowerCase(), p]));

/** The canonical spelling of a path segment (`agent` -> `Agent`); unknown segments pass through. */
export function canonicalPath(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '').replace(/^api\//i, '');
  return BY_LOWER.get(trimmed.toLowerCase()) ?? trimmed;
}

/** True for 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Parses a URL given by the user, with a UserError (not a TypeError) when it is malformed. */
function parseUrl(raw: string, what: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new UserError(`${what} '${raw}' is not a valid URL (expected e.g. https://acme.halopsa.com)`);
  }
}

/**
 * Refuses plain http:// to a non-loopback host: the client secret and bearer tokens would cross
 * the network in clear text. `insecure` (the --insecure flag) lifts the refusal.
 */
export function assertTransportAllowed(raw: string, what: string, insecure: boolean): URL {
  const u = parseUrl(raw, what);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new UserError(`${what} '${u.origin}' must use https:// (got ${u.protocol})`);
  }
  if (u.protocol === 'http:' && !insecure && !isLoopbackHost(u.hostname)) {
    throw new UserError(
      `refusing to send Halo credentials over plain http:// to ${u.host} (${what}); ` +
        'use https://, or pass --insecure if you really mean it',
    );
  }
  return u;
}

/** `https://x/` and `https://x/api` both become `https://x` (the API lives at `<base>/api`). */
export function normaliseBaseUrl(raw: string): string {
  return raw.replace(/\/+$/, '').replace(/\/api$/i, '');
}

/**
 * The base URL as the client sends to it: normalised, parsed (host lower-cased, default port
 * dropped) and normalised again. What keys a tenant's budget file and apply lock.
 */
export function canonicalBaseUrl(raw: string): string {
  return normaliseBaseUrl(new URL(normaliseBaseUrl(raw)).href);
}

/** `<authUrl>/token`: `https://x/auth` -> `https://x/auth/token`, trial `https://uk-trial.halopsa.com` -> `/token`. */
export function tokenUrlOf(authUrl: string, tenant: string | undefined): string {
  const base = `${authUrl.replace(/\/+$/, '')}/token`;
  return tenant !== undefined && tenant !== '' ? `${base}?tenant=${encodeURIComponent(tenant)}` : base;
}

/** A URL with its query string removed, for messages. */
export function withoutQuery(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? url : url.slice(0, i);
}
