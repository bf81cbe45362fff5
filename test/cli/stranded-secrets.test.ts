/**
 * No pending secret is stranded (issue: findPendingRecords looked only at declared applications):
 * plan and apply list every record in the state folder. One whose application is no longer
 * declared refuses plan and apply (never exit 0) with the way out; one whose application changed
 * its sink is delivered to the new sink.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import { docs, workspace, type Workspace } from './harness.js';

const AGENT = 'kind: Agent\nname: Sync API\nspec:\n  email: sync@example.com\n  apiOnly: true';
const app = (sink: string) => `kind: Application\nname: Sync\nspec:\n  loginAs: Sync API\n  scopes: [read:tickets]\n  secret: { sink: ${JSON.stringify(sink)} }`;

describe('stranded pending secrets', () => {
  let ws: Workspace;
  const pendingDir = () => join(ws.cwd, 'environments/test/.halo-iac/pending');
  beforeEach(async () => {
    ws = await workspace();
    ws.writeEnv(docs(AGENT, app('command:false')));
    const failed = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(failed.code).toBe(1);
    expect(readdirSync(pendingDir())).toEqual([expect.stringMatching(/^sync-[0-9a-f]{8}\.pending$/)]);
  });
  afterEach(async () => ws.close());

  it('a record of an application no longer declared refuses plan and apply, naming the record and the fix', async () => {
    ws.writeEnv(docs(AGENT));
    const [name] = readdirSync(pendingDir());
    const file = join(pendingDir(), name!);
    const expected =
      `${file}:1:1: application/Sync: a pending secret no declared application will deliver: Sync is not in the manifests, is absent, or has secret.sink none, so this may be the only copy of its client secret. ` +
      `Declare the application again with a sink and run halo-iac apply to deliver it; or save its clientSecret where it is needed, then delete ${file}`;
    const p = await ws.run(plan, { env: 'test', detailedExitcode: true });
    expect(p.code).toBe(1);
    expect(p.stderr.split('\n')).toContain(expected);
    const from = ws.sim.requests.length;
    const a = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(a.code).toBe(1);
    expect(a.stderr.split('\n')).toContain(expected);
    expect(ws.writes(from)).toEqual([]);
    expect(existsSync(file)).toBe(true);
    // Declared again (with a working sink): apply delivers it and the record goes.
    ws.writeEnv(docs(AGENT, app('env-file:../../secrets/sync.env')));
    const again = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(again.code).toBe(0);
    expect(readdirSync(pendingDir())).toEqual([]);
  });

  it('a record of an application whose sink changed is listed as pending and delivered to the new sink', async () => {
    const [name] = readdirSync(pendingDir());
    const secret = (JSON.parse(readFileSync(join(pendingDir(), name!), 'utf8')) as { clientSecret: string }).clientSecret;
    ws.writeEnv(docs(AGENT, app('env-file:../../secrets/sync.env')));
    const p = await ws.run(plan, { env: 'test', detailedExitcode: true });
    expect(p.stdout).toContain('application/Sync: secret delivery pending');
    expect(p.code).toBe(2);
    const a = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(a.code).toBe(0);
    expect(readdirSync(pendingDir())).toEqual([]);
    expect(readFileSync(join(ws.cwd, 'secrets/sync.env'), 'utf8')).toContain(`SYNC_CLIENT_SECRET=${secret}`);
    const after = await ws.run(plan, { env: 'test', detailedExitcode: true });
    expect(after.code).toBe(0);
  });
});
