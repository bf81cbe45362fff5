/** Long applies show per-kind progress on stderr (issue 10 §4), through the CLI and the simulator. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { docs, workspace, type Workspace } from './harness.js';

describe('apply progress', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => ws.close());

  it('120 team deletes: an estimate first, then per-kind counts ending at 120/120, all on stderr', async () => {
    const names = Array.from({ length: 120 }, (_, i) => `Old ${String(i).padStart(3, '0')}`);
    await ws.client().upsert('Team', names.map((name) => ({ name, department_id: 2 })));
    ws.writeEnv(docs(...names.map((n) => `kind: Team\nname: ${n}\nabsent: true`)), { environmentExtra: 'policy:\n  allowDelete: true\n  maxDeletes: 200' });
    const r = await ws.run(apply, { env: 'test', allowDelete: true, autoApprove: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Apply complete! Resources: 0 added, 0 changed, 120 destroyed.');
    const lines = r.stderr.split('\n');
    const progress = lines.filter((l) => l.startsWith('Team: '));
    expect(progress.at(-1)).toBe('Team: 120/120 deleted');
    for (const l of progress) expect(l).toMatch(/^Team: \d+\/120 deleted$/);
    // The estimate comes before the first count: 120 DELETEs plus the verification re-read: 3 lists
    // (teams, and the agents and ticket types that may refer to them) and the login agent with its
    // memberships (Agent/me and its detail: deleting a team it belongs to would be a lockout).
    const estimate = lines.findIndex((l) => l.startsWith('applying 120 changes: about 125 calls'));
    expect(estimate).toBeGreaterThanOrEqual(0);
    expect(estimate).toBeLessThan(lines.indexOf(progress[0]!));
    expect(r.stdout).not.toContain('Team: ');
  });
});
