/**
 * Authorisation server discovery and the token cache (halo-api.md §1).
 *
 * Discovery: an explicit auth URL wins; else anonymous `GET <url>/api/authinfo` gives `auth_url`
 * (and `tenant_id` when no tenant was configured), as HaloAPI does; else `<url>/auth`.
 * Tokens: form-encoded client_credentials to `<authUrl>/token[?tenant=]`, cached, renewed 60 s
 * before expiry (or at 80% of a short lifetime), single-flight under concurrency.
 */
import { assertTransportAllowed, tokenUrlOf, withoutQuery } from './endpoint.js';
import { HaloApiError } from './errors.js';
import { exchange, type ExchangeContext, type TokenProvider } from './exchange.js';
import { jsonBody, ShapeError } from './response-shapes.js';
import type { HttpResponse } from './transport.js';

/** How the client reaches the authorisation server. */
export interface AuthSettings {
  baseUrl: string;
  authUrl?: string;
  tenant?: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  insecure: boolean;
}

/** Token lifetime assumed when Halo omits `expires_in` (3600 is the value reported, §1.3). */
const DEFAULT_TTL_SECONDS = 3600;
/** Renew this long before expiry... */
const RENEW_EARLY_MS = 60_000;
/** ...but never later than this fraction of the lifetime (short-lived tokens, e.g. a 30 s fault). */
const RENEW_FRACTION = 0.8;

