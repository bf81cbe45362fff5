/**
 * doctor's claim checks on claims planted out of band (through the simulator's API, as a tenant
 * would hold them): a claim type the catalog does not know, a value outside a level's table, a
 * yes/no claim holding neither spelling, a yes/no code stored only as 'true'; each disagreement's
 * override, pasted into policy.catalog as printed, makes the check agree.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../cli/harness.js';
import { applyOverrides, check, doctorWorkspace, runDoctor, runDoctorJson } from './helpers.js';

let ws: Workspace;
afterEach(async () => {
  await ws.close();
});

/** Gives Jane Smith (agent 2) these claims, replacing the seed's. */
async function janeClaims(pairs: Record<string, string>): Promise<void> {
  await ws.client().upsert('Agent', [{ id: 2, claims: Object.entries(pairs).map(([type, value]) => ({ type, value })) }]);
}

describe('doctor claim checks', () => {
  it('names an unknown claim type with counts and proposes a permission entry for it', async () => {
    ws = await doctorWorkspace();
    await janeClaims({ Qq: '2', Tx: '1' });
    const r = await runDoctorJson(ws);
    const c = check(r.checks, 'claims.unknown-types');
    expect(c.verdict).toBe('disagrees');
    expect(c.observed).toBe('2 of 2 agents and 3 of 3 roles sampled: 24 claim types seen, 23 in the catalog; not in the catalog: Qq on 1 agent');
    expect(c.override).toBe(
      [
        '# A permission per claim type: its Permissions-tab label and values, as the Halo UI shows them',
        'permissions:',
        '  <key for Qq>:',
        '    label: <Permissions-tab label>',
        '    target:',
        '      claim: Qq',
        '    type: level',
        '    values:',
        '      <name for "2">:',
        '        halo: "2"',
        '        label: <UI option>',
        '        verified: false',
        '        source: seen on the tenant by halo-iac doctor',
        '    verified: false',
        '    source: seen on the tenant by halo-iac doctor',
      ].join('\n'),
    );
    applyOverrides(ws, [c.override]);
    const again = await runDoctorJson(ws);
    expect(check(again.checks, 'claims.unknown-types')).toMatchObject({ verdict: 'agrees', observed: '2 of 2 agents and 3 of 3 roles sampled: 24 claim types seen, 24 in the catalog' });
    expect(again.code).toBe(0);
  });

  it('proposes a yes/no permission when every value seen is a yes/no spelling', async () => {
    ws = await doctorWorkspace();
    await janeClaims({ Qy: 'true' });
    const c = check((await runDoctorJson(ws)).checks, 'claims.unknown-types');
    expect(c.override).toContain('    type: boolean\n    values:\n      yes:\n        halo: "true"');
    expect(c.override).toContain('      no:\n        halo: "false"');
    applyOverrides(ws, [c.override]);
    expect(verdictOf(await runDoctorJson(ws), 'claims.unknown-types')).toBe('agrees');
  });

  it('shows values outside a table raw, next to the table, and teaches them', async () => {
    ws = await doctorWorkspace();
    await janeClaims({ Tx: '7', Ticket_Level: '9', l6: 'maybe' });
    const r = await runDoctorJson(ws);
    const c = check(r.checks, 'claims.values');
    expect(c.verdict).toBe('disagrees');
    expect(c.observed).toBe(
      '2 of 2 agents and 3 of 3 roles sampled: 3 values outside the table: Tx = "7" on 1 agent (tickets: "0" none, "1" readOnly, "2" readModify); ' +
        'Ticket_Level (Tx) = "9" on 1 agent (tickets: "0" none, "1" readOnly, "2" readModify); l6 = "maybe" on 1 agent (canAddTickets: "1" true, "0" false)',
    );
    expect(c.override).toContain('      <name for "7">:\n        halo: "7"');
    expect(c.override).toContain('      <name for "9">:\n        halo: "9"');
    expect(c.override).toContain('yesNoSpellings:\n  yes:\n    - "1"\n    - "true"\n    - maybe');
    applyOverrides(ws, [c.override]);
    expect(verdictOf(await runDoctorJson(ws), 'claims.values')).toBe('agrees');
  });

  it("disagrees when a yes/no code is never stored in the catalog's spelling, and writes it the tenant's way", async () => {
    ws = await doctorWorkspace();
    await janeClaims({ lf: 'true', Can_View_Unassigned_Tickets: 'false' });
    const c = check((await runDoctorJson(ws)).checks, 'claims.yes-no-spellings');
    expect(c.verdict).toBe('disagrees');
    expect(c.observed).toBe(
      '2 of 2 agents and 3 of 3 roles sampled: 19 yes/no claims; other spellings: lf: "true" ×1; l9 under an alias: "false" ×1. ' +
        "The catalog's spelling is never used for lf",
    );
    expect(c.override).toBe(['permissions:', '  canEditClosedTickets:', '    values:', '      yes:', '        halo: "true"', '      no:', '        halo: "false"'].join('\n'));
    applyOverrides(ws, [c.override]);
    expect(check((await runDoctorJson(ws)).checks, 'claims.yes-no-spellings')).toMatchObject({
      verdict: 'agrees',
      observed: '2 of 2 agents and 3 of 3 roles sampled: 19 yes/no claims; other spellings: l9 under an alias: "false" ×1',
    });
  });

  it('agrees when a code has both spellings (the catalog spelling is in use)', async () => {
    ws = await doctorWorkspace();
    // The Agent role holds l9 = '1'; Jane holds the same code as 'true'.
    await janeClaims({ l9: 'true' });
    const c = check((await runDoctorJson(ws)).checks, 'claims.yes-no-spellings');
    expect(c).toMatchObject({ verdict: 'agrees', observed: "2 of 2 agents and 3 of 3 roles sampled: 18 yes/no claims; other spellings: l9: \"true\" ×1 (and the catalog's spelling ×1)" });
  });

  it("reads TD as Td, another spelling the catalog lists: known, in the table, and named as a spelling, not a legacy name", async () => {
    ws = await doctorWorkspace();
    await janeClaims({ TD: '1' });
    const r = await runDoctorJson(ws);
    expect(check(r.checks, 'claims.unknown-types').observed).not.toContain('not in the catalog');
    expect(check(r.checks, 'claims.values').verdict).toBe('agrees');
    expect(check(r.checks, 'claims.legacy-names')).toMatchObject({
      verdict: 'agrees',
      observed: "2 of 2 agents and 3 of 3 roles sampled: legacy names or other spellings in use, read through the catalog's aliases: TD (another spelling of Td) on 1 agent",
    });
  });

  it("proposes a new yes/no permission in the catalog's spellings at the value's position, a placeholder where it has none", async () => {
    ws = await doctorWorkspace();
    ws.write('environments/test/catalog/overrides.yaml', 'yesNoSpellings:\n  yes: ["1", "true", "Y", "on"]\n  no: ["0", "false", "N"]\n');
    await janeClaims({ Qy: 'N', Qz: 'on' });
    const c = check((await runDoctorJson(ws)).checks, 'claims.unknown-types');
    const entry = (key: string) => c.override?.split('\n  <key for ').find((e) => e.startsWith(`${key}>`)) ?? '';
    expect(entry('Qy')).toContain('    type: boolean\n    values:\n      yes:\n        halo: Y');
    expect(entry('Qy')).toContain('      no:\n        halo: N');
    // "on" has no "no" beside it in the catalog: a placeholder, not a '0' of doctor's own.
    expect(entry('Qz')).toContain('      yes:\n        halo: on');
    expect(entry('Qz')).toContain('      no:\n        halo: <stored value for No>');
  });

  it('says "not seen" when no sampled agent or role holds a claim', async () => {
    ws = await doctorWorkspace();
    const r = await runDoctorJson(ws, { sample: 0 });
    expect(check(r.checks, 'claims.unknown-types')).toMatchObject({
      verdict: 'not seen',
      observed: '0 of 2 agents and 0 of 3 roles sampled: no claims on any of them (the API may not return claims: the claim codes stay unverified)',
    });
    expect(['claims.values', 'claims.legacy-names', 'claims.yes-no-spellings'].map((id) => check(r.checks, id).verdict)).toEqual(['not seen', 'not seen', 'not seen']);
    // No disagreement is left once Jane's Tx = '7' is not sampled, and no error: exit 0.
    expect(r.code).toBe(0);
    expect(r.apiCalls).toBe(8);
  });

  it('names in text the objects a finding was seen on', async () => {
    ws = await doctorWorkspace();
    await ws.client().upsert('Roles', [{ id: '3b9c7d2e-1a4f-4e6b-8c5d-000000000003', claims: [{ type: 'Qq', value: '1' }] }]);
    await janeClaims({ Qq: '2' });
    const lines = (await runDoctor(ws)).stdout.split('\n');
    const at = lines.indexOf('disagrees  claims.unknown-types (permissions)');
    expect(lines[at + 2]).toBe('  observed:   2 of 2 agents and 3 of 3 roles sampled: 24 claim types seen, 23 in the catalog; not in the catalog: Qq on 1 agent and 1 role');
    expect(lines[at + 3]).toBe('  seen on:    agent/Jane Smith, role/Read Only');
  });
});

function verdictOf(r: { checks: { id: string; verdict: string }[] }, id: string): string {
  return check(r.checks as never, id).verdict;
}
