/** `--target` is checked before any network call, with a did-you-mean from the environment's addresses (issue 10 §2). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import { docs, workspace, type Workspace } from './harness.js';

describe('--target', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
    ws.writeEnv(docs('kind: Team\nname: Integrations\nspec:\n  department: Service Delivery', 'kind: Agent\nname: Ops Bot\nspec:\n  apiOnly: true'));
  });
  afterEach(async () => ws.close());

  it('a typo fails plan and apply before any request, token requests included, naming the closest address', async () => {
    for (const cmd of [plan, apply]) {
      const r = await ws.run(cmd, { env: 'test', target: ['agent/Ops Bott'], autoApprove: true });
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')).toContain("--target agent/Ops Bott matches no declared object (did you mean 'agent/Ops Bot'?)");
    }
    const far = await ws.run(plan, { env: 'test', target: ['role/Nothing Like It'] });
    expect(far.code).toBe(1);
    expect(far.stderr).toContain('--target role/Nothing Like It matches no declared object (addresses look like team/Integrations)');
    expect(ws.sim.requests).toEqual([]);
  });

  it('a known target (any case) plans only that object', async () => {
    const r = await ws.run(plan, { env: 'test', target: ['AGENT/ops bot'] });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+ create agent/Ops Bot');
    expect(r.stdout).not.toContain('team/Integrations (');
  });
});
