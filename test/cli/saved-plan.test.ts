/**
 * A saved plan is applied exactly as reviewed, or not at all (issue 9 §1): the file is bound to its
 * contents by a digest, so an edited file is refused by `show` and `apply FILE` before anything is
 * read or written; and apply compares the file with a fresh plan entry by entry, so even a file
 * whose digest was recomputed after editing is refused. Stale refusals name the field Halo changed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import { run as show } from '../../src/cli/show.js';
import { sealPlan } from '../../src/engine/index.js';
import type { Plan } from '../../src/model/plan.js';
import { docs, workspace, type Workspace } from './harness.js';

/** Three teams and three agents in them: a plan of six creates in two levels. */
const SIX = docs(
  ...[1, 2, 3].map((i) => `kind: Team\nname: Squad ${i}\nspec:\n  department: Sales`),
  ...[1, 2, 3].map((i) => `kind: Agent\nname: Squad Bot ${i}\nspec:\n  apiOnly: true\n  teams: { mode: include, members: [Squad ${i}] }`),
);


function readPlan(ws: Workspace): Plan {
  return JSON.parse(readFileSync(join(ws.cwd, 'plan.json'), 'utf8')) as Plan;
}

/** Rewrites plan.json after `edit`; `reseal` recomputes the digest, as someone covering their tracks would. */
function editPlan(ws: Workspace, edit: (p: Plan) => void, reseal = false): void {
  const p = readPlan(ws);
  edit(p);
  const { digest: _old, ...rest } = p;
  writeFileSync(join(ws.cwd, 'plan.json'), JSON.stringify(reseal ? sealPlan(rest as Plan) : p, null, 2));
}

async function teamNames(ws: Workspace): Promise<string[]> {
  return (await ws.client().list('Team')).map((t) => String(t.name)).filter((n) => n.startsWith('Squad'));
}

describe('a saved plan bound to its contents', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
    ws.writeEnv(SIX);
    expect((await ws.run(plan, { env: 'test', out: 'plan.json' })).code).toBe(0);
  });
  afterEach(async () => ws.close());

  it('carries a sha256 digest of its canonical contents, which show and apply accept', async () => {
    expect(readPlan(ws).digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const shown = await ws.run(show, {}, ['plan.json']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Plan: 6 to add, 0 to change, 0 to destroy.');
    const applied = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(applied.code).toBe(0);
    expect((await teamNames(ws)).sort()).toEqual(['Squad 1', 'Squad 2', 'Squad 3']);
  });

  it('deleting entries from the file: apply refuses and writes nothing', async () => {
    editPlan(ws, (p) => {
      p.resource_changes = p.resource_changes.filter((c) => c.address !== 'team/Squad 2' && c.address !== 'agent/Squad Bot 3');
    });
    const r = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^plan\.json:\d+:\d+: Saved plan was modified after it was made: its digest does not match its contents/m);
    expect(r.stdout).not.toContain('Apply complete');
    expect(ws.writes()).toEqual([]);
    expect(await teamNames(ws)).toEqual([]);
  });

  it('editing the summary: show refuses instead of printing "0 to add", and apply writes nothing', async () => {
    editPlan(ws, (p) => {
      p.summary = { add: 0, change: 0, destroy: 0 };
    });
    const shown = await ws.run(show, {}, ['plan.json']);
    expect(shown.code).toBe(1);
    expect(shown.stdout).toBe('');
    expect(shown.stderr).toContain('Saved plan was modified after it was made');
    const r = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Saved plan was modified after it was made');
    expect(ws.writes()).toEqual([]);
  });

  it('an edited request body is reported as modified, not as stale, digest recomputed or not', async () => {
    const edit = (p: Plan) => {
      const team = p.resource_changes.find((c) => c.address === 'team/Squad 1');
      ((team?.request?.body as Record<string, unknown>[])[0] as Record<string, unknown>).inactive = true;
    };
    editPlan(ws, edit);
    const plain = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('Saved plan was modified after it was made');
    expect(plain.stderr).not.toContain('stale');
    // Recomputing the digest does not help: apply compares the file with a fresh plan.
    ws.writeEnv(SIX);
    expect((await ws.run(plan, { env: 'test', out: 'plan.json' })).code).toBe(0);
    editPlan(ws, edit, true);
    const resealed = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(resealed.code).toBe(1);
    expect(resealed.stderr).toContain('Error: Saved plan was modified after it was made: 1 object differs from a fresh plan of the same manifests and tenant:');
    expect(resealed.stderr).toContain('  team/Squad 1: its request differs');
    expect(resealed.stderr).not.toContain('stale');
    expect(ws.writes()).toEqual([]);
  });

  it('entries removed and the digest recomputed: apply still refuses, naming every missing entry', async () => {
    editPlan(ws, (p) => {
      p.resource_changes = p.resource_changes.filter((c) => c.address !== 'team/Squad 2' && c.address !== 'agent/Squad Bot 3');
      p.summary = { add: 4, change: 0, destroy: 0 };
    }, true);
    const r = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Saved plan does not match the manifests: 2 objects');
    expect(r.stderr).toContain('  team/Squad 2: in the manifests but not in the saved plan');
    expect(r.stderr).toContain('  agent/Squad Bot 3: in the manifests but not in the saved plan');
    expect(ws.writes()).toEqual([]);
  });

  it('a summary edited and the digest recomputed: apply refuses', async () => {
    editPlan(ws, (p) => {
      p.summary = { add: 0, change: 0, destroy: 0 };
    }, true);
    const r = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Saved plan was modified after it was made');
    expect(r.stderr).toContain('  summary: 0 to add, 0 to change, 0 to destroy in the file; a fresh plan has 6 to add, 0 to change, 0 to destroy');
    expect(ws.writes()).toEqual([]);
  });
});

