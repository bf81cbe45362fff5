/**
 * doctor stays small on a large tenant: detail reads of the first `--sample N` agents and roles
 * by id only (exact requests from the simulator log), and the list page cap observed once the
 * tenant has more agents than the cap.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../cli/harness.js';
import { apiRequests, check, doctorWorkspace, runDoctorJson } from './helpers.js';

let ws: Workspace;
afterEach(async () => {
  await ws.close();
});

describe('doctor sampling and page caps', () => {
  it('reads details of the first N agents and roles by id, says how many of how many, and sees the 100 cap', async () => {
    ws = await doctorWorkspace();
    // 150 more agents (ids 3..152): more than one page of the paginated list.
    const created = await ws.client().upsert('Agent', Array.from({ length: 150 }, (_, i) => ({ name: `Load Agent ${String(i).padStart(3, '0')}` })));
    expect(created).toHaveLength(150);
    const r = await runDoctorJson(ws, { sample: 3 });
    const details = apiRequests(r.log)
      .filter((e) => /^\/api\/(Agent|Roles)\/[^/]+$/.test(e.path) && e.path !== '/api/Agent/me')
      .map((e) => e.path)
      .sort();
    expect(details).toEqual(['/api/Agent/1', '/api/Agent/2', '/api/Agent/3', '/api/Roles/3b9c7d2e-1a4f-4e6b-8c5d-000000000001', '/api/Roles/3b9c7d2e-1a4f-4e6b-8c5d-000000000002', '/api/Roles/3b9c7d2e-1a4f-4e6b-8c5d-000000000003']);
    expect(r.apiCalls).toBe(14);
    expect(apiRequests(r.log)).toHaveLength(14);
    expect(check(r.checks, 'claims.values').observed).toMatch(/^3 of 152 agents and 3 of 3 roles sampled: /);
    expect(check(r.checks, 'lists.Agent')).toMatchObject({
      verdict: 'agrees',
      observed: 'page_size=200: rows under results (keys: page_no, page_size, record_count, results); 100 rows of record_count 152',
    });
    expect(check(r.checks, 'lists.Agent.page-cap')).toMatchObject({ verdict: 'agrees', observed: 'page_size=200: 100 rows of record_count 152 (capped at 100)' });
    // The other lists stay below a full page: their caps are not seen.
    expect([check(r.checks, 'lists.TopLevel.page-cap').verdict, check(r.checks, 'lists.Client.page-cap').verdict]).toEqual(['not seen', 'not seen']);
  });

  it('disagrees when the catalog has another wrapper key or cap, and the override records the answer', async () => {
    ws = await doctorWorkspace();
    ws.write('environments/test/catalog/overrides.yaml', 'listShapes:\n  TopLevel: { key: toplevels, pageCap: 2 }\n');
    const r = await runDoctorJson(ws);
    const c = check(r.checks, 'lists.TopLevel');
    expect(c).toMatchObject({
      verdict: 'disagrees',
      assumption: 'GET /api/TopLevel with pageinate=true wraps its rows in toplevels with record_count',
      observed: 'page_size=4: rows under tree (keys: page_no, page_size, record_count, tree); 4 rows of record_count 4',
    });
    const note = '# halo-iac reads any wrapper key and follows pages by their real length; this records the answer (please report it too)';
    expect(c.override).toBe([note, 'listShapes:', '  TopLevel:', '    key: tree', '    verified: false', '    source: seen on the tenant by halo-iac doctor'].join('\n'));
    // 4 records, above the catalog's cap of 2, all on one page: the cap is seen, and it is not 2.
    const cap = check(r.checks, 'lists.TopLevel.page-cap');
    expect(cap).toMatchObject({
      verdict: 'disagrees',
      assumption: 'GET /api/TopLevel with pageinate=true returns at most 2 rows a page whatever page_size asks',
      observed: 'page_size=4: 4 rows of record_count 4 (a page of 4)',
    });
    expect(cap.override).toBe([note, 'listShapes:', '  TopLevel:', '    pageCap: 4', '    verified: false', '    source: seen on the tenant by halo-iac doctor'].join('\n'));
    expect(r.log.some((e) => e.path === '/api/TopLevel' && e.query.page_size === '4')).toBe(true);
  });
});
