/**
 * The markdown view is meant for a bug report: it must carry no secret, token, e-mail address,
 * URL, or name or id of an agent, role, team, department or application, even when the tenant
 * stores one where a code belongs. Names and addresses are planted in the tenant, and the text
 * view (which names the objects a finding was seen on) proves they were within reach.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HaloRecord } from '../../src/halo/types.js';
import type { Workspace } from '../cli/harness.js';
import { doctorWorkspace, runDoctor, runDoctorJson } from './helpers.js';

let ws: Workspace;
afterEach(async () => {
  await ws.close();
});

const EMAIL = 'zed.plantedname@hidden.example';

async function plant(): Promise<void> {
  const c = ws.client();
  const [dep] = await c.upsert<HaloRecord>('TopLevel', [{ name: 'Plantedname Department', agent_department: true, organisation_id: 1 }]);
  await c.upsert('Team', [{ name: 'Plantedname Team', department_id: dep?.id }]);
  const [role] = await c.upsert<HaloRecord>('Roles', [{ name: 'Plantedname Role', claims: [{ type: 'Qq', value: 'x' }], departments: [{ department_id: dep?.id, membershiplevel: 9 }] }]);
  await c.upsert('Agent', [
    {
      name: 'Zed Plantedname',
      email: EMAIL,
      roles: [{ id: role?.id }],
      claims: [{ type: 'Tx', value: EMAIL }, { type: EMAIL, value: '1' }, { type: 'Qq', value: '3' }],
      departments: [{ department_id: dep?.id, membershiplevel: 8 }],
    },
  ]);
  await c.upsert('Application', [{ displayName: 'Plantedname App', grant_type: 'plantedname@grant.example', loginentity: 1, scopes: [{ name: 'all' }] }]);
}

/** Everything that must not reach a bug report. */
function secretsAndNames(): (string | RegExp)[] {
  const state = ws.sim.snapshot().collections;
  const ids = Object.values(state).flatMap((rows) => rows.map((r) => String(r['id'])).filter((id) => id.length > 8));
  return ['Plantedname', 'Jane Smith', 'Acme', '1st Line Support', 'halo-iac bootstrap', ws.sim.clientId, ws.sim.clientSecret, ws.sim.url, ...ids, /@/, /https?:\/\//, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/i, /Bearer/];
}

describe('doctor output formats', () => {
  it('markdown holds counts and codes only, no names, addresses, ids or secrets', async () => {
    ws = await doctorWorkspace();
    await plant();
    const text = (await runDoctor(ws)).stdout;
    // Within reach: text names the objects a finding was seen on.
    expect(text).toContain('agent/Zed Plantedname');
    expect(text).toContain('role/Plantedname Role');
    const md = await runDoctor(ws, { format: 'markdown' });
    expect(md.code).toBe(1);
    for (const bad of secretsAndNames()) expect(md.stdout).not.toMatch(bad);
    // A value that is not a code is shown by its length only.
    expect(md.stdout).toContain(`(a value of ${EMAIL.length} characters)`);
    expect(md.stdout).toContain('| **disagrees** | `claims.unknown-types` |');
    expect(md.stdout).toContain('<details><summary><code>claims.values</code></summary>');
    expect(md.stdout.split('\n').at(-2)).toBe('16 checks: 9 agree, 4 disagree, 3 not seen. 15 API calls, all reads.');
  });

  it('JSON carries no names either (the objects seen on are text only)', async () => {
    ws = await doctorWorkspace();
    await plant();
    const r = await runDoctorJson(ws);
    for (const bad of secretsAndNames()) expect(r.stdout).not.toMatch(bad);
    expect(r.stdout).not.toContain('seenOn');
  });
});
