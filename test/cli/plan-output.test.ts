/**
 * Where plan, show and apply print what: the plan on stdout (a text plan with its refusals after
 * the body), refusals as `file:line:col` diagnostics on stderr, and warnings once, on stderr only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import { run as show } from '../../src/cli/show.js';
import { sealPlan } from '../../src/engine/index.js';
import type { Plan } from '../../src/model/plan.js';
import { docs, workspace, type Workspace } from './harness.js';

/** A change to the agent halo-iac logs in as (refused: lockout) beside an ordinary create. */
const LOCKOUT = docs('kind: Team\nname: Integrations\nspec:\n  department: Service Delivery\n  use: [tickets]', 'kind: Agent\nname: Admin\nspec:\n  disabled: true');
/** An application logging in as a live agent that is not API-only: a plan warning. */
const WARNED = docs('kind: Application\nname: Jane App\nspec:\n  loginAs: Jane Smith\n  scopes: [read:tickets]\n  secret: { sink: none }');

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(async () => ws.close());

describe('refused plans', () => {
  it('text plan: the refusal on stdout, then what would have happened (the refused change included), and file:line:col diagnostics on stderr', async () => {
    ws.writeEnv(LOCKOUT);
    const r = await ws.run(plan, { env: 'test' });
    expect(r.code).toBe(1);
    const out = r.stdout.split('\n');
    const refused = out.indexOf('Refused:');
    expect(refused).toBeGreaterThan(0);
    expect(out[refused + 1]).toMatch(/^environments\/test\/resources\.yaml:\d+:\d+: error: .*lockout/i);
    const would = out.indexOf('Had the plan not been refused, halo-iac would have performed the following actions:');
    expect(would).toBeGreaterThan(refused);
    expect(out.indexOf('  + create team/Integrations (environments/test/resources.yaml:3:7)')).toBeGreaterThan(would);
    expect(out.findIndex((l) => l.startsWith('  ~ update in-place agent/Admin'))).toBeGreaterThan(would);
    expect(out).not.toContain('halo-iac will perform the following actions:');
    expect(out.at(-2)).toBe('Plan refused: nothing can be applied. It would have been: 1 to add, 1 to change, 0 to destroy.');
    const err = r.stderr.split('\n');
    const diagnostic = out[refused + 1]!.replace(': error: ', ': ');
    expect(err).toContain(diagnostic);
    expect(err).toContain('Error: the plan was refused (1 problem above); nothing can be applied.');
  });

  it('markdown and json keep the refusal in the document, and stderr has the same diagnostics', async () => {
    ws.writeEnv(LOCKOUT);
    const text = await ws.run(plan, { env: 'test' });
    for (const format of ['markdown', 'json']) {
      const r = await ws.run(plan, { env: 'test', format });
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n').filter((l) => l.includes('lockout') || l.startsWith('Error:'))).toEqual(text.stderr.split('\n').filter((l) => l.includes('lockout') || l.startsWith('Error:')));
    }
    expect((await ws.run(plan, { env: 'test', format: 'markdown' })).stdout).toContain('### :no_entry: Refused changes');
  });
});

