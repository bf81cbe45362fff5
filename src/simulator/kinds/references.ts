/**
 * Cross-kind lookups shared by the kind files: Halo fills display names (team_name,
 * department_name, loginas_agent_name...) from ids on every read, so the store keeps ids only
 * and these helpers render the names, which also keeps renames consistent everywhere.
 */
import type { FieldError, JsonObject } from '../schema/bind.js';
import { isObject } from '../schema/bind.js';
import type { KindContext } from './types.js';

/** The posted nested array at `item[field]` as objects, or undefined when not posted. */
export function postedArray(item: JsonObject, field: string): JsonObject[] | undefined {
  const v = item[field];
  return Array.isArray(v) ? v.filter(isObject) : undefined;
}

/**
 * Posted nested rows that replace `record[field]`: a row carrying the id of a stored row updates
 * it (and keeps its id), any other row is new and gets `nextId()`; `extra` is set on every row.
 */
export function replaceRows(record: JsonObject, field: string, rows: JsonObject[], nextId: () => number, extra: JsonObject = {}): JsonObject[] {
  const stored = new Map(storedArray(record, field).map((r) => [String(r['id']), r]));
  return rows.map((r) => {
    const kept = r['id'] !== undefined && r['id'] !== null ? stored.get(String(r['id'])) : undefined;
    return { ...(kept ?? {}), ...r, ...extra, id: kept ? kept['id'] : nextId() };
  });
}

/** The stored array at `record[field]` (empty when missing). */
export function storedArray(record: JsonObject, field: string): JsonObject[] {
  const v = record[field];
  return Array.isArray(v) ? v.filter(isObject) : [];
}

/** Name of a record, or null when it no longer exists. */
export function nameOf(ctx: KindContext, kind: string, id: unknown, field = 'name'): string | null {
  const r = id === null || id === undefined ? undefined : ctx.store.get(kind, id);
  const n = r?.[field];
  return typeof n === 'string' ? n : null;
}

/** True when `id` is an agent department (a TopLevel row with agent_department true). */
export function isAgentDepartment(ctx: KindContext, id: unknown): boolean {
  return ctx.store.get('TopLevel', id)?.['agent_department'] === true;
}

/**
 * Checks team references in posted membership rows: `team_id` must exist; a row with only
 * `team_name` is resolved to its id (so clients may send names). Rows inherited from a role
 * (`role_id` set) are not checked: they are ignored on write.
 */
export function checkTeamRows(rows: JsonObject[] | undefined, at: string, ctx: KindContext, errors: FieldError[]): void {
  rows?.forEach((row, j) => {
    if (typeof row['role_id'] === 'string' && row['role_id'] !== '') return;
    if (row['team_id'] === undefined && typeof row['team_name'] === 'string') {
      const team = ctx.store.all('Team').find((t) => t['name'] === row['team_name']);
      if (team) row['team_id'] = team['id'];
    }
    if (!ctx.store.get('Team', row['team_id'])) {
      errors.push({ key: `${at}.teams[${j}].team_id`, message: `Team ${String(row['team_id'] ?? row['team_name'])} does not exist.` });
    }
  });
}

/** Same as checkTeamRows for department rows (`department_id` must be an agent department). */
export function checkDepartmentRows(rows: JsonObject[] | undefined, at: string, ctx: KindContext, errors: FieldError[]): void {
  rows?.forEach((row, j) => {
    if (typeof row['role_id'] === 'string' && row['role_id'] !== '') return;
    if (row['department_id'] === undefined && typeof row['department_name'] === 'string') {
      const dep = ctx.store.all('TopLevel').find((t) => t['agent_department'] === true && t['name'] === row['department_name']);
      if (dep) row['department_id'] = dep['id'];
    }
    if (!isAgentDepartment(ctx, row['department_id'])) {
      errors.push({
        key: `${at}.departments[${j}].department_id`,
        message: `Department ${String(row['department_id'] ?? row['department_name'])} does not exist.`,
      });
    }
  });
}

/**
 * Checks customer restriction rows (UnameAreaRestriction): `client_id` must be a customer; a row
 * with only `client_name` is resolved to its id. Role-inherited rows (`role_id` set) are not
 * checked: they are ignored on write.
 */
