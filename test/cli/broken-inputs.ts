/**
 * The broken-input harness (issue 9 §7): a case is manifests, optional live state, an optional
 * saved plan file (made by plan --out, then edited or replaced), a command and what it must say.
 * Every case asserts the exit code, the exact diagnostic line (position and message) on stderr and
 * ZERO write requests in the simulator log. The cases: broken-plan-files.test.ts and
 * broken-names-lockout.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import { run as show } from '../../src/cli/show.js';
import { run as validate } from '../../src/cli/validate.js';
import { sealPlan } from '../../src/engine/index.js';
import type { HaloWriter } from '../../src/halo/types.js';
import type { Plan } from '../../src/model/plan.js';
import { docs, workspace, type CommandRun, type Workspace } from './harness.js';

export const BASE = docs('kind: Team\nname: Broken Team\nspec:\n  department: Sales', 'kind: Team\nname: Sales\nspec:\n  inactive: true');

export type Json = Record<string, unknown>;

export interface BrokenCase {
  name: string;
  /** resources.yaml (default BASE) and extra environment.yaml lines. */
  manifests?: string;
  environmentExtra?: string;
  /** Live state made before the case (its writes are not counted). */
  live?: (client: HaloWriter, ws: Workspace) => Promise<void>;
  /** Makes plan.json: from a real saved plan (plan --out with `planFlags`) edited by `edit`, or as raw text. */
  planFile?: { edit?: (p: Json, ws: Workspace) => void; reseal?: boolean; raw?: (text: string) => string; planFlags?: Json; env?: string };
  /** Between plan and the command: changes in Halo (not counted either: they are not halo-iac's). */
  meanwhile?: (client: HaloWriter) => Promise<void>;
  command: 'plan' | 'apply' | 'show' | 'validate' | 'apply-file';
  flags?: Json;
  /** Arguments instead of the command's own (the plan file's name). */
  args?: string[];
  code: number;
  /** The exact stderr line (a string), or a pattern for lines holding run-specific values (ports, ids). */
  line: string | RegExp;
}

const COMMANDS: Record<BrokenCase['command'], { run: CommandRun; args: string[]; flags: Json }> = {
  plan: { run: plan, args: [], flags: { env: 'test' } },
  apply: { run: apply, args: [], flags: { env: 'test', autoApprove: true } },
  'apply-file': { run: apply, args: ['plan.json'], flags: { env: 'test', autoApprove: true } },
  show: { run: show, args: ['plan.json'], flags: {} },
  validate: { run: validate, args: [], flags: { env: 'test' } },
};


/** Runs the cases, each in a fresh workspace (simulator and project folder). */
export function describeBroken(title: string, cases: readonly BrokenCase[]): void {
  describe(title, () => {
    let ws: Workspace;
    beforeEach(async () => {
      ws = await workspace();
    });
    afterEach(async () => ws.close());

    it('names each case once', () => {
      expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    });

    it.each(cases)('$name', async (c) => {
      ws.writeEnv(c.manifests ?? BASE, { environmentExtra: c.environmentExtra });
      await c.live?.(ws.client(), ws);
      if (c.planFile) {
        const file = join(ws.cwd, 'plan.json');
        if (c.planFile.env) ws.writeEnv(c.manifests ?? BASE, { name: c.planFile.env });
        const made = await ws.run(plan, { env: c.planFile.env ?? 'test', out: 'plan.json', ...(c.planFile.planFlags ?? {}) });
        expect(made.code, made.stderr).toBe(0);
        const text = readFileSync(file, 'utf8');
        if (c.planFile.raw) writeFileSync(file, c.planFile.raw(text));
        else if (c.planFile.edit) {
          const p = JSON.parse(text) as Json;
          c.planFile.edit(p, ws);
          const { digest: _d, ...rest } = p;
          writeFileSync(file, JSON.stringify(c.planFile.reseal ? sealPlan(rest as unknown as Plan) : p, null, 2));
        }
      }
      await c.meanwhile?.(ws.client());
      const from = ws.sim.requests.length;
      const { run, args, flags } = COMMANDS[c.command];
      const r = await ws.run(run, { ...flags, ...(c.flags ?? {}) }, c.args ?? args);
      expect(r.code, r.stderr).toBe(c.code);
      const lines = r.stderr.split('\n');
      if (typeof c.line === 'string') expect(lines, r.stderr).toContain(c.line);
      else expect(lines.some((l) => (c.line as RegExp).test(l)), r.stderr).toBe(true);
      expect(ws.writes(from)).toEqual([]);
      // Nothing was applied: no "Apply complete!" either.
      expect(r.stdout).not.toContain('Apply complete');
    });
  });
}