describe('a plan refused only by a guard (nothing left to apply) still shows what it refused', () => {
  // Deleting a team without permission (refused), a typo of a live team's name, and a misspelt one further up.
  const REFUSED = docs(
    'kind: Agent\nname: Typo Bot\nspec:\n  apiOnly: true\n  teams: { mode: include, members: [1st Line Suport] }',
    'kind: Team\nname: Sales\nabsent: true',
  );

  it('text and markdown: refusals in manifest order, the refused diff under them, the summary says refused', async () => {
    ws.writeEnv(REFUSED);
    const text = await ws.run(plan, { env: 'test' });
    expect(text.code).toBe(1);
    const out = text.stdout.split('\n');
    const refused = out.indexOf('Refused:');
    expect(out.slice(refused + 1, refused + 3)).toEqual([
      "environments/test/resources.yaml:6:37: error: agent/Typo Bot: spec.teams.members[0] refers to team/1st Line Suport, which is neither declared nor live (did you mean '1st Line Support'?)",
      'environments/test/resources.yaml:10:7: error: refusing to delete team/Sales: deletes need policy.allowDelete and --allow-delete',
    ]);
    expect(out.indexOf('Had the plan not been refused, halo-iac would have performed the following actions:')).toBeGreaterThan(refused);
    expect(out).toContain('  - destroy team/Sales (environments/test/resources.yaml:10:7)');
    expect(out).not.toContain('No changes would be made; the plan was refused.');
    expect(out.at(-2)).toBe('Plan refused: nothing can be applied. It would have been: 1 to add, 0 to change, 1 to destroy.');
    // stderr lists the refusals in the same order.
    const err = text.stderr.split('\n').filter((l) => l.startsWith('environments/'));
    expect(err.map((l) => l.split(':').slice(0, 2).join(':'))).toEqual(['environments/test/resources.yaml:6', 'environments/test/resources.yaml:10']);

    const md = (await ws.run(plan, { env: 'test', format: 'markdown' })).stdout;
    expect(md).toContain('**Plan refused: nothing can be applied.** It would have been:\n\n| :heavy_plus_sign: Add | :pencil2: Change | :heavy_minus_sign: Destroy |\n|---:|---:|---:|\n| 1 | 0 | 1 |');
    expect(md).toContain('<code>-</code> destroy <code>team/Sales</code>');
    expect(md).toContain('### Changes (refused)\n\nHad the plan not been refused, halo-iac would have performed the following actions:');
    expect(md.trimEnd().split('\n').at(-1)).toBe('Plan refused: nothing can be applied. It would have been: 1 to add, 0 to change, 1 to destroy.');
    expect(md).not.toContain('Plan: 0 to add');
  });
});

describe('warnings', () => {
  it('plan, show and apply print each warning once, on stderr, never in the text plan', async () => {
    ws.writeEnv(WARNED);
    const planned = await ws.run(plan, { env: 'test', out: 'plan.json' });
    expect(planned.code).toBe(0);
    const line = /^environments\/test\/resources\.yaml:\d+:\d+: warning: application\/Jane App: logs in as agent 'Jane Smith', which exists in Halo and is not API-only.*$/m;
    const shown = await ws.run(show, {}, ['plan.json']);
    const applied = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(applied.code).toBe(0);
    for (const r of [planned, shown, applied]) {
      expect(r.stdout).not.toContain('warning:');
      expect(r.stderr).toMatch(line);
      expect(r.stderr.split('\n').filter((l) => line.test(l))).toHaveLength(1);
    }
    expect(shown.stdout).toBe(planned.stdout);
  });

  it('show de-duplicates the warnings of a plan file and prints its refusals as plan does (exit 0: showing is not applying)', async () => {
    ws.writeEnv(WARNED);
    expect((await ws.run(plan, { env: 'test', out: 'plan.json' })).code).toBe(0);
    const warning = { message: 'same thing twice', address: 'team/A' };
    const refusal = { message: 'deletes need --allow-delete', address: 'team/B' };
    const saved = JSON.parse(readFileSync(join(ws.cwd, 'plan.json'), 'utf8')) as Record<string, unknown>;
    // A plan file holding these, sealed as plan --out seals (an unsealed edit is refused).
    ws.write('plan.json', JSON.stringify(sealPlan({ ...saved, warnings: [warning, warning], errors: [refusal] } as unknown as Plan)));
    const r = await ws.run(show, {}, ['plan.json']);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'team/A: warning: same thing twice',
      'team/B: deletes need --allow-delete',
      'Error: the plan was refused (1 problem above); nothing can be applied.',
    ]);
    expect(r.stdout).toContain('Refused:\nteam/B: error: deletes need --allow-delete\n');
  });
});
