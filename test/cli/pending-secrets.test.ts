/**
 * Pending secret deliveries through the CLI: plan lists them as changes (exit 2 under
 * --detailed-exitcode) without trying any token; apply finishes them first and never exits 0
 * while one remains. The sink is a command whose success the test controls with a file.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import shellQuote from 'shell-quote';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import { docs, workspace, type Workspace } from './harness.js';

describe('pending secret deliveries', () => {
  let ws: Workspace;
  const envDir = () => join(ws.cwd, 'environments/test');
  const pendingDir = () => join(envDir(), '.halo-iac/pending');
  beforeEach(async () => {
    ws = await workspace();
    // Stores stdin in stored.txt, unless broken.flag exists (then it fails like an expired CI token).
    ws.write(
      'environments/test/store.mjs',
      'import { existsSync, readFileSync, writeFileSync } from "node:fs";\n' +
        'const s = readFileSync(0, "utf8");\n' +
        'if (existsSync("broken.flag")) { process.stderr.write("gh: HTTP 401: Bad credentials\\n"); process.exit(1); }\n' +
        'writeFileSync("stored.txt", `${process.env.HALO_IAC_CLIENT_ID} ${s}`);\n',
    );
    const sink = `command:${shellQuote.quote([process.execPath])} store.mjs`;
    ws.writeEnv(
      docs(
        'kind: Agent\nname: Sync API\nspec:\n  email: sync@example.com\n  apiOnly: true',
        `kind: Application\nname: Sync\nspec:\n  loginAs: Sync API\n  scopes: [read:tickets]\n  secret: { sink: ${JSON.stringify(sink)} }`,
      ),
    );
  });
  afterEach(async () => ws.close());

  it('plan shows the delivery as a change and tries no token; apply exits 1 until it is delivered, then 0', async () => {
    writeFileSync(join(envDir(), 'broken.flag'), '');
    const failed = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^Error: application\/Sync: Halo stored the new secret but it could not be delivered to the command .*node.* exited with status 1: gh: HTTP 401: Bad credentials\); it is kept in .*\.pending;/m);
    expect(failed.stderr).toContain('  application/Sync (secret delivery pending: ');
    const [record] = readdirSync(pendingDir());
    const file = join(pendingDir(), record ?? '');
    const pending = readFileSync(file, 'utf8');
    const { clientId, clientSecret } = JSON.parse(pending) as { clientId: string; clientSecret: string };

    const before = ws.sim.requests.length;
    const text = await ws.run(plan, { env: 'test', detailedExitcode: true });
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('\n  ~ application/Sync: secret delivery pending\n');
    expect(text.stdout).toContain(`      # ${file}, written `);
    expect(text.stdout).toContain('Plan: 0 to add, 0 to change, 0 to destroy. 1 secret delivery pending.');
    const json = await ws.run(plan, { env: 'test', format: 'json', detailedExitcode: true });
    expect(json.code).toBe(2);
    expect((JSON.parse(json.stdout) as { pending_secrets: unknown }).pending_secrets).toEqual([
      { address: 'application/Sync', file, created_at: expect.any(String), client_id_known: true, source: { file: 'environments/test/resources.yaml', line: 14, column: 19 } },
    ]);
    const md = await ws.run(plan, { env: 'test', format: 'markdown' });
    expect(md.stdout).toContain('### :key: Secret deliveries pending');
    expect(md.stdout).toContain('\n! application/Sync: secret delivery pending\n');
    // Plan is read-only: no token for the pending secret was asked for, no write, the record untouched.
    const during = ws.sim.requests.slice(before);
    expect(during.filter((r) => /token$/i.test(r.path) && (r.request as Record<string, unknown> | null)?.client_id === clientId)).toEqual([]);
    expect(during.filter((r) => r.method !== 'GET' && !/token$/i.test(r.path))).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(pending);
    for (const out of [text, json, md, failed]) expect(out.stdout + out.stderr).not.toContain(clientSecret);

    // Still broken: still pending, still exit 1 (nothing ends in 0 while a record remains).
    const again = await ws.run(apply, { env: 'test', autoApprove: true, format: 'json' });
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: false, added: 0, changed: 0, remaining: ['application/Sync'], failed: [{ address: 'application/Sync' }] });
    expect(again.stdout + again.stderr).not.toContain(clientSecret);
    expect(existsSync(file)).toBe(true);

    rmSync(join(envDir(), 'broken.flag'));
    const fixed = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toContain('pending secret of application/Sync: Halo accepts it; delivering it to its sink');
    expect(readFileSync(join(envDir(), 'stored.txt'), 'utf8')).toBe(`${clientId} ${clientSecret}`);
    expect(existsSync(file)).toBe(false);
    expect((await ws.run(plan, { env: 'test', detailedExitcode: true })).code).toBe(0);
  });
});