interface CachedToken {
  authorization: string;
  renewAt: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a field whatever its casing or underscores (`auth_url`, `AuthUrl`). */
function field(body: Record<string, unknown>, name: string): string | undefined {
  const want = name.replace(/_/g, '').toLowerCase();
  for (const [k, v] of Object.entries(body)) {
    if (k.replace(/_/g, '').toLowerCase() === want && typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return undefined;
}

/** When to renew a token issued at `issuedAt` that lives `ttlMs`. */
export function renewalTime(issuedAt: number, ttlMs: number): number {
  return issuedAt + Math.max(ttlMs - RENEW_EARLY_MS, ttlMs * RENEW_FRACTION);
}

/** Discovers the token URL once, then hands out cached tokens. */
export class TokenSource implements TokenProvider {
  private cached: CachedToken | undefined;
  private pending: Promise<string> | undefined;
  private tokenUrl: Promise<string> | undefined;
  private issued = 0;

  constructor(
    private readonly settings: AuthSettings,
    private readonly ctx: ExchangeContext,
  ) {
    ctx.redactor.add(settings.clientSecret);
  }

  /** The `Authorization` header value to send now. */
  authorization(): Promise<string> {
    const c = this.cached;
    if (c !== undefined && this.ctx.runtime.now() < c.renewAt) return Promise.resolve(c.authorization);
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets `authorization` if it is still cached (another caller may have renewed already). */
  invalidate(authorization: string): void {
    if (this.cached?.authorization === authorization) this.cached = undefined;
  }

  /** The token URL, discovering it on first use. */
  resolveTokenUrl(): Promise<string> {
    this.tokenUrl ??= this.discover();
    return this.tokenUrl;
  }

  private async discover(): Promise<string> {
    const s = this.settings;
    if (s.authUrl !== undefined && s.authUrl !== '') {
      assertTransportAllowed(s.authUrl, 'auth URL', s.insecure);
      return tokenUrlOf(s.authUrl, s.tenant);
    }
    const info = await this.authInfo();
    if (info?.authUrl !== undefined) {
      assertTransportAllowed(info.authUrl, 'auth URL from /api/authinfo', s.insecure);
      return tokenUrlOf(info.authUrl, s.tenant ?? info.tenant);
    }
    return tokenUrlOf(`${s.baseUrl}/auth`, s.tenant);
  }

  /** Anonymous `GET /api/authinfo`; undefined when it is missing or unhelpful (then we fall back). */
  private async authInfo(): Promise<{ authUrl?: string; tenant?: string } | undefined> {
    try {
      const res = await exchange(this.ctx, {
        target: 'discovery',
        method: 'GET',
        url: `${this.settings.baseUrl}/api/authinfo`,
        maxRetries: 1,
      });
      if (!res.json || !isRecord(res.body)) return undefined;
      return { authUrl: field(res.body, 'auth_url'), tenant: field(res.body, 'tenant_id') };
    } catch (e) {
      // No usable answer from the host itself: the fallback `<url>/auth` is on the same host, so
      // say so now (a wrong host name fails here, once, naming it). A 404 or 5xx falls back.
      if (e instanceof HaloApiError && e.kind !== 'network') return undefined;
      throw e;
    }
  }

  private async fetchToken(): Promise<string> {
    const url = await this.resolveTokenUrl();
    const s = this.settings;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: s.clientId,
      client_secret: s.clientSecret,
      scope: s.scope,
    });
    const started = this.ctx.runtime.now();
    let body: unknown;
    try {
      const res = await exchange(this.ctx, {
        target: 'token',
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        setting: s.authUrl !== undefined && s.authUrl !== '' ? 'connection.authUrl' : 'connection.url (or set connection.authUrl)',
      });
      body = tokenBody(res, url);
    } catch (e) {
      throw e instanceof HaloApiError ? authError(e, url) : e;
    }
    const token = isRecord(body) ? body.access_token : undefined;
    if (typeof token !== 'string' || token === '') throw noToken(url, "Halo's token endpoint answered without an access_token");
    this.ctx.redactor.add(token);
    const record = body as Record<string, unknown>;
    const ttlSeconds = typeof record.expires_in === 'number' && record.expires_in > 0 ? record.expires_in : DEFAULT_TTL_SECONDS;
    const type = typeof record.token_type === 'string' && record.token_type.toLowerCase() !== 'bearer' ? record.token_type : 'Bearer';
    const authorization = `${type} ${token}`;
    this.cached = { authorization, renewAt: renewalTime(started, ttlSeconds * 1000) };
    this.ctx.emit({ type: 'token', renewed: this.issued > 0 });
    this.issued += 1;
    return authorization;
  }
}

function noToken(url: string, what: string): HaloApiError {
  const at = withoutQuery(url);
  return new HaloApiError({ kind: 'auth', status: 200, method: 'POST', path: at, haloMessage: what, message: `POST ${at}: ${what}` });
}

/** The JSON of a token response; an HTML page or other non-JSON is named (a login page, a wrong auth URL). */
function tokenBody(res: HttpResponse, url: string): unknown {
  try {
    return jsonBody(res);
  } catch (e) {
    if (e instanceof ShapeError) throw noToken(url, `no token: ${e.what.replace(/ Check connection\.url$/, ' Check connection.authUrl')}`);
    throw e;
  }
}

/** Rephrases a token endpoint failure so the user knows which credential or URL is wrong. */
function authError(e: HaloApiError, url: string): HaloApiError {
  const at = withoutQuery(url);
  const code = /^(invalid_\w+|unauthorized_client|unsupported_grant_type|access_denied)/.exec(e.haloMessage)?.[1];
  let message: string;
  // Network failures already name the host and the setting to check (exchange.ts).
  if (e.kind === 'network' || e.kind === 'auth') return e;
  if (code === 'invalid_client' || (e.status === 401 && code === undefined)) {
    message = `Halo rejected the client credentials (${code ?? `${e.status}: ${e.haloMessage}`}) at ${at}`;
  } else if (code === 'invalid_scope') message = `Halo rejected the requested scope (${e.haloMessage}) at ${at}`;
  else if (e.status === 404) message = `no Halo token endpoint at ${at} (404); check the auth URL and tenant`;
  else message = `Halo's token request failed (${e.status}: ${e.haloMessage}) at ${at}`;
  return new HaloApiError({
    kind: 'auth',
    status: e.status,
    method: 'POST',
    path: at,
    haloMessage: e.haloMessage,
    retryable: e.retryable,
    attempts: e.attempts,
    message,
  });
}
