import { describe, expect, it } from 'vitest';
import { agentHandler } from '../../src/kinds/agent.js';
import { roleHandler } from '../../src/kinds/role.js';
import { applicationHandler, liveRotateCounter, withRotateCounter } from '../../src/kinds/application.js';
import { buildContext } from '../../src/engine/context.js';
import { catalog, live, obj } from '../engine/helpers/desired.js';
import type { AgentSpec, RoleSpec } from '../../src/manifest/specs.js';
import type { DesiredObject } from '../../src/manifest/types.js';

const snapshot = live({
  Team: [{ id: 1, name: 'Sales' }, { id: 2, name: 'Projects' }, { id: 3, name: 'Support' }],
  Department: [{ id: 10, name: 'Ops', agent_department: true }],
  Role: [{ id: 'r-1', name: 'Agent' }],
});
const agentRaw = {
  id: 5,
  name: 'Bot',
  teams: [{ team_id: 1, team_name: 'Sales' }, { team_id: 3, team_name: 'Support', role_id: 'r-1' }],
  claims: [{ type: 'unrelated', value: 'x' }, { type: 'tickets_access_level', value: '1' }],
};
const liveAgent = { id: 5, name: 'Bot', raw: agentRaw };

function ctxFor(objects: DesiredObject<object>[]) {
  return buildContext(objects as DesiredObject[], catalog, snapshot, 'apply');
}

describe('agent payloads', () => {
  it('include mode sends live ∪ desired; role-inherited rows are kept', () => {
    const d = obj('Agent', 'Bot', { teams: { mode: 'include', members: ['Projects'] } }) as DesiredObject<AgentSpec>;
    const p = agentHandler.toPayload(d, ctxFor([d]), liveAgent);
    expect(p.teams).toEqual([...agentRaw.teams, { team_id: 2, team_name: 'Projects' }]);
  });

  it('exact mode sends desired plus role-inherited rows only', () => {
    const d = obj('Agent', 'Bot', { teams: { mode: 'exact', members: ['Projects'] } }) as DesiredObject<AgentSpec>;
    const p = agentHandler.toPayload(d, ctxFor([d]), liveAgent);
    expect(p.teams).toEqual([agentRaw.teams[1], { team_id: 2, team_name: 'Projects' }]);
  });

  it('role-inherited memberships never count as live direct memberships', () => {
    const d = obj('Agent', 'Bot', { teams: { mode: 'exact', members: ['Sales'] } }) as DesiredObject<AgentSpec>;
    expect(agentHandler.normalize(liveAgent, d.spec, ctxFor([d])).teams).toEqual(['Sales']);
  });

  it('permissions change only the managed claim types and keep the others', () => {
    const d = obj('Agent', 'Bot', { permissions: { tickets: 'readModifyAll', admin: false } }) as DesiredObject<AgentSpec>;
    const p = agentHandler.toPayload(d, ctxFor([d]), liveAgent);
    expect(p.claims).toEqual([{ type: 'unrelated', value: 'x' }, { type: 'tickets_access_level', value: '3' }]);
    expect(p.is_admin).toBe(false);
    expect(agentHandler.normalize(liveAgent, d.spec, ctxFor([d])).permissions).toEqual({ tickets: 'readOnly', admin: false });
  });
});

describe('role payloads', () => {
  it('raw claims compare only the named types', () => {
    const d = obj('Role', 'Agent', { claims: [{ type: 'tickets_access_level', value: '2' }] }) as DesiredObject<RoleSpec>;
    const liveRole = { id: 'r-1', name: 'Agent', raw: { id: 'r-1', name: 'Agent', claims: agentRaw.claims } };
    expect(roleHandler.normalize(liveRole, d.spec, ctxFor([d])).claims).toEqual(['tickets_access_level=1']);
    expect(roleHandler.toPayload(d, ctxFor([d]), liveRole).claims).toEqual([{ type: 'unrelated', value: 'x' }, { type: 'tickets_access_level', value: '2' }]);
  });
});

describe('application rotate counter', () => {
  it('lives in a JSON field next to other keys', () => {
    const merged = withRotateCounter('{"keep":true}', 3);
    expect(JSON.parse(merged as string)).toEqual({ keep: true, 'halo-iac/secret-rotate': 3 });
    expect(liveRotateCounter({ properties: merged }, catalog)).toBe(3);
    expect(liveRotateCounter({ properties: 'not json' }, catalog)).toBeNull();
    expect(liveRotateCounter({}, catalog)).toBeNull();
  });

  it('the payload never carries a secret by itself (the engine injects it)', () => {
    const d = obj('Application', 'App', { scopes: ['all'], secret: { sink: 'file:x.json' } });
    const p = applicationHandler.toPayload(d as never, ctxFor([d]), undefined);
    expect(p.clientSecret).toBeUndefined();
    expect(p.grant_type).toBe('client_credentials');
    expect(p.scopes).toEqual([{ name: 'all' }]);
  });
});
