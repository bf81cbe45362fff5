/**
 * Does Halo accept a pending secret? A client-credentials token request for (client id, secret)
 * against the tenant's own token endpoint, through the client's TokenSource (discovery, tenant,
 * transport rules and redaction as for halo-iac's own login). A refused token is an answer, not
 * an error: the caller rotates the secret. No answer (network, 5xx) is "unknown": the record is
 * kept and nothing is rotated on a guess.
 */
import { TokenSource } from '../../halo/auth.js';
import { retryOptions } from '../../halo/backoff.js';
import { assertTransportAllowed, canonicalBaseUrl, normaliseBaseUrl } from '../../halo/endpoint.js';
import { isHaloApiError } from '../../halo/errors.js';
import type { ExchangeContext } from '../../halo/exchange.js';
import { SecretRedactor } from '../../halo/redact.js';
import { realRuntime } from '../../halo/runtime.js';
import { defaultDispatcher } from '../../halo/transport.js';
import type { EnvironmentConfig } from '../../model/desired.js';

/** Halo's answer about one pending secret. */
export type SecretVerdict = { verdict: 'accepted' } | { verdict: 'rejected'; reason: string } | { verdict: 'unknown'; reason: string };

/** Asks the tenant whether (clientId, secret) can get a token for `scopes`. */
export type SecretVerifier = (input: { clientId: string; secret: string; scopes: readonly string[] }) => Promise<SecretVerdict>;

/** A verifier for the environment's tenant (same URL, auth URL and tenant as its connection). */
export function tokenChecker(environment: EnvironmentConfig, options: { insecure?: boolean } = {}): SecretVerifier {
  const c = environment.connection;
  const insecure = options.insecure === true || c.insecure === true;
  return async ({ clientId, secret, scopes }) => {
    const redactor = new SecretRedactor();
    redactor.add(secret);
    const ctx: ExchangeContext = {
      dispatcher: defaultDispatcher(),
      runtime: realRuntime,
      redactor,
      retry: retryOptions({ maxRetries: 2, baseDelayMs: 200, maxDelayMs: 2_000 }),
      timeoutMs: 30_000,
      stats: { requests: 0, reads: 0, writes: 0, tokenRequests: 0, retries: 0, status429: 0, rateLimitWaitMs: 0 },
      tokenUsesBudget: false,
      emit: () => undefined,
    };
    try {
      assertTransportAllowed(normaliseBaseUrl(c.url), 'Halo URL', insecure);
      const baseUrl = canonicalBaseUrl(c.url);
      const tokens = new TokenSource(
        {
          baseUrl,
          authUrl: c.authUrl?.replace(/\/+$/, ''),
          tenant: c.tenant !== undefined && c.tenant !== '' ? c.tenant : undefined,
          clientId,
          clientSecret: secret,
          scope: scopes.length > 0 ? scopes.join(' ') : 'all',
          insecure,
        },
        ctx,
      );
      await tokens.authorization();
      return { verdict: 'accepted' };
    } catch (e) {
      const message = redactor.redact(e instanceof Error ? e.message : String(e));
      // 4xx is the token endpoint's answer (invalid_client...); 408/429 are not about the secret.
      if (isHaloApiError(e) && e.kind !== 'network' && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429) return { verdict: 'rejected', reason: message };
      return { verdict: 'unknown', reason: message };
    }
  };
}
