/**
 * `absent: true` needs no spec (issue 9 §4), for every kind, from the manifest to Halo: each
 * document below is only a kind and a name, and plan + apply delete the live object.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import type { HaloRecord } from '../../src/halo/types.js';
import { RESOURCE_KINDS, type KindName } from '../../src/model/kinds.js';
import { docs, workspace, type Workspace } from './harness.js';

/** A live object per deletable kind, created through the API: route, name field, create body. */
const LIVE: Record<Exclude<KindName, 'Settings'>, { route: string; field: string; body: HaloRecord }> = {
  Department: { route: 'TopLevel', field: 'name', body: { agent_department: true } },
  Team: { route: 'Team', field: 'name', body: { department_id: 2 } },
  Role: { route: 'Roles', field: 'name', body: {} },
  CustomField: { route: 'FieldInfo', field: 'name', body: { label: 'Gone' } },
  TicketType: { route: 'TicketType', field: 'name', body: {} },
  Agent: { route: 'Agent', field: 'name', body: { isapiagent: true } },
  Application: { route: 'Application', field: 'displayName', body: { loginas_agent_id: 2 } },
  Webhook: { route: 'Webhook', field: 'name', body: { url: 'https://hooks.example.invalid/gone' } },
};

describe('absent: true without a spec', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => ws.close());

  it('deletes a live object of every deletable kind', async () => {
    const client = ws.client();
    const kinds = Object.keys(LIVE) as (keyof typeof LIVE)[];
    expect(kinds).toEqual(RESOURCE_KINDS.filter((k) => k !== 'Settings'));
    for (const kind of kinds) await client.upsert(LIVE[kind].route as never, [{ [LIVE[kind].field]: `Gone ${kind}`, ...LIVE[kind].body }]);
    ws.writeEnv(docs(...kinds.map((k) => `kind: ${k}\nname: Gone ${k}\nabsent: true`)), { environmentExtra: 'policy:\n  allowDelete: true\n  maxDeletes: 10' });
    const planned = await ws.run(plan, { env: 'test', allowDelete: true, detailedExitcode: true });
    expect(planned.stderr).not.toContain('error');
    expect(planned.code).toBe(2);
    expect(planned.stdout).toContain('Plan: 0 to add, 0 to change, 8 to destroy.');
    const applied = await ws.run(apply, { env: 'test', allowDelete: true, autoApprove: true });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete! Resources: 0 added, 0 changed, 8 destroyed.');
    for (const kind of kinds) {
      const names = (await client.list(LIVE[kind].route as never, kind === 'Agent' ? { includeapiagents: true } : kind === 'Department' ? { agent_departments_only: true } : {})).map((r) => r[LIVE[kind].field]);
      expect(names, kind).not.toContain(`Gone ${kind}`);
    }
  });

  it('Settings: an absent settings document is refused by plan (settings cannot be deleted), not a crash', async () => {
    ws.writeEnv(docs('kind: Settings\nname: settings\nabsent: true'), { environmentExtra: 'policy:\n  allowDelete: true' });
    const r = await ws.run(plan, { env: 'test', allowDelete: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refusing to delete settings/settings: Settings objects cannot be deleted');
  });
});
