/**
 * What an agent's `access` writes, as far as the spec and the catalog tell (no live data): each
 * list (`ticketTypes`, `customers`, `assetTypes`, `assetFields`) goes through its catalog "allow
 * all" flag (`Ft`, `Fc`, `Fa`, `Ff`, halo-claims.md §2.5), and `canCreateTicketTypes` is the catalog
 * permission of that name. Validate refuses what could never converge; the handler
 * (src/kinds/agent-access.ts) reads and writes the flags and restriction rows.
 */
import type { AccessList, Catalog } from '../../src/model/catalog.js';
import { accessFlag } from '../../src/model/catalog-claims.js';
import type { SpecProblem } from '../kind.js';
import type { AgentSpec } from './agent.js';
import type { PermissionsSpec } from './permissions.js';

/** The access lists, in the order they are read and written. */
export const ACCESS_LISTS: readonly AccessList[] = ['ticketTypes', 'customers', 'assetTypes', 'assetFields'];

/** `access.canCreateTicketTypes` is the catalog permission of this name (claim At). */
export const CAN_CREATE_TICKET_TYPES = 'canCreateTicketTypes';

/** The permissions `access` writes (they override the same keys under `permissions`): the flags and canCreateTicketTypes. */
function accessPermissions(spec: AgentSpec, catalog: Catalog): PermissionsSpec {
  const extra: PermissionsSpec = {};
  if (spec.access === undefined) return extra;
  const flag = spec.access?.canCreateTicketTypes;
  if (flag !== undefined) extra[CAN_CREATE_TICKET_TYPES] = flag;
  for (const list of ACCESS_LISTS) {
    const value = spec.access?.[list];
    const f = accessFlag(catalog, list);
    if (value !== undefined && f) extra[f.key] = value === 'all';
  }
  return extra;
}

/** The permissions written for an agent: `permissions` plus what `access` sets. */
export function writtenPermissions(spec: AgentSpec, catalog: Catalog): PermissionsSpec | undefined {
  const extra = accessPermissions(spec, catalog);
  if (Object.keys(extra).length === 0) return spec.permissions;
  return { ...spec.permissions, ...extra };
}

/**
 * A permission set twice with different values, under `permissions` and through `access` (e.g.
 * permissions.allowAllTicketTypes: true with access.ticketTypes: [..]): one claim cannot hold
 * both, so the agent could never converge.
 */
export function accessPermissionConflicts(spec: AgentSpec, catalog: Catalog): SpecProblem[] {
  const given = spec.permissions ?? {};
  return Object.entries(accessPermissions(spec, catalog))
    .filter(([key, value]) => given[key] !== undefined && given[key] !== value)
    .map(([key, value]) => ({
      path: `permissions.${key}`,
      message: `permissions.${key}: ${String(given[key])} contradicts the agent's access, which sets ${key} to ${String(value)}`,
    }));
}

/**
 * Access values this catalog cannot write: a list without its catalog flag. (Asset types and
 * fields are named by Halo id, so every list can be written; the schema checks the ids' form.)
 */
export function unsupportedAccess(spec: AgentSpec, catalog: Catalog): SpecProblem[] {
  const out: SpecProblem[] = [];
  for (const list of ACCESS_LISTS) {
    if (spec.access?.[list] === undefined) continue;
    if (!accessFlag(catalog, list)) out.push({ path: `access.${list}`, message: `access.${list} needs the catalog permission whose restriction.access is ${list} (its "allow all" flag), which the catalog does not have` });
  }
  return out;
}
