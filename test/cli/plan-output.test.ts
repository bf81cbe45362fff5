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
  it('text plan: the refusal on stdout after the plan body, and as file:line:col diagnostics on stderr', async () => {
    ws.writeEnv(LOCKOUT);
    const r = await ws.run(plan, { env: 'test' });
    expect(r.code).toBe(1);
    const out = r.stdout.split('\n');
    const refused = out.indexOf('Refused:');
    expect(refused).toBeGreaterThan(out.indexOf('  + create team/Integrations (environments/test/resources.yaml:1:1)'));
    expect(out[refused + 1]).toMatch(/^environments\/test\/resources\.yaml:\d+:\d+: error: .*lockout/i);
    expect(out.at(-2)).toBe('Plan: 1 to add, 0 to change, 0 to destroy.');
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
