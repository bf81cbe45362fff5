/**
 * doctor's application checks over HTTP: grant_type / loginentity codes against the catalog (the
 * login application's must be the catalog's clientCredentials / agent codes), and the login
 * application's scopes against what the declared kinds need (catalog requiredScopes).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HaloRecord } from '../../src/halo/types.js';
import type { Workspace } from '../cli/harness.js';
import { applyOverrides, check, doctorWorkspace, runDoctorJson, TEAM } from './helpers.js';

let ws: Workspace;
afterEach(async () => {
  await ws.close();
});

const BOOTSTRAP = '6e3f5a1c-7b2d-4c8e-9f10-b00751a90001';

describe('doctor application checks', () => {
  it('reports codes the catalog lacks and a login application whose code is not the catalog one', async () => {
    ws = await doctorWorkspace();
    await ws.client().upsert('Application', [
      { id: BOOTSTRAP, loginentity: 3 },
      { displayName: 'Customer Portal', grant_type: 'authorization_code', loginentity: 1, loginas_agent_id: 1, scopes: [{ name: 'read:tickets' }] },
    ]);
    const r = await runDoctorJson(ws);
    const grant = check(r.checks, 'applications.grant-type');
    expect(grant).toMatchObject({
      verdict: 'disagrees',
      observed: 'grant_type on 2 applications: "client_credentials" ×1 (clientCredentials), "authorization_code" ×1 (not in the catalog); the login application\'s is "client_credentials"',
      override: ['authMethods:', '  <name for "authorization_code">:', '    halo: authorization_code', '    verified: false', '    source: seen on the tenant by halo-iac doctor'].join('\n'),
    });
    const login = check(r.checks, 'applications.login-type');
    expect(login).toMatchObject({
      verdict: 'disagrees',
      assumption: "Application loginentity values are the catalog's loginTypes (agent 0, user 1), and the login application's is agent (GET /api/Agent/me answers with an agent)",
      observed: "loginentity on 2 applications: 3 ×1 (not in the catalog), 1 ×1 (user); the login application's is 3",
      override: ['loginTypes:', '  agent:', '    halo: 3', '    verified: false', '    source: seen on the tenant by halo-iac doctor'].join('\n'),
    });
    expect(r.code).toBe(1);
    applyOverrides(ws, [grant.override, login.override, check(r.checks, 'claims.values').override]);
    const again = await runDoctorJson(ws);
    expect(['applications.grant-type', 'applications.login-type'].map((id) => check(again.checks, id).verdict)).toEqual(['agrees', 'agrees']);
    expect(again.code).toBe(0);
  });

  it("checks the login application's scopes against the declared kinds, and counts edit:X as read:X", async () => {
    ws = await doctorWorkspace();
    const [app] = await ws.client().upsert<HaloRecord>('Application', [
      { displayName: 'Narrow', grant_type: 'client_credentials', clientSecret: 'narrow-secret-0123456789', loginas_agent_id: 2, scopes: [{ name: 'edit:tickets' }] },
    ]);
    ws.write(
      'environments/test/environment.yaml',
      [
        'apiVersion: halo-iac/v1',
        'kind: Environment',
        'name: test',
        'connection:',
        '  url: ${env:HALO_URL}',
        '  authUrl: ${env:HALO_AUTH_URL}',
        `  clientId: ${String(app?.clientId)}`,
        '  clientSecret: narrow-secret-0123456789',
        '  scope: edit:tickets',
        'include: ["./*.yaml"]',
        'policy:',
        '  catalog: ./catalog/overrides.yaml',
      ].join('\n'),
    );
    ws.write('environments/test/resources.yaml', `${TEAM}---\napiVersion: halo-iac/v1\nkind: Agent\nname: Jane Smith\nspec:\n  disabled: false\n`);
    const r = await runDoctorJson(ws);
    const c = check(r.checks, 'applications.login-scopes');
    expect(c).toMatchObject({
      verdict: 'disagrees',
      observed: 'the login application has scopes edit:tickets; it logs in as the agent GET /api/Agent/me returns (not an administrator); Team and Agent need all or admin: missing',
    });
    expect(c.override).toBe(
      [
        "# Either tick all or admin on the application's Permissions tab, or, if halo-iac manages these kinds with the scopes it has:",
        'requiredScopes:',
        '  Team:',
        '    anyOf:',
        '      - all',
        '      - admin',
        '      - edit:tickets',
        '    verified: false',
        '    source: seen on the tenant by halo-iac doctor',
        '  Agent:',
        '    anyOf:',
        '      - all',
        '      - admin',
        '      - edit:tickets',
        '    verified: false',
        '    source: seen on the tenant by halo-iac doctor',
      ].join('\n'),
    );
    // A catalog that asks read:tickets for agents is satisfied by edit:tickets.
    ws.write('environments/test/catalog/overrides.yaml', 'requiredScopes:\n  Team: { anyOf: [edit:tickets] }\n  Agent: { anyOf: [read:tickets] }\n');
    expect(check((await runDoctorJson(ws)).checks, 'applications.login-scopes')).toMatchObject({
      verdict: 'agrees',
      observed: 'the login application has scopes edit:tickets; it logs in as the agent GET /api/Agent/me returns (not an administrator); Team needs edit:tickets: covered; Agent needs read:tickets: covered',
    });
  });
});