export function checkClientRows(rows: JsonObject[] | undefined, at: string, ctx: KindContext, errors: FieldError[]): void {
  rows?.forEach((row, j) => {
    if (typeof row['role_id'] === 'string' && row['role_id'] !== '') return;
    if (row['client_id'] === undefined && typeof row['client_name'] === 'string') {
      const client = ctx.store.all('Client').find((c) => c['name'] === row['client_name']);
      if (client) row['client_id'] = client['id'];
    }
    if (!ctx.store.get('Client', row['client_id'])) {
      errors.push({ key: `${at}.clients[${j}].client_id`, message: `Client ${String(row['client_id'] ?? row['client_name'])} does not exist.` });
    }
  });
}

/** Stored customer restriction rows: direct rows only, ids only (names are rendered on read). */
export function storeClientRows(rows: JsonObject[], ctx: KindContext): JsonObject[] {
  return rows
    .filter((r) => !(typeof r['role_id'] === 'string' && r['role_id'] !== ''))
    .map((r) => ({ id: ctx.store.nextId('UnameAreaRestriction'), client_id: r['client_id'] }));
}

/** Customer restriction rows as Halo returns them (UnameAreaRestriction), skipping deleted customers. */
export function renderClientRows(rows: JsonObject[], owner: RowOwner, ctx: KindContext): JsonObject[] {
  const out: JsonObject[] = [];
  for (const r of rows) {
    const client = ctx.store.get('Client', r['client_id']);
    if (!client) continue;
    out.push({ ...r, ...owner, client_name: client['name'] });
  }
  return out;
}

/** Stored team rows: direct memberships only, with a fresh row id each. */
export function storeTeamRows(rows: JsonObject[], ctx: KindContext): JsonObject[] {
  return rows
    .filter((r) => !(typeof r['role_id'] === 'string' && r['role_id'] !== ''))
    .map((r) => ({
      id: ctx.store.nextId('UnameSection'),
      team_id: r['team_id'],
      is_manager: r['is_manager'] ?? false,
      no_config_access: r['no_config_access'] ?? false,
      unassigned_access: r['unassigned_access'] ?? false,
      otheragent_access: r['otheragent_access'] ?? false,
      fortickets: r['fortickets'] ?? true,
      foropps: r['foropps'] ?? false,
      forprojects: r['forprojects'] ?? false,
    }));
}

/** Stored department rows: direct memberships only. */
export function storeDepartmentRows(rows: JsonObject[], ctx: KindContext): JsonObject[] {
  return rows
    .filter((r) => !(typeof r['role_id'] === 'string' && r['role_id'] !== ''))
    .map((r) => ({
      id: ctx.store.nextId('UnameDepartment'),
      department_id: r['department_id'],
      membershiplevel: r['membershiplevel'] ?? 0,
      includeteamsintree: r['includeteamsintree'] ?? false,
    }));
}

/** Who a membership row belongs to, for the server-filled agent/role columns. */
export interface RowOwner {
  agent_id?: number;
  agent_name?: string | null;
  role_id?: string;
  role_name?: string | null;
}

/** Team rows as Halo returns them (UnameSection), skipping teams deleted since. */
export function renderTeamRows(rows: JsonObject[], owner: RowOwner, ctx: KindContext): JsonObject[] {
  const out: JsonObject[] = [];
  for (const r of rows) {
    const team = ctx.store.get('Team', r['team_id']);
    if (!team) continue;
    out.push({
      ...r,
      ...owner,
      team_guid: team['guid'],
      team_name: team['name'],
      department_id: team['department_id'] ?? null,
      org_department_team_name: `${nameOf(ctx, 'TopLevel', team['department_id']) ?? ''}/${String(team['name'])}`,
      in_section: true,
      namewithinactive: team['name'],
    });
  }
  return out;
}

/** Department rows as Halo returns them (UnameDepartment), skipping deleted departments. */
export function renderDepartmentRows(rows: JsonObject[], owner: RowOwner, ctx: KindContext): JsonObject[] {
  const out: JsonObject[] = [];
  for (const r of rows) {
    const dep = ctx.store.get('TopLevel', r['department_id']);
    if (!dep) continue;
    out.push({ ...r, ...owner, department_guid: dep['guid'], department_name: dep['name'] });
  }
  return out;
}

/** A stable colour per id, like Halo's auto-assigned agent colours. */
export function colourFor(id: number): string {
  const palette = ['#2e86de', '#10ac84', '#ee5253', '#ff9f43', '#5f27cd', '#01a3a4', '#c8d6e5', '#8395a7'];
  return palette[id % palette.length] ?? '#2e86de';
}

/** Drops the listed keys from a rendered record. */
export function without(record: JsonObject, keys: readonly string[]): JsonObject {
  const out = { ...record };
  for (const k of keys) delete out[k];
  return out;
}
