/**
 * Team (Halo "section", /api/Team, schema SectionDetail). `use` maps to the boolean fields named by
 * catalog.teamUse (forrequests / foropps / forprojects); the department is a reference by name,
 * sent as `department_id`.
 */
import type { TeamSpec, TeamUse } from '../../constructs/kinds/team.js';
import { teamReferences } from '../../constructs/kinds/team.js';
import type { HaloRecord } from '../halo/types.js';
import type { Canonical } from '../model/plan.js';
import type { KindHandler } from './types.js';
import { bool, nameSet, str } from './lookup.js';

function departmentName(raw: HaloRecord, ctx: Parameters<KindHandler<TeamSpec>['normalize']>[2]): string | null {
  const id = raw.department_id;
  if (id !== undefined && id !== null && id !== 0) return ctx.nameOf('Department', id as number) ?? str(raw, 'department_name') ?? null;
  return str(raw, 'department_name') || null;
}

/** Teams: department, use, inactive, addToAllAgents. */
export const teamHandler: KindHandler<TeamSpec> = {
  kind: 'Team',
  apiPath: 'Team',
  dependsOn: ['Department'],
  sets: ['use'],
  delete: true,
  liveName: (raw) => str(raw, 'name') ?? '',
  list: (reader) => reader.list<HaloRecord>('Team', { includedisabled: 'true', includeenabled: 'true' }),
  // The list form (SectionDetail_List) lacks addtoallagents: read the team itself when it is managed.
  detail: (reader, listed) => reader.get<HaloRecord>('Team', listed.id as number),
  needsDetail: (spec) => spec.addToAllAgents !== undefined,
  references: teamReferences,
  canonical(spec, ctx) {
    const out: Canonical = {};
    if (spec.department !== undefined) out.department = ctx.displayName('Department', spec.department);
    if (spec.use !== undefined) out.use = nameSet(spec.use);
    if (spec.inactive !== undefined) out.inactive = spec.inactive;
    if (spec.addToAllAgents !== undefined) out.addToAllAgents = spec.addToAllAgents;
    return out;
  },
  normalize(live, spec, ctx) {
    const out: Canonical = {};
    if (spec.department !== undefined) out.department = departmentName(live.raw, ctx);
    if (spec.use !== undefined) {
      out.use = nameSet(Object.entries(ctx.catalog.teamUse).filter(([, v]) => bool(live.raw, v.halo)).map(([k]) => k));
    }
    if (spec.inactive !== undefined) out.inactive = bool(live.raw, 'inactive');
    if (spec.addToAllAgents !== undefined) out.addToAllAgents = bool(live.raw, 'addtoallagents');
    return out;
  },
  toPayload(desired, ctx, live) {
    const spec = desired.spec;
    const p: HaloRecord = live ? { id: live.id, name: desired.name } : { name: desired.name };
    if (spec.department !== undefined) p.department_id = ctx.idOf('Department', spec.department);
    if (spec.use !== undefined) {
      for (const [use, v] of Object.entries(ctx.catalog.teamUse)) p[v.halo] = spec.use.includes(use as TeamUse);
    }
    if (spec.inactive !== undefined) p.inactive = spec.inactive;
    if (spec.addToAllAgents !== undefined) p.addtoallagents = spec.addToAllAgents;
    return p;
  },
  toSpec(live, ctx) {
    const spec: TeamSpec = {};
    const dep = departmentName(live.raw, ctx);
    if (dep) spec.department = dep;
    spec.use = Object.entries(ctx.catalog.teamUse).filter(([, v]) => bool(live.raw, v.halo)).map(([k]) => k as TeamUse).sort();
    spec.inactive = bool(live.raw, 'inactive');
    return spec;
  },
};
