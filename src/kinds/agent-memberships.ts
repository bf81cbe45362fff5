/**
 * Agent team and department memberships (halo-api.md §2.1). Posting `teams` or `departments` on
 * an agent REPLACES the list, so: `include` mode sends live ∪ desired, `exact` sends desired; both
 * keep role-inherited rows (those with `role_id` set), which the manifest never manages.
 * Changes are computed as add/remove sets by the generic differ (style.md: never remove-all/re-add).
 */
import type { AgentSpec, DepartmentMembership, TeamMembership } from '../../constructs/kinds/agent.js';
import type { HaloRecord } from '../halo/types.js';
import type { FieldCodec } from './fields.js';
import type { KindContext } from './types.js';
import { fromHalo, hasName, nameSet, records, str, toHalo } from './lookup.js';

function inherited(row: HaloRecord): boolean {
  const r = row.role_id;
  return r !== undefined && r !== null && r !== '' && r !== 0;
}

function rowName(row: HaloRecord, kind: 'Team' | 'Department', ctx: KindContext): string {
  const idField = kind === 'Team' ? 'team_id' : 'department_id';
  const nameField = kind === 'Team' ? 'team_name' : 'department_name';
  const id = row[idField];
  const byId = id !== undefined && id !== null ? ctx.nameOf(kind, id as number) : undefined;
  return byId ?? str(row, nameField) ?? '';
}

/** Desired team names (canonical spelling); `all` expands to every declared and live team. */
function desiredTeams(m: TeamMembership, ctx: KindContext): string[] {
  const names = m.members === 'all' ? ctx.allNames('Team') : m.members;
  return nameSet(names.map((n) => ctx.displayName('Team', n)));
}

/** Live direct team memberships; in `include` mode only those the manifest names are compared. */
function liveTeams(raw: HaloRecord, m: TeamMembership, ctx: KindContext): string[] {
  const names = records(raw, 'teams').filter((r) => !inherited(r)).map((r) => rowName(r, 'Team', ctx));
  if (m.mode === 'exact') return nameSet(names);
  const wanted = desiredTeams(m, ctx);
  return nameSet(names.filter((n) => hasName(wanted, n)));
}

/** The `teams` list to POST. */
function teamsPayload(m: TeamMembership, ctx: KindContext, live: HaloRecord | undefined): HaloRecord[] {
  const liveRows = live ? records(live, 'teams') : [];
  const kept = m.mode === 'exact' ? liveRows.filter(inherited) : liveRows;
  const keptNames = kept.filter((r) => !inherited(r)).map((r) => rowName(r, 'Team', ctx));
  const added = desiredTeams(m, ctx)
    .filter((n) => !hasName(keptNames, n))
    .map((n) => ({ team_id: ctx.idOf('Team', n), team_name: n }));
  return [...kept, ...added];
}

/** One canonical department membership. */
export interface DepartmentRow {
  name: string;
  level: unknown;
}

/** Desired department memberships, canonical. */
function desiredDepartments(m: DepartmentMembership, ctx: KindContext): DepartmentRow[] {
  return sortRows(m.members.map((x) => ({ name: ctx.displayName('Department', x.name), level: x.level })));
}

/**
 * The named departments in the spelling live rows are read in (a department renamed through
 * `previously` may still be named by its old name here: its rows read back under the new one).
 */
function wantedDepartments(m: DepartmentMembership, ctx: KindContext): string[] {
  return m.members.map((x) => ctx.displayName('Department', x.name));
}

/** Live direct department memberships with friendly levels; `include` compares only named ones. */
function liveDepartments(raw: HaloRecord, m: DepartmentMembership, ctx: KindContext): DepartmentRow[] {
  const rows = records(raw, 'departments')
    .filter((r) => !inherited(r))
    .map((r) => ({ name: rowName(r, 'Department', ctx), level: fromHalo(ctx.catalog.membershipLevels, r.membershiplevel) }));
  const wanted = wantedDepartments(m, ctx);
  return sortRows(m.mode === 'exact' ? rows : rows.filter((r) => hasName(wanted, r.name)));
}

/** The `departments` list to POST. */
function departmentsPayload(m: DepartmentMembership, ctx: KindContext, live: HaloRecord | undefined): HaloRecord[] {
  const liveRows = live ? records(live, 'departments') : [];
  const wanted = wantedDepartments(m, ctx);
  const kept = liveRows.filter((r) => inherited(r) || (m.mode === 'include' && !hasName(wanted, rowName(r, 'Department', ctx))));
  const desired = m.members.map((x) => ({
    department_id: ctx.idOf('Department', x.name),
    department_name: ctx.displayName('Department', x.name),
    membershiplevel: toHalo(ctx.catalog.membershipLevels, x.level) ?? x.level,
  }));
  return [...kept, ...desired];
}

/** How one membership list (`teams` or `departments`) is compared, written and exported. */
interface Membership<M> {
  desired(m: M, ctx: KindContext): unknown;
  live(raw: HaloRecord, m: M, ctx: KindContext): unknown;
  payload(m: M, ctx: KindContext, live: HaloRecord | undefined): HaloRecord[];
  /** The live direct memberships, exact mode. */
  exported(raw: HaloRecord, ctx: KindContext): M;
}

/** The codec of a membership list: add/remove sets, the list POSTed under the same key. */
function membershipCodec<K extends 'teams' | 'departments'>(key: K, m: Membership<NonNullable<AgentSpec[K]>>): FieldCodec<AgentSpec> {
  return {
    set: true,
    canonical: (spec, ctx) => (spec[key] ? m.desired(spec[key], ctx) : undefined),
    normalize: (live, spec, ctx) => (spec[key] ? m.live(live.raw, spec[key], ctx) : undefined),
    payload(p, spec, ctx, live) {
      if (spec[key] !== undefined) p[key] = m.payload(spec[key], ctx, live?.raw);
    },
    export: (live, ctx) => m.exported(live.raw, ctx),
  };
}

/** `teams`: team names. */
export const teamsCodec = membershipCodec('teams', {
  desired: desiredTeams,
  live: liveTeams,
  payload: teamsPayload,
  exported: (raw, ctx) => ({ mode: 'exact', members: nameSet(records(raw, 'teams').filter((r) => !inherited(r)).map((r) => rowName(r, 'Team', ctx))) }),
});

/** `departments`: {name, level} rows. */
export const departmentsCodec = membershipCodec('departments', {
  desired: desiredDepartments,
  live: liveDepartments,
  payload: departmentsPayload,
  exported(raw, ctx) {
    const deps = records(raw, 'departments')
      .filter((r) => !inherited(r))
      .map((r) => ({ name: rowName(r, 'Department', ctx), level: String(fromHalo(ctx.catalog.membershipLevels, r.membershiplevel)) }));
    return { mode: 'exact', members: sortRows(deps) };
  },
});

function sortRows<T extends DepartmentRow>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.name.localeCompare(b.name) || String(a.level).localeCompare(String(b.level)));
}
