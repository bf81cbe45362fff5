/**
 * A failing `command:` sink never shows halo-iac's own login secret: the command does not get
 * HALO_CLIENT_SECRET, and its stderr is scrubbed before the error is printed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { docs, workspace, type Workspace } from './harness.js';

describe('command: sink and the login secret', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => ws.close());

  it('a sink echoing $HALO_CLIENT_SECRET to stderr prints nothing of it (the variable is not passed)', async () => {
    ws.writeEnv(
      docs(
        'kind: Agent\nname: Sync API\nspec:\n  email: sync@example.com\n  apiOnly: true',
        'kind: Application\nname: Sync\nspec:\n  loginAs: Sync API\n  scopes: [read:tickets]\n  secret: { sink: \'command:echo "[$HALO_CLIENT_SECRET]" >&2; exit 3\', shell: true }',
      ),
    );
    const r = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(r.code).toBe(1);
    const line = r.stderr.split('\n').find((l) => l.includes('could not be delivered')) ?? '';
    // Empty brackets: the command had no such variable (the writers' mask would have shown "(sensitive value)").
    expect(line).toContain('the shell command exited with status 3: []');
    expect(r.stdout + r.stderr).not.toContain(ws.sim.clientSecret);
  });
});
