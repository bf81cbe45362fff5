/**
 * Department membership levels in use against the catalog's membershipLevels (catalog/membership-
 * levels.yaml; halo-claims.md §2.6: every code is an assumption, and DEPT-SQL reads level 3 as
 * "Head of Department"). Agents' own rows come from every listed agent (the list form has them;
 * a sampled agent's detail form is used when read), roles' rows from the sampled roles.
 */
import type { HaloRecord } from '../halo/types.js';
import type { Catalog } from '../model/catalog.js';
import { ownMembershipLevels } from './halo-fields.js';
import { nameFor, overrideYaml, SEEN } from './overrides.js';
import type { TenantRead } from './tenant.js';
import type { CheckResult } from './types.js';
import { count, notRead, quoted } from './words.js';

/** The membership level check. */
export function membershipLevelCheck(catalog: Catalog, read: TenantRead): CheckResult {
  const table = Object.entries(catalog.membershipLevels);
  const notes = table.filter(([, v]) => v.note !== undefined).map(([name, v]) => `${name}: ${v.note}`);
  const base = {
    id: 'departments.membership-levels',
    area: 'memberships',
    assumption: `Department membership levels are the catalog's membershipLevels: ${table.map(([name, v]) => `${name} ${v.halo}`).join(', ')}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`,
  };
  if (!read.agents) return { ...base, observed: notRead('the agent list', read.failures.agents), verdict: 'not seen' };
  const detail = new Map(read.sampled.filter((h) => h.kind === 'agent').map((h) => [String(h.raw.id), h.raw]));
  const agents: HaloRecord[] = read.agents.map((a) => detail.get(String(a.id)) ?? a);
  const roles = read.sampled.filter((h) => h.kind === 'role').map((h) => h.raw);
  const levels = new Map<string, { level: unknown; agents: number; roles: number }>();
  const tally = (rows: HaloRecord[], side: 'agents' | 'roles') => {
    for (const level of rows.flatMap(ownMembershipLevels)) {
      const key = JSON.stringify(level ?? null);
      const s = levels.get(key) ?? { level, agents: 0, roles: 0 };
      s[side] += 1;
      levels.set(key, s);
    }
  };
  tally(agents, 'agents');
  tally(roles, 'roles');
  const rows = [...levels.values()].sort((a, b) => Number(a.level) - Number(b.level));
  const total = rows.reduce((n, r) => n + r.agents + r.roles, 0);
  const scope = `${count(read.agents.length, 'agent')} and ${count(roles.length, 'sampled role')}`;
  if (total === 0) return { ...base, observed: `no department memberships on ${scope}`, verdict: 'not seen' };
  const nameOf = (level: unknown) => table.find(([, v]) => String(v.halo) === String(level))?.[0];
  const text = rows.map((r) => `${quoted(r.level)} ${nameOf(r.level) ? `(${nameOf(r.level)})` : '(not in the catalog)'} on ${[r.agents ? count(r.agents, 'agent row') : '', r.roles ? count(r.roles, 'role row') : ''].filter(Boolean).join(' and ')}`);
  const unknown = rows.filter((r) => nameOf(r.level) === undefined);
  const observed = `${count(total, 'department membership')} on ${scope}: ${text.join('; ')}`;
  if (unknown.length === 0) return { ...base, observed, verdict: 'agrees' };
  const numeric = unknown.filter((r): r is typeof r & { level: number } => typeof r.level === 'number' && Number.isInteger(r.level));
  return {
    ...base,
    observed,
    verdict: 'disagrees',
    override: overrideYaml(
      numeric.map((r) => ({ membershipLevels: { [nameFor(r.level)]: { halo: r.level, ...SEEN } } })),
      ['Name each level as the Departments & Teams tab shows it'],
    ),
  };
}
