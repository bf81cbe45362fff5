/** Literal Plan documents for renderer tests (renderers read only this shape). */
import type { Plan, ResourceChange } from '../../src/model/plan.js';

export function emptyPlan(): Plan {
  return {
    format_version: '1.0',
    tool_version: '0.1.0',
    environment: 'prod',
    target: { url: 'https://acme.halopsa.com', tenant: 'acme' },
    created_at: '2025-01-01T00:00:00.000Z',
    resource_changes: [],
    summary: { add: 0, change: 0, destroy: 0 },
    api_calls: { read: 7, apply_estimate: 0 },
    warnings: [],
    errors: [],
  };
}

export function createTeam(name: string): ResourceChange {
  return {
    address: `team/${name}`,
    kind: 'Team',
    name,
    change: { actions: ['create'], before: null, after: { department: 'Service Delivery', use: ['tickets'] }, before_sensitive: [], after_sensitive: [] },
    field_changes: [
      { path: 'department', before: undefined, after: 'Service Delivery' },
      { path: 'use', before: undefined, after: ['tickets'] },
    ],
    source: { file: 'environments/prod/teams.yaml', line: 3, column: 7 },
    risks: [],
    depends_on: [],
  };
}

/** One plan with a create, an update with a set change, a sensitive field, a destroy, and risks. */
export function mixedPlan(): Plan {
  const update: ResourceChange = {
    address: 'agent/Moovila API',
    kind: 'Agent',
    name: 'Moovila API',
    live_id: 12,
    change: {
      actions: ['update'],
      before: { email: 'old@acme.com', teams: { mode: 'exact', members: ['Sales'] } },
      after: { email: 'api@acme.com', teams: { mode: 'exact', members: ['Projects'] } },
      before_sensitive: [],
      after_sensitive: [],
    },
    field_changes: [
      { path: 'email', before: 'old@acme.com', after: 'api@acme.com' },
      { path: 'teams.members', before: ['Sales'], after: ['Projects'], added: ['Projects'], removed: ['Sales'] },
    ],
    source: { file: 'environments/prod/agents.yaml', line: 10, column: 7 },
    risks: ['privilege-escalation'],
    live_fingerprint: 'abc',
    depends_on: ['team/Projects'],
  };
  const app: ResourceChange = {
    address: 'application/Moovila',
    kind: 'Application',
    name: 'Moovila',
    live_id: 'a-1',
    change: {
      actions: ['update'],
      before: { secret: { rotate: 1 } },
      after: { secret: { rotate: 2 } },
      before_sensitive: ['secret.rotate'],
      after_sensitive: ['secret.rotate'],
    },
    field_changes: [{ path: 'secret.rotate', before: 'TOPSECRET-OLD', after: 'TOPSECRET-NEW' }],
    risks: [],
    depends_on: [],
  };
  const destroy: ResourceChange = {
    address: 'team/Old',
    kind: 'Team',
    name: 'Old',
    live_id: 9,
    change: { actions: ['delete'], before: { department: 'Sales' }, after: null, before_sensitive: [], after_sensitive: [] },
    field_changes: [],
    risks: ['destroy'],
    depends_on: [],
  };
  const noop: ResourceChange = { ...createTeam('Same'), change: { ...createTeam('Same').change, actions: ['no-op'] } };
  return {
    ...emptyPlan(),
    resource_changes: [createTeam('Projects'), update, app, destroy, noop],
    summary: { add: 1, change: 2, destroy: 1 },
  };
}

/** A plan creating `n` teams, each flagged with a risk so the risk table is exercised too. */
export function hugePlan(n: number): Plan {
  const changes: ResourceChange[] = [];
  for (let i = 0; i < n; i++) changes.push({ ...createTeam(`Team ${String(i).padStart(5, '0')} ${'x'.repeat(40)}`), risks: ['licence'] });
  return { ...emptyPlan(), resource_changes: changes, summary: { add: n, change: 0, destroy: 0 } };
}

/**
 * A plan with the review fields of issue 10: risk reasons (one risk left bare), destroys with
 * nested live objects and dependents, a reason that (wrongly) quotes a secret, and live objects
 * nobody manages, given in an order that is not privileged-first.
 */
