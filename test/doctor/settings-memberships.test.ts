/**
 * doctor's settings and membership checks over HTTP: the Control field the catalog's settings entry
 * names (read from the catalog, so an override moves the check) and its value; department
 * membership levels in use, agents' own rows and roles' rows (rows an agent inherits from a role
 * are counted once, on the role).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../cli/harness.js';
import { applyOverrides, check, doctorWorkspace, runDoctorJson } from './helpers.js';

let ws: Workspace;
afterEach(async () => {
  await ws.close();
});

describe('doctor settings check', () => {
  it('disagrees on a value outside the entry, and teaches it', async () => {
    ws = await doctorWorkspace();
    await ws.client().upsert('Control', [{ id: 1, nextfaultidcalculationmethod: 5 }]);
    const c = check((await runDoctorJson(ws)).checks, 'settings.nextTicketIdMethod');
    expect(c).toMatchObject({ verdict: 'disagrees', observed: 'nextfaultidcalculationmethod is present: 5, not in the catalog' });
    expect(c.override).toBe(
      ['settings:', '  nextTicketIdMethod:', '    values:', '      <name for 5>:', '        halo: 5', '        verified: false', '        source: seen on the tenant by halo-iac doctor'].join('\n'),
    );
    applyOverrides(ws, [c.override]);
    expect(check((await runDoctorJson(ws)).checks, 'settings.nextTicketIdMethod')).toMatchObject({ verdict: 'agrees', observed: 'nextfaultidcalculationmethod is present: 5 (<name for 5>)' });
  });

  it('reads the field from the catalog: a field Control lacks disagrees', async () => {
    ws = await doctorWorkspace();
    ws.write('environments/test/catalog/overrides.yaml', 'settings:\n  nextTicketIdMethod: { field: nextticketidmethod }\n');
    const r = await runDoctorJson(ws);
    const c = check(r.checks, 'settings.nextTicketIdMethod');
    expect(c.assumption).toBe('GET /api/Control has nextticketidmethod ("Next Ticket ID Calculation Method"), valued autoIncrementingKey 1, default 0');
    expect(c.verdict).toBe('disagrees');
    expect(c.observed).toMatch(/^nextticketidmethod is not among the \d+ fields of \/api\/Control$/);
    expect(c.override).toContain('    field: <the Control field for "Next Ticket ID Calculation Method">');
    expect(r.log.filter((e) => e.path === '/api/Control')).toHaveLength(1);
  });
});

describe('doctor membership level check', () => {
  it('counts levels per agent and role row, names them from the catalog, and teaches an unknown one', async () => {
    ws = await doctorWorkspace();
    await ws.client().upsert('Agent', [{ id: 2, departments: [{ department_id: 2, membershiplevel: 7 }, { department_id: 3, membershiplevel: 3 }] }]);
    // Jane holds the Agent role: its department row shows on her too (role_id set), and counts once, on the role.
    await ws.client().upsert('Roles', [{ id: '3b9c7d2e-1a4f-4e6b-8c5d-000000000002', departments: [{ department_id: 4, membershiplevel: 2 }] }]);
    const r = await runDoctorJson(ws);
    const c = check(r.checks, 'departments.membership-levels');
    expect(c).toMatchObject({
      verdict: 'disagrees',
      observed: '6 department memberships on 2 agents and 3 sampled roles: 0 (member) on 3 agent rows; 2 (modifyOwn) on 1 role row; 3 (modifyAll) on 1 agent row; 7 (not in the catalog) on 1 agent row',
    });
    expect(c.assumption).toContain("modifyAll 3 (modifyAll: DEPT-SQL reads UDmembershiplevel = 3 as 'Head of Department'");
    expect(c.override).toBe(
      ['# Name each level as the Departments & Teams tab shows it', 'membershipLevels:', '  <name for 7>:', '    halo: 7', '    verified: false', '    source: seen on the tenant by halo-iac doctor'].join('\n'),
    );
    applyOverrides(ws, [c.override]);
    expect(check((await runDoctorJson(ws)).checks, 'departments.membership-levels').verdict).toBe('agrees');
  });
});
