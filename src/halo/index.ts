/** Public surface of the Halo client (design.md §5). */
export type * from './types.js';
export { createHaloClient } from './client.js';
export { MAX_PAGES } from './pagination.js';
export { readOnly } from './read-only.js';
export { rateLimitHeaders, type ProbeResponse } from './probe.js';
export { HaloApiError, isHaloApiError, type HaloApiErrorInit, type HaloErrorKind } from './errors.js';
export { parseHaloMessage } from './halo-message.js';
export { SecretRedactor } from './redact.js';
export { canonicalPath, isLoopbackHost } from './endpoint.js';
export { DEFAULT_BUDGET, TOKEN_REQUESTS_USE_BUDGET } from './budget.js';
export { DEFAULT_RETRY } from './backoff.js';
export { realRuntime, type ClientRuntime } from './runtime.js';
export { tenantKeyOf } from './shared-budget.js';