export function reviewPlan(): Plan {
  const escalate: ResourceChange = {
    address: 'agent/Moovila API',
    kind: 'Agent',
    name: 'Moovila API',
    live_id: 12,
    change: {
      actions: ['update'],
      before: { permissions: { canDeleteTickets: false } },
      after: { permissions: { canDeleteTickets: true } },
      before_sensitive: [],
      after_sensitive: [],
    },
    field_changes: [{ path: 'permissions.canDeleteTickets', before: false, after: true }],
    source: { file: 'environments/prod/agents.yaml', line: 10, column: 7 },
    risks: ['lockout', 'privilege-escalation'],
    risk_reasons: [{ risk: 'privilege-escalation', reason: 'permissions.canDeleteTickets false -> true' }],
    live_fingerprint: 'abc',
    depends_on: [],
  };
  const rotate: ResourceChange = {
    address: 'application/Moovila',
    kind: 'Application',
    name: 'Moovila',
    live_id: 'a-1',
    change: {
      actions: ['update'],
      before: { scopes: ['read:tickets'], secret: { value: 'TOPSECRET-OLD' } },
      after: { scopes: ['all', 'read:tickets'], secret: { value: 'TOPSECRET-NEW' } },
      before_sensitive: ['secret.value'],
      after_sensitive: ['secret.value'],
    },
    field_changes: [
      { path: 'scopes', before: ['read:tickets'], after: ['all', 'read:tickets'], added: ['all'] },
      { path: 'secret', before: { value: 'TOPSECRET-OLD' }, after: { value: 'TOPSECRET-NEW' } },
    ],
    risks: ['privilege-escalation'],
    risk_reasons: [{ risk: 'privilege-escalation', reason: 'scopes + "all" (secret TOPSECRET-NEW)' }],
    depends_on: [],
  };
  const destroyTeam: ResourceChange = {
    address: 'team/Old',
    kind: 'Team',
    name: 'Old',
    live_id: 9,
    change: {
      actions: ['delete'],
      before: { department: 'Sales', inbox: { address: 'old@acme.com', rules: { spam: true } }, members: ['Jane Smith', 'Ops Bot'], tags: [], use: ['tickets'] },
      after: null,
      before_sensitive: [],
      after_sensitive: [],
    },
    field_changes: [],
    risks: ['destroy'],
    risk_reasons: [{ risk: 'destroy', reason: 'team/Old' }],
    depends_on: [],
    dependents: [
      { address: 'agent/Jane Smith', reason: 'member of team/Old' },
      { address: 'agent/Ops Bot', reason: 'member of team/Old' },
    ],
  };
  const destroyAgent: ResourceChange = {
    address: 'agent/Old Bot',
    kind: 'Agent',
    name: 'Old Bot',
    live_id: 31,
    change: { actions: ['delete'], before: { apiOnly: true, email: 'bot@acme.com' }, after: null, before_sensitive: [], after_sensitive: [] },
    field_changes: [],
    risks: ['destroy'],
    depends_on: [],
    dependents: [{ address: 'application/Old App', reason: 'logs in as agent/Old Bot' }],
  };
  return {
    ...emptyPlan(),
    resource_changes: [createTeam('Projects'), escalate, rotate, destroyTeam, destroyAgent],
    summary: { add: 1, change: 2, destroy: 2 },
    unmanaged: [
      { address: 'team/Misc', live_id: 14, risks: [] },
      { address: 'agent/Helper', live_id: 6, risks: ['api-only-agent'] },
      { address: 'application/Legacy', live_id: 'a-9', risks: ['scope-all'] },
      { address: 'agent/Hand Admin', live_id: 5, risks: ['api-only-agent', 'admin-agent'] },
      { address: 'role/Super', live_id: 'r-1', risks: ['role-administrator'] },
    ],
  };
}

/** `n` live objects nobody manages, every third an admin agent. */
export function unmanagedObjects(n: number): NonNullable<Plan['unmanaged']> {
  return Array.from({ length: n }, (_, i) =>
    i % 3 === 0 ? { address: `agent/Admin ${i}`, live_id: i, risks: ['admin-agent' as const] } : { address: `team/Team ${i}`, live_id: i, risks: [] },
  );
}
