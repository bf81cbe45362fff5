/**
 * `halo-iac doctor`, as a function: read the tenant (tenant.ts), run every check against the
 * catalog, and return the results as data for the renderers. Read-only by construction: it is
 * handed a HaloReader, which has no write methods.
 */
import type { HaloReader } from '../halo/types.js';
import type { Catalog } from '../model/catalog.js';
import type { KindName } from '../model/kinds.js';
import { applicationChecks } from './applications.js';
import { claimChecks } from './claims.js';
import { listChecks } from './lists.js';
import { membershipLevelCheck } from './memberships.js';
import { rateLimitCheck, type RateLimitHeaderLog } from './rate-limit.js';
import { settingsChecks } from './settings.js';
import { readTenant } from './tenant.js';
import type { DoctorReport } from './types.js';

/** Default `--sample`: detail reads of at most this many agents, and as many roles. */
export const DEFAULT_SAMPLE = 20;

/** What a doctor run needs. */
export interface DoctorInput {
  reader: HaloReader;
  /** The environment's catalog (stock + policy.catalog). */
  catalog: Catalog;
  /** Kinds the environment declares (the login application's scopes are checked for them). */
  declaredKinds: readonly KindName[];
  /** The connection's client id: finds the login application. */
  clientId: string;
  sample: number;
  /** Fed by the same client's events: the rate-limit headers of every response. */
  headers: RateLimitHeaderLog;
}

/** Reads the tenant and checks it against the catalog. Throws only when GET /api/Agent/me fails. */
export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const { catalog } = input;
  const read = await readTenant({ reader: input.reader, catalog, sample: input.sample, clientId: input.clientId });
  const sampled = (kind: 'agent' | 'role') => read.sampled.filter((h) => h.kind === kind).length;
  const sample = {
    limit: input.sample,
    agents: { sampled: sampled('agent'), total: read.agents?.length },
    roles: { sampled: sampled('role'), total: read.roles?.length },
  };
  const checks = [
    ...claimChecks(catalog, read.sampled, sample),
    membershipLevelCheck(catalog, read),
    ...settingsChecks(catalog, read),
    ...applicationChecks(catalog, read, input.declaredKinds),
    ...listChecks(catalog, read),
    // Last: every read of the run has been seen by then.
    rateLimitCheck(catalog, input.headers),
  ];
  return { checks, apiCalls: input.reader.stats.requests, sample, errors: Object.values(read.failures).map((f) => f.message) };
}
