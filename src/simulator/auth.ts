/**
 * The authorisation server: POST /auth/token and POST /token (trial hosts), OAuth2 client
 * credentials, form-encoded (halo-api.md §1). Any stored application with a secret, grant_type
 * client_credentials (or unset) and not inactive can get tokens. Tokens are opaque random
 * strings held in memory (a restart signs everyone out, as a real token-store reset would).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpError } from './http-error.js';
import type { JsonObject } from './schema/bind.js';
import type { Store } from './store.js';
import { knownScopes, scopeGranted } from './scopes.js';

/** What a valid bearer token stands for. */
export interface TokenGrant {
  applicationId: string;
  scopes: string[];
  /** Epoch ms after which the token is refused (expiry or token-expiry fault). */
  validUntil: number;
}

/** Token endpoint settings. */
export interface AuthSettings {
  hosted: boolean;
  tenant: string;
  ttlSeconds: number;
  /** token-expiry fault: tokens die this many seconds after issue. */
  faultLifetimeSeconds?: number;
  now(): number;
}

function oauthError(status: number, error: string, description: string): HttpError {
  return new HttpError(status, { error, error_description: description });
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Issues and checks bearer tokens for the applications in the store. */
export class TokenService {
  private readonly tokens = new Map<string, TokenGrant>();

  constructor(
    private readonly store: Store,
    private readonly settings: AuthSettings,
  ) {}

  /** Handles a token request; returns the 200 body or throws an OAuth-shaped HttpError. */
  issue(form: URLSearchParams, query: URLSearchParams, contentType: string, basicAuth: string | undefined): JsonObject {
    if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw oauthError(400, 'invalid_request', "The specified 'Content-Type' header is invalid: use application/x-www-form-urlencoded.");
    }
    if (this.settings.hosted) {
      const tenant = query.get('tenant') ?? form.get('tenant');
      if (!tenant) throw oauthError(400, 'invalid_request', 'The mandatory tenant parameter is missing.');
      if (tenant.toLowerCase() !== this.settings.tenant.toLowerCase()) {
        throw oauthError(400, 'invalid_request', `The tenant '${tenant}' was not found.`);
      }
    }
    const grantType = form.get('grant_type');
    if (grantType !== 'client_credentials') {
      throw oauthError(400, 'unsupported_grant_type', 'The specified grant_type is not supported.');
    }
    let clientId = form.get('client_id') ?? '';
    let clientSecret = form.get('client_secret') ?? '';
    if (basicAuth && !clientId) {
      const decoded = Buffer.from(basicAuth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
    const app = this.store.all('Application').find((a) => a['clientId'] === clientId);
    const stored = app?.['clientSecret'];
    if (!app || typeof stored !== 'string' || stored === '' || !sameSecret(stored, clientSecret) || app['inactive'] === true) {
      throw oauthError(401, 'invalid_client', 'The specified client credentials are invalid.');
    }
    if (typeof app['grant_type'] === 'string' && app['grant_type'] !== '' && app['grant_type'] !== 'client_credentials') {
      throw oauthError(400, 'unauthorized_client', 'This client application is not allowed to use the specified grant type.');
    }
    const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    const scopes = requested.length > 0 ? requested : ['all'];
    const granted = new Set(
      (Array.isArray(app['scopes']) ? (app['scopes'] as JsonObject[]) : []).map((s) => String(s['name'] ?? '')),
    );
    for (const s of scopes) {
      if (!knownScopes.has(s) || !scopeGranted(s, granted)) {
        throw oauthError(400, 'invalid_scope', `The specified scope '${s}' is not valid or not granted to this application.`);
      }
    }
    const now = this.settings.now();
    const lifetime = Math.min(this.settings.ttlSeconds, this.settings.faultLifetimeSeconds ?? Infinity);
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, { applicationId: String(app['id']), scopes, validUntil: now + lifetime * 1000 });
    this.prune(now);
    return { access_token: token, token_type: 'Bearer', expires_in: this.settings.ttlSeconds, scope: scopes.join(' ') };
  }

  /** The grant behind an `Authorization: Bearer` header, or undefined (missing, unknown, expired, app gone). */
  verify(authorization: string | undefined): TokenGrant | undefined {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const grant = m?.[1] ? this.tokens.get(m[1]) : undefined;
    if (!grant || grant.validUntil <= this.settings.now()) return undefined;
    const app = this.store.get('Application', grant.applicationId);
    if (!app || app['inactive'] === true) return undefined;
    return grant;
  }

  private prune(now: number): void {
    if (this.tokens.size < 1000) return;
    for (const [t, g] of this.tokens) if (g.validUntil <= now) this.tokens.delete(t);
  }
}
