/**
 * Roles: /api/Roles, schema NHD_Roles, string GUID ids (ASP.NET Identity), required `name`.
 *
 * Quirks (halo-api.md §2.3): bare-array list. Server fills id (GUID), id_int, normalizedName
 * (upper-case name) and a new concurrencyStamp on every write. `teams`, `departments` and `claims`
 * replace on POST, and so do `clients` (customer restriction rows: unknown client_id 400); agents
 * holding the role inherit its team/department/customer rows (role_id set).
 * The list form carries scalars only; teams, departments, clients and claims come with
 * GET /{id}?includedetails=true (same rule as Agent).
 */
import type { JsonObject } from '../schema/bind.js';
import type { KindDef } from './types.js';
import {
  checkClientRows,
  checkDepartmentRows,
  checkTeamRows,
  postedArray,
  renderClientRows,
  renderDepartmentRows,
  renderTeamRows,
  storeClientRows,
  storeDepartmentRows,
  storeTeamRows,
  storedArray,
  without,
} from './references.js';

const nested = ['teams', 'departments', 'clients', 'claims'] as const;

/** Rows posted on a role are the role's own: a role_id echoed back from a read is dropped. */
function ownRows(item: JsonObject, field: string): JsonObject[] | undefined {
  const rows = postedArray(item, field);
  rows?.forEach((r) => delete r['role_id']);
  return rows;
}

/** The Roles quirk declaration. */
export const rolesKind: KindDef = {
  route: 'Roles',
  entity: 'NHD_Roles',
  idType: 'guid',
  detailSchema: 'NHD_Roles',
  listSchema: 'NHD_Roles',
  list: { kind: 'array' },
  requiredField: 'name',
  // ASP.NET Identity's DuplicateRoleName error (IdentityErrorDescriber).
  uniqueName: { field: 'name', taken: "Role name '{0}' is already taken." },
  serverOwned: ['id_int', 'normalizedName', 'concurrencyStamp'],
  nested,
  defaults: () => ({ teams: [], departments: [], claims: [] }),
  check(item, at, ctx, errors) {
    checkTeamRows(ownRows(item, 'teams'), at, ctx, errors);
    checkDepartmentRows(ownRows(item, 'departments'), at, ctx, errors);
    checkClientRows(ownRows(item, 'clients'), at, ctx, errors);
  },
  write(role, item, ctx, created) {
    if (created) role['id_int'] = ctx.store.nextId('Roles');
    const teams = postedArray(item, 'teams');
    if (teams) role['teams'] = storeTeamRows(teams, ctx);
    const departments = postedArray(item, 'departments');
    if (departments) role['departments'] = storeDepartmentRows(departments, ctx);
    const clients = postedArray(item, 'clients');
    if (clients) role['clients'] = storeClientRows(clients, ctx);
    const claims = postedArray(item, 'claims');
    if (claims) role['claims'] = claims;
    role['normalizedName'] = String(role['name'] ?? '').toUpperCase();
    role['concurrencyStamp'] = ctx.newGuid();
  },
  renderList: (role) => without(role, nested),
  renderDetail(role, q, ctx) {
    const out = without(role, nested);
    if (!q.bool('includedetails')) return out;
    const owner = { role_id: role['id'] as string, role_name: (role['name'] as string | undefined) ?? null };
    return {
      ...out,
      teams: renderTeamRows(storedArray(role, 'teams'), owner, ctx),
      departments: renderDepartmentRows(storedArray(role, 'departments'), owner, ctx),
      clients: renderClientRows(storedArray(role, 'clients'), owner, ctx),
      claims: storedArray(role, 'claims'),
    };
  },
};