describe('stale saved plans name what changed in Halo', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => ws.close());

  const AGENT = (email: string) => docs(`kind: Agent\nname: Moovila API\nspec:\n  email: ${email}\n  apiOnly: true\n  disabled: false`);

  async function agentId(): Promise<number> {
    const agent = (await ws.client().list('Agent', { includeapiagents: true })).find((a) => a.name === 'Moovila API');
    return agent?.id as number;
  }

  it('a field changed in Halo: the refusal names the object and the field', async () => {
    ws.writeEnv(AGENT('first@example.com'));
    expect((await ws.run(apply, { env: 'test', autoApprove: true })).code).toBe(0);
    ws.writeEnv(AGENT('second@example.com'));
    expect((await ws.run(plan, { env: 'test', out: 'plan.json' })).code).toBe(0);
    await ws.client().upsert('Agent', [{ id: await agentId(), email: 'meddler@example.com', isdisabled: true }]);
    const before = ws.writes().length;
    const r = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: Saved plan is stale: 1 object changed in Halo since plan.json was made:');
    expect(r.stderr).toContain('  agent/Moovila API: disabled, email changed in Halo since the plan was made');
    expect(ws.writes().length).toBe(before);
  });

  it('an object deleted in Halo, and one created there, are named as such', async () => {
    ws.writeEnv(docs(`kind: Agent\nname: Moovila API\nspec:\n  email: first@example.com\n  apiOnly: true`));
    expect((await ws.run(apply, { env: 'test', autoApprove: true })).code).toBe(0);
    ws.writeEnv(docs(`kind: Agent\nname: Moovila API\nspec:\n  email: second@example.com\n  apiOnly: true`, 'kind: Team\nname: Late Team\nspec:\n  department: Sales'));
    expect((await ws.run(plan, { env: 'test', out: 'plan.json' })).code).toBe(0);
    const client = ws.client();
    await client.remove('Agent', await agentId());
    await client.upsert('Team', [{ name: 'Late Team', department_id: 4 }]);
    const before = ws.writes().length;
    const r = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Saved plan is stale: 2 objects changed in Halo');
    expect(r.stderr).toContain('  agent/Moovila API: deleted in Halo since the plan was made');
    expect(r.stderr).toContain('  team/Late Team: created in Halo since the plan was made');
    expect(ws.writes().length).toBe(before);
  });

  it('a referenced object re-created in Halo (a new id in the request) is stale, not a modified file', async () => {
    const client = ws.client();
    await client.upsert('Team', [{ name: 'Night Shift', department_id: 4 }]);
    ws.writeEnv(docs('kind: Agent\nname: Moovila API\nspec:\n  apiOnly: true\n  teams: { mode: include, members: [Night Shift] }'));
    expect((await ws.run(plan, { env: 'test', out: 'plan.json' })).code).toBe(0);
    const old = (await client.list('Team')).find((t) => t.name === 'Night Shift');
    await client.remove('Team', old?.id as number);
    await client.upsert('Team', [{ name: 'Night Shift', department_id: 4 }]);
    const before = ws.writes().length;
    const r = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Saved plan is stale: 1 object changed in Halo');
    expect(r.stderr).toContain('  agent/Moovila API: team/Night Shift, which it refers to, changed in Halo since the plan was made');
    expect(ws.writes().length).toBe(before);
  });
});

