/**
 * The raw Halo fields doctor reads, in one place (as a kind handler keeps its own): doctor looks at
 * records as Halo sent them, because its job is to find where they differ from the catalog.
 * Field names are SPEC24's (halo-api.md §2.1, §2.6, §4.2).
 */
import type { HaloRecord, Query } from '../halo/types.js';
import { records, str } from '../kinds/lookup.js';
import { liveClaims } from '../kinds/permissions.js';
import type { Claim } from '../model/catalog-claims.js';

/** The Halo field names doctor quotes in its assumptions. */
export const GRANT_TYPE = 'grant_type';
export const LOGIN_ENTITY = 'loginentity';

/** The claims of an agent or role record. */
export function claimsOf(raw: HaloRecord): Claim[] {
  return liveClaims(raw);
}

/**
 * Membership levels of a record's own department rows. A row naming a role (`role_id`) is that
 * role's: on an agent it is inherited (counted on the role), on the role itself it is its own.
 */
export function ownMembershipLevels(raw: HaloRecord): unknown[] {
  return records(raw, 'departments')
    .filter((row) => row.role_id === undefined || row.role_id === null || row.role_id === '' || String(row.role_id) === String(raw.id))
    .map((row) => row.membershiplevel);
}

/** An application's grant type (empty when unset). */
export function grantType(app: HaloRecord): unknown {
  return app[GRANT_TYPE];
}

/** An application's login type code. */
export function loginEntity(app: HaloRecord): unknown {
  return app[LOGIN_ENTITY];
}

/** An application's client id. */
export function clientIdOf(app: HaloRecord): string | undefined {
  return str(app, 'clientId');
}

/** Whether an application's list form carries its scopes (else a detail read has them). */
export function hasScopes(app: HaloRecord): boolean {
  return Array.isArray(app.scopes);
}

/** The scope names of an application (`scopes: [{name}]`). */
export function scopeNames(app: HaloRecord): string[] {
  return records(app, 'scopes')
    .map((s) => str(s, 'name'))
    .filter((s): s is string => s !== undefined && s !== '');
}

/** Whether an application logs in as the given agent record. */
export function logsInAs(app: HaloRecord, agent: HaloRecord): boolean {
  return app.loginas_agent_id !== undefined && String(app.loginas_agent_id) === String(agent.id);
}

/** Whether an agent record is an administrator. */
export function isAdministrator(agent: HaloRecord): boolean {
  return agent.is_admin === true;
}

/** The query of one paginated page: page 1 of `size` rows (Halo's own spelling, `pageinate`). */
export function firstPage(size: number): Query {
  return { pageinate: true, page_size: size, page_no: 1 };
}

/** `record_count` of a list wrapper, when it has one. */
export function recordCount(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const n = (body as HaloRecord).record_count;
  return typeof n === 'number' ? n : undefined;
}
