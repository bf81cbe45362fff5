/**
 * Names from a hostile live tenant reach the reviewer escaped: an ESC sequence, a NUL, a newline
 * or a bidi override in a live team's name prints as `<U+001B>` (and so on) in the text and
 * markdown plans and in the diagnostics on stderr; the JSON plan keeps the name as it is.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { run as plan } from '../../src/cli/plan.js';
import { docs, workspace, type Workspace } from './harness.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(async () => ws.close());

const HOSTILE = '\u001b[2J\u001b[31mEvil\u0000\nPlan: 0 to add\u202eTeam';
const SHOWN = '<U+001B>[2J<U+001B>[31mEvil<U+0000><U+000A>Plan: 0 to add<U+202E RIGHT-TO-LEFT OVERRIDE>Team';

it('an unmanaged live team with control characters in its name prints escaped in text and markdown', async () => {
  await ws.client().upsert('Team', [{ name: HOSTILE, department_id: 2 }]);
  ws.writeEnv(docs('kind: Team\nname: Integrations\nspec:\n  department: Service Delivery'));
  for (const format of ['text', 'markdown']) {
    const r = await ws.run(plan, { env: 'test', format });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(SHOWN);
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000\u001b\u202e]/);
  }
  const json = await ws.run(plan, { env: 'test', format: 'json' });
  expect(JSON.stringify(JSON.parse(json.stdout))).toContain(JSON.stringify(HOSTILE).slice(1, -1));
});
