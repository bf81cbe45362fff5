/**
 * `halo-iac doctor` against the default seed tenant, over real HTTP: what it reads (exactly, from
 * the simulator log: list calls, the sample's detail reads, one page per list shape, no writes),
 * what it finds (the seed's Tx = '7' disagrees, its legacy-named claim is read through the alias
 * table), what it prints in each format, and that the override it prints makes it agree.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../cli/harness.js';
import { apiRequests, applyOverrides, check, doctorWorkspace, runDoctor, runDoctorJson, verdicts } from './helpers.js';

let ws: Workspace;
afterEach(async () => {
  await ws.close();
});

const SEED_VERDICTS = {
  'claims.unknown-types': 'agrees',
  'claims.values': 'disagrees',
  'claims.legacy-names': 'agrees',
  'claims.yes-no-spellings': 'agrees',
  'departments.membership-levels': 'agrees',
  'settings.nextTicketIdMethod': 'agrees',
  'applications.grant-type': 'agrees',
  'applications.login-type': 'agrees',
  'applications.login-scopes': 'agrees',
  'lists.Agent': 'agrees',
  'lists.Agent.page-cap': 'not seen',
  'lists.TopLevel': 'agrees',
  'lists.TopLevel.page-cap': 'not seen',
  'lists.Client': 'agrees',
  'lists.Client.page-cap': 'not seen',
  'api.rate-limit-headers': 'agrees',
};

const ROLE = (n: number) => `/api/Roles/3b9c7d2e-1a4f-4e6b-8c5d-00000000000${n}`;

describe('doctor against the seed tenant', () => {
  it('reads only lists, the sample and one page per list shape, never writes, and counts its calls', async () => {
    ws = await doctorWorkspace();
    const r = await runDoctorJson(ws);
    expect(r.code).toBe(1);
    const api = apiRequests(r.log);
    expect(api.filter((e) => e.method !== 'GET')).toEqual([]);
    expect(r.log.filter((e) => e.method !== 'GET').map((e) => `${e.method} ${e.path}`)).toEqual(['POST /auth/token']);
    expect(api.map((e) => `${e.path} ${new URLSearchParams(e.query).toString()}`).sort()).toEqual(
      [
        '/api/Agent/me ',
        '/api/Agent includeapiagents=true&includedisabled=true',
        '/api/Roles ',
        '/api/Application ',
        '/api/Control ',
        '/api/Agent pageinate=true&page_size=200&page_no=1',
        '/api/TopLevel pageinate=true&page_size=200&page_no=1',
        '/api/Client pageinate=true&page_size=200&page_no=1',
        '/api/Agent/1 includedetails=true',
        '/api/Agent/2 includedetails=true',
        `${ROLE(1)} includedetails=true`,
        `${ROLE(2)} includedetails=true`,
        `${ROLE(3)} includedetails=true`,
      ].sort(),
    );
    expect(r.apiCalls).toBe(13);
    expect(api).toHaveLength(r.apiCalls);
    expect(r.stderr).toBe('');
  });

  it('gives each check a verdict, in JSON of exactly the documented shape', async () => {
    ws = await doctorWorkspace();
    const r = await runDoctorJson(ws);
    expect(Object.keys(r.json)).toEqual(['checks', 'api_calls']);
    expect(verdicts(r.checks)).toEqual(SEED_VERDICTS);
    for (const c of r.checks) expect(Object.keys(c)).toEqual(['id', 'area', 'assumption', 'observed', 'verdict', ...(c.id === 'claims.values' ? ['override'] : [])]);
    expect(check(r.checks, 'claims.values')).toEqual({
      id: 'claims.values',
      area: 'permissions',
      assumption: "Every claim value is in its permission's value table (catalog/permissions.yaml); plan shows other values raw",
      observed: '2 of 2 agents and 3 of 3 roles sampled: 1 value outside the table: Tx = "7" on 1 agent (tickets: "0" none, "1" readOnly, "2" readModify)',
      verdict: 'disagrees',
      override: ['permissions:', '  tickets:', '    values:', '      <name for "7">:', '        halo: "7"', '        label: <UI option>', '        verified: false', '        source: seen on the tenant by halo-iac doctor'].join('\n'),
    });
    expect(check(r.checks, 'claims.legacy-names').observed).toBe(
      "2 of 2 agents and 3 of 3 roles sampled: legacy names or other spellings in use, read through the catalog's aliases: Can_View_Unassigned_Tickets (read as l9) on 1 agent",
    );
    expect(check(r.checks, 'claims.yes-no-spellings').observed).toBe('2 of 2 agents and 3 of 3 roles sampled: 20 yes/no claims; other spellings: l9 under an alias: "true" ×1');
    expect(check(r.checks, 'departments.membership-levels').observed).toBe('4 department memberships on 2 agents and 3 sampled roles: 0 (member) on 4 agent rows');
    expect(check(r.checks, 'settings.nextTicketIdMethod')).toMatchObject({
      assumption: 'GET /api/Control has nextfaultidcalculationmethod ("Next Ticket ID Calculation Method"), valued autoIncrementingKey 1, default 0',
      observed: 'nextfaultidcalculationmethod is present: 0 (default)',
    });
    expect(check(r.checks, 'applications.login-scopes').observed).toBe(
      'the login application has scopes all; it logs in as the agent GET /api/Agent/me returns (an administrator); Team needs all or admin: covered',
    );
    expect(check(r.checks, 'lists.Agent').observed).toBe('page_size=200: rows under results (keys: page_no, page_size, record_count, results); 2 rows of record_count 2');
    expect(check(r.checks, 'lists.TopLevel').observed).toBe('page_size=200: rows under tree (keys: page_no, page_size, record_count, tree); 4 rows of record_count 4');
    expect(check(r.checks, 'lists.Client').observed).toBe('page_size=200: rows under clients (keys: clients, page_no, page_size, record_count); 3 rows of record_count 3');
    // A few seeded rows cannot show a cap of 100: not seen, never "agrees".
    expect(check(r.checks, 'lists.Agent.page-cap')).toEqual({
      id: 'lists.Agent.page-cap',
      area: 'api',
      assumption: 'GET /api/Agent with pageinate=true returns at most 100 rows a page whatever page_size asks',
      observed: 'page_size=200: 2 rows of record_count 2: no full page (the cap shows only above 100 records)',
      verdict: 'not seen',
    });
    expect(check(r.checks, 'api.rate-limit-headers').observed).toBe('no rate-limit headers on 14 responses (token included)');
  });

  it('prints text: the sample, a block per check with the override, and the counts', async () => {
    ws = await doctorWorkspace();
    const r = await runDoctor(ws);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Detail reads: 2 of 2 agents and 3 of 3 roles sampled (the first 20 of each by id, --sample).');
    const at = lines.indexOf('disagrees  claims.values (permissions)');
    expect(lines.slice(at, at + 13)).toEqual([
      'disagrees  claims.values (permissions)',
      "  assumption: Every claim value is in its permission's value table (catalog/permissions.yaml); plan shows other values raw",
      '  observed:   2 of 2 agents and 3 of 3 roles sampled: 1 value outside the table: Tx = "7" on 1 agent (tickets: "0" none, "1" readOnly, "2" readModify)',
      '  seen on:    agent/Jane Smith',
      "  override:   add to ./catalog/overrides.yaml (the environment's policy.catalog):",
      '      permissions:',
      '        tickets:',
      '          values:',
      '            <name for "7">:',
      '              halo: "7"',
      '              label: <UI option>',
      '              verified: false',
      '              source: seen on the tenant by halo-iac doctor',
    ]);
    expect(lines).toContain('agrees     claims.legacy-names (permissions)');
    expect(lines.filter((l) => /^(agrees|disagrees|not seen) /.test(l))).toHaveLength(16);
    expect(lines.at(-2)).toBe('16 checks: 12 agree, 1 disagrees, 3 not seen. 13 API calls, all reads.');
  });

  it('agrees on everything, exit 0, once the printed override is in policy.catalog', async () => {
    ws = await doctorWorkspace();
    const first = await runDoctorJson(ws);
    applyOverrides(ws, [check(first.checks, 'claims.values').override]);
    const again = await runDoctorJson(ws);
    expect(again.stderr).toBe('');
    expect(verdicts(again.checks)).toEqual({ ...SEED_VERDICTS, 'claims.values': 'agrees' });
    expect(again.code).toBe(0);
    expect(check(again.checks, 'claims.values').observed).toBe('2 of 2 agents and 3 of 3 roles sampled: all 36 claims of catalog permissions hold a value of their table');
  });
});