describe('a re-sealed edit of anything a reviewer judged is refused (the digest detects accidents, the re-plan edits)', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
    ws.writeEnv(SIX);
    // Targeted: the plan carries warnings (the targeted plan, the included team) as well as unmanaged objects.
    expect((await ws.run(plan, { env: 'test', target: ['agent/Squad Bot 1'], out: 'plan.json' })).code).toBe(0);
  });
  afterEach(async () => ws.close());

  async function refused(edit: (p: Plan) => void): Promise<string[]> {
    editPlan(ws, edit, true);
    const r = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(r.code).toBe(1);
    expect(ws.writes()).toEqual([]);
    return r.stderr.split('\n');
  }

  it('a warning removed', async () => {
    const lines = await refused((p) => {
      p.warnings = p.warnings.filter((w) => !w.message.includes('is included'));
    });
    expect(lines).toContain('Error: Saved plan was modified after it was made: it differs from a fresh plan of the same manifests and tenant:');
    expect(lines).toContain('  warnings: a fresh plan warns "team/Squad 1 is included: agent/Squad Bot 1 depends on it"; the file does not');
  });

  it('an unmanaged object removed from the list', async () => {
    const lines = await refused((p) => {
      p.unmanaged = p.unmanaged?.filter((u) => u.address !== 'agent/Admin');
    });
    expect(lines).toContain("  agent/Admin: not managed by halo-iac (id 1) and not in the file's unmanaged list: created in Halo since the plan was made, or the file was changed");
  });

  it('the "not checked" lines of the unmanaged list emptied (QA: applied unnoticed)', async () => {
    let removed: string[] = [];
    const lines = await refused((p) => {
      removed = p.unmanaged_unchecked ?? [];
      delete p.unmanaged_unchecked;
    });
    expect(removed.length).toBeGreaterThan(0);
    for (const line of removed) expect(lines).toContain(`  unmanaged_unchecked: a fresh plan says "${line}"; the file does not, or the file was changed`);
  });

  it('depends_on edited', async () => {
    const lines = await refused((p) => {
      const bot = p.resource_changes.find((c) => c.address === 'agent/Squad Bot 1');
      if (bot) bot.depends_on = [];
    });
    expect(lines).toContain('  agent/Squad Bot 1: its depends_on differs');
  });

  it('a source file edited', async () => {
    const lines = await refused((p) => {
      const team = p.resource_changes.find((c) => c.address === 'team/Squad 1');
      if (team?.source) team.source.file = 'environments/test/reviewed.yaml';
    });
    expect(lines).toContain('  team/Squad 1: declared at environments/test/reviewed.yaml:3:7 in the plan, at environments/test/resources.yaml:3:7 in the manifests');
  });

  it('api_calls edited', async () => {
    const lines = await refused((p) => {
      p.api_calls = { read: 1, apply_estimate: 1 };
    });
    expect(lines.some((l) => /^ {2}api_calls: 1 reads and about 1 apply calls in the file; a fresh plan has \d+ reads and about 2 apply calls$/.test(l))).toBe(true);
  });

  it("a reference id edited to another live object's id is modified, not stale", async () => {
    const lines = await refused((p) => {
      const team = p.resource_changes.find((c) => c.address === 'team/Squad 1');
      const body = (team?.request?.body as Record<string, unknown>[])[0] as Record<string, unknown>;
      expect(body.department_id).toBe(4);
      body.department_id = 3;
    });
    expect(lines).toContain('Error: Saved plan was modified after it was made: 1 object differs from a fresh plan of the same manifests and tenant:');
    expect(lines).toContain('  team/Squad 1: its request differs');
    expect(lines.join('\n')).not.toContain('stale');
  });

  it('a live_fingerprint edited is modified, not stale', async () => {
    expect((await ws.run(apply, { env: 'test', autoApprove: true })).code).toBe(0);
    ws.writeEnv(SIX.replace('name: Squad 1\nspec:\n  department: Sales', 'name: Squad 1\nspec:\n  department: Service Delivery'));
    expect((await ws.run(plan, { env: 'test', out: 'plan.json' })).code).toBe(0);
    const from = ws.sim.requests.length;
    editPlan(ws, (p) => {
      const team = p.resource_changes.find((c) => c.address === 'team/Squad 1');
      if (team) team.live_fingerprint = `${team.live_fingerprint?.slice(0, -4)}0000`;
    }, true);
    const r = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines).toContain('Error: Saved plan was modified after it was made: 1 object differs from a fresh plan of the same manifests and tenant:');
    expect(lines).toContain('  team/Squad 1: its live_fingerprint differs from the live object, which is what the file shows');
    expect(ws.writes(from)).toEqual([]);
  });
});
