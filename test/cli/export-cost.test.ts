/**
 * Export reads details only where its specs need them (issue 12 §3): lists, plus one detail read
 * per exported agent (permissions, roles, admin and access live only there), per role (claims)
 * and per ticket type (field rows, hierarchy); never one per team (addToAllAgents is not
 * exported). It prints the cost before the detail reads, and --kinds / --names narrow it.
 * Exact API calls from the simulator log.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { estimateLine, parseNames, run as exportRun } from '../../src/cli/export.js';
import { run as plan } from '../../src/cli/plan.js';
import { namePattern } from '../../src/engine/index.js';
import type { HaloReader } from '../../src/halo/types.js';
import { environmentYaml, workspace, type Workspace } from './harness.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
  ws.write('environments/seed/environment.yaml', environmentYaml('seed').replace('include: ["./*.yaml"]', 'include: ["./exported/*.yaml"]'));
  // 30 teams and 20 API agents on top of the seed (4 teams, 2 agents, 3 roles, 4 ticket types).
  const c = ws.client();
  await c.upsert('Team', Array.from({ length: 30 }, (_, i) => ({ name: `Bench Team ${i}`, department_id: 2, forrequests: true })));
  await c.upsert('Agent', Array.from({ length: 20 }, (_, i) => ({ name: `Bench Agent ${i}`, email: `bench-${i}@example.com`, isapiagent: true })));
});
afterEach(async () => ws.close());

/** API requests since `from`, as `GET /api/<route>` with ids replaced by `{id}`, counted. */
function calls(from: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of ws.sim.requests.slice(from)) {
    if (!r.path.startsWith('/api/')) continue;
    const key = `${r.method} ${r.path.replace(/^(\/api\/[A-Za-z]+)\/(?!me$)[^/]+$/, '$1/{id}')}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/** The lists an export of teams and agents makes: theirs, and those of the kinds their specs name. */
const AGENT_AND_TEAM_LISTS = { 'GET /api/TopLevel': 1, 'GET /api/Team': 1, 'GET /api/Roles': 1, 'GET /api/TicketType': 1, 'GET /api/Agent': 1 };

function exportedNames(dir: string, file: string): string[] {
  return parseAllDocuments(readFileSync(join(ws.cwd, dir, file), 'utf8')).map((d) => (d.toJS() as { name: string }).name);
}

describe('export cost', () => {
  it('the whole tenant: one list per kind, details for agents, roles and ticket types only; plans to No changes', async () => {
    const from = ws.sim.requests.length;
    const r = await ws.run(exportRun, { env: 'seed', out: 'environments/seed/exported' });
    expect(r.code, r.stderr).toBe(0);
    expect(calls(from)).toEqual({
      ...AGENT_AND_TEAM_LISTS,
      'GET /api/Application': 1,
      'GET /api/Control': 1,
      'GET /api/FieldInfo': 1,
      'GET /api/Webhook': 1,
      'GET /api/Agent/{id}': 22,
      'GET /api/Roles/{id}': 3,
      'GET /api/TicketType/{id}': 4,
    });
    // The application's list has its scopes, so its (conditional) detail read sends nothing: hence "up to".
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe('export: listing Department, Team, Role, CustomField, TicketType, Agent, Application, Webhook, Settings (one call each, a paginated list one per page)');
    expect(lines).toContainEqual(
      expect.stringMatching(/^export: lists read \(9 calls\); up to 30 detail reads \(Role 3, TicketType 4, Agent 22, Application 1\): about \d+(\.\d)?m?s \(no client rate budget\); --kinds and --names read fewer$/),
    );
    const replanned = await ws.run(plan, { env: 'seed', detailedExitcode: true });
    expect(replanned.stdout.trimEnd().split('\n').at(-1)).toBe('No changes. Halo configuration matches the manifests.');
    expect(replanned.code).toBe(0);
  });

  it('a large export prints one estimate, its own, not the generic detail-read one beside it', async () => {
    await ws.client().upsert('Agent', Array.from({ length: 100 }, (_, i) => ({ name: `More Agent ${i}`, email: `more-${i}@example.com`, isapiagent: true })));
    const r = await ws.run(exportRun, { env: 'seed', out: 'out', kinds: 'agent' });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n');
    expect(lines.filter((l) => l.startsWith('export: lists read'))).toHaveLength(1);
    expect(lines.filter((l) => /^reading \d+ details:/.test(l))).toEqual([]);
  });

  it('--kinds team,agent: the lists their specs refer to, and one detail read per agent', async () => {
    const from = ws.sim.requests.length;
    const r = await ws.run(exportRun, { env: 'seed', out: 'out', kinds: 'team,agent' });
    expect(r.code, r.stderr).toBe(0);
    expect(calls(from)).toEqual({ ...AGENT_AND_TEAM_LISTS, 'GET /api/Agent/{id}': 22 });
    expect(readdirSync(join(ws.cwd, 'out')).sort()).toEqual(['agent.yaml', 'team.yaml']);
    expect(exportedNames('out', 'team.yaml')).toHaveLength(34);
  });

  it('--names: only matching objects are read in detail and written, and they plan to No changes', async () => {
    const from = ws.sim.requests.length;
    const r = await ws.run(exportRun, { env: 'seed', out: 'environments/seed/exported', kinds: 'agent,team', names: 'bench agent 1*, Sales' });
    expect(r.code, r.stderr).toBe(0);
    // Bench Agent 1 and 10..19 match (11 details); the team Sales matches, teams are never read in detail.
    expect(calls(from)['GET /api/Agent/{id}']).toBe(11);
    expect(calls(from)['GET /api/Team/{id}']).toBeUndefined();
    expect(exportedNames('environments/seed/exported', 'agent.yaml')).toEqual(['Bench Agent 1', ...Array.from({ length: 10 }, (_, i) => `Bench Agent ${10 + i}`)]);
    expect(exportedNames('environments/seed/exported', 'team.yaml')).toEqual(['Sales']);
    const replanned = await ws.run(plan, { env: 'seed', detailedExitcode: true });
    expect(replanned.stdout.trimEnd().split('\n').at(-1)).toBe('No changes. Halo configuration matches the manifests.');
  });
});

describe('export selection and estimate', () => {
  it('name patterns compare as natural keys; * matches any run, also across / and commas', () => {
    expect(namePattern(' moovila api ')('Moovila API')).toBe(true);
    expect(namePattern('Moovila')('Moovila API')).toBe(false);
    expect(namePattern('*/ops*')('Team/Ops, Night')).toBe(true);
    expect(namePattern('a.b')('aXb')).toBe(false);
    expect(parseNames(' a , ,b* ')).toEqual(['a', 'b*']);
    expect(() => parseNames(' , ')).toThrow(/--names: give at least one name/);
  });

  it('the expected time counts the budget windows the detail reads need beyond what was spent', () => {
    const reader = { stats: { requests: 10 }, budget: { requests: 300, windowSeconds: 300 } } as unknown as HaloReader;
    const estimate = { listCalls: 8, listMs: 200, parallelism: 4, details: [{ kind: 'Agent' as const, count: 500 }] };
    // 10 + 500 calls need a second window (300 s); 125 rounds of 4 at 100 ms (2 rounds of lists in 200 ms).
    expect(estimateLine(estimate, reader)).toBe(
      'export: lists read (8 calls); up to 500 detail reads (Agent 500): about 5m13s at 300 requests per 5m; --kinds and --names read fewer',
    );
    expect(estimateLine({ ...estimate, details: [] }, reader)).toBe('export: lists read (8 calls); no detail reads needed');
  });
});
