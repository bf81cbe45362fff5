/**
 * issue 10 §1: a `command:` sink hands the secret to a real subprocess on stdin (here a small node
 * script standing in for `gh secret set`), whose received secret must then authenticate against
 * the simulator. A failing command keeps the secret pending; the next apply delivers it first.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import shellQuote from 'shell-quote';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPTS, obj, state } from './helpers/desired.js';
import { canLogIn, harness, type Harness } from './helpers/sim.js';
import { apply, findPendingRecords, pendingNotices, plan, readLive } from '../../src/engine/index.js';
import type { HaloRecord } from '../../src/halo/types.js';
import { renderText } from '../../src/render/index.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  // The stand-in for a CI secret store's CLI: stores stdin, the env it was given and its arguments.
  writeFileSync(
    join(h.envDir, 'store-secret.mjs'),
    [
      "import { readFileSync, writeFileSync } from 'node:fs';",
      'const secret = readFileSync(0, "utf8");',
      'const [out, mode, ...rest] = process.argv.slice(2);',
      'if (mode === "fail") { process.stderr.write(`cannot store ${secret}: HTTP 401 Bad credentials\\n`); process.exit(3); }',
      'writeFileSync(out, JSON.stringify({ secret, clientId: process.env.HALO_IAC_CLIENT_ID, application: process.env.HALO_IAC_APPLICATION, rest }));',
    ].join('\n'),
  );
});
afterEach(async () => {
  await h.stop();
});

const node = shellQuote.quote([process.execPath]);
function objects(secret: Record<string, unknown>) {
  return [obj('Agent', 'Moovila API', { apiOnly: true }), obj('Application', 'Moovila', { loginAs: 'Moovila API', scopes: ['read:tickets'], secret })];
}
const stored = (): HaloRecord | undefined => (h.sim.snapshot().collections.Application ?? []).find((a) => a.displayName === 'Moovila');
const appPosts = () => h.sim.requests.filter((r) => r.method === 'POST' && /^\/api\/application$/i.test(r.path)).length;
const pendingDir = () => join(h.envDir, '.halo-iac/pending');

async function run(secret: Record<string, unknown>, policy: Record<string, unknown> = {}) {
  const s = state(objects(secret), policy, h.sim.url);
  const pending = pendingNotices(await findPendingRecords(s.objects, h.envDir));
  const p = plan(s, await readLive(s, h.client), { ...OPTS, clientId: h.sim.clientId, pending });
  if (p.errors.length > 0) return { plan: p };
  return { plan: p, result: await apply(p, s, h.client, { batchSize: 50, parallelism: 2, envDir: h.envDir, onEvent: (e) => h.events.push(e) }) };
}


const received = (name = 'received.json') => JSON.parse(readFileSync(join(h.envDir, name), 'utf8')) as { secret: string; clientId: string; application: string; rest: string[] };

describe('command: sinks', () => {
  it('runs the command without a shell, the secret on stdin, the client id and name in the environment; the secret works', async () => {
    const { result } = await run({ sink: `command:${node} store-secret.mjs received.json ok "two words" 'it''s'` });
    expect(result?.failed).toEqual([]);
    const got = received();
    expect(got.secret).toBe(stored()?.clientSecret);
    expect(got.secret).toMatch(/^[0-9a-f-]{73}$/);
    expect(got.clientId).toBe(stored()?.clientId);
    expect(got.application).toBe('Moovila');
    expect(got.rest).toEqual(['two words', 'its']);
    expect(await canLogIn(h.sim, got.clientId, got.secret)).toBe(true);
    expect(readdirSync(pendingDir())).toEqual([]);
    expect(h.events).toContainEqual({ type: 'secret-written', address: 'application/Moovila', sink: `the command ${process.execPath}` });
    expect(JSON.stringify([result, h.events, h.sim.requests])).not.toContain(got.secret);
  });

  it('a failing command is a failed delivery with its stderr (scrubbed); the secret stays pending and the next apply delivers it first', async () => {
    const failing = await run({ sink: `command:${node} store-secret.mjs received.json fail` });
    const secret = String(stored()?.clientSecret);
    expect(failing.result?.failed).toHaveLength(1);
    const message = failing.result?.failed[0]?.message ?? '';
    expect(message).toMatch(new RegExp(`^Halo stored the new secret but it could not be delivered to the command .*node.* \\(.*node.* exited with status 3: cannot store \\[redacted\\]: HTTP 401 Bad credentials\\); it is kept in ${pendingDir()}/moovila-[0-9a-f]{8}\\.pending;`));
    expect(message).not.toContain(secret);
    expect(failing.result?.remaining.pending_secrets?.map((p) => p.address)).toEqual(['application/Moovila']);
    const [file] = readdirSync(pendingDir());
    expect(JSON.parse(readFileSync(join(pendingDir(), file ?? ''), 'utf8'))).toMatchObject({ application: 'Moovila', clientId: stored()?.clientId, clientSecret: secret });

    // The store works again: the pending secret is checked against Halo and handed over; nothing rotates.
    const posts = appPosts();
    const fixed = await run({ sink: `command:${node} store-secret.mjs received.json ok` });
    expect(fixed.plan.pending_secrets?.map((p) => p.address)).toEqual(['application/Moovila']);
    expect(fixed.result?.failed).toEqual([]);
    expect(fixed.result?.remaining.pending_secrets).toBeUndefined();
    expect(appPosts()).toBe(posts + 1); // clearing the undelivered mark; no new secret
    expect(received().secret).toBe(secret);
    expect(await canLogIn(h.sim, received().clientId, received().secret)).toBe(true);
    expect(readdirSync(pendingDir())).toEqual([]);
  });

  it('a failed delivery on a runner since thrown away: Halo\'s undelivered mark makes the next apply, elsewhere, send and deliver a new secret', async () => {
    const failing = await run({ sink: `command:${node} store-secret.mjs received.json fail` });
    expect(failing.result?.failed).toHaveLength(1);
    const stranded = String(stored()?.clientSecret);
    const clientId = stored()?.clientId;
    expect(await canLogIn(h.sim, clientId, stranded)).toBe(true);
    // A fresh runner: the pending record is gone with the old one.
    rmSync(pendingDir(), { recursive: true });

    const next = await run({ sink: `command:${node} store-secret.mjs received.json ok` });
    expect(next.plan.pending_secrets).toEqual([
      { address: 'application/Moovila', file: expect.stringMatching(/\/\.halo-iac\/pending\/moovila-[0-9a-f]{8}\.pending$/), created_at: expect.any(String), client_id_known: true, record_missing: true, source: next.plan.resource_changes.find((c) => c.address === 'application/Moovila')?.source },
    ]);
    expect(renderText(next.plan)).toContain('\n  ~ application/Moovila: secret delivery pending\n');
    expect(next.result?.failed).toEqual([]);
    expect(next.result?.remaining.pending_secrets).toBeUndefined();
    const got = received();
    expect(got.secret).not.toBe(stranded);
    expect(got.clientId).toBe(clientId);
    expect(await canLogIn(h.sim, got.clientId, got.secret)).toBe(true);
    expect(await canLogIn(h.sim, clientId, stranded)).toBe(false);
    expect(String(stored()?.properties)).not.toContain('halo-iac/secret-undelivered');
    expect(h.events).toContainEqual({ type: 'secret-pending', address: 'application/Moovila', outcome: 'rotating' });
    // Converged: nothing pending any more, here or in Halo.
    expect((await run({ sink: `command:${node} store-secret.mjs received.json ok` })).plan.pending_secrets).toBeUndefined();
  });

  it('a stranded secret and another change of the same application in one apply: the later update does not set the old mark again', async () => {
    await run({ sink: `command:${node} store-secret.mjs received.json fail` });
    rmSync(pendingDir(), { recursive: true });
    const s = state([obj('Agent', 'Moovila API', { apiOnly: true }), obj('Application', 'Moovila', { loginAs: 'Moovila API', scopes: ['read:tickets', 'read:customers'], secret: { sink: `command:${node} store-secret.mjs received.json ok` } })], {}, h.sim.url);
    const p = plan(s, await readLive(s, h.client), { ...OPTS, clientId: h.sim.clientId });
    expect(p.resource_changes.find((c) => c.address === 'application/Moovila')?.change.actions).toEqual(['update']);
    const r = await apply(p, s, h.client, { batchSize: 50, parallelism: 2, envDir: h.envDir });
    expect(r.failed).toEqual([]);
    expect(r.remaining.pending_secrets).toBeUndefined();
    expect(String(stored()?.properties)).not.toContain('halo-iac/secret-undelivered');
    expect(await canLogIn(h.sim, received().clientId, received().secret)).toBe(true);
  });

  it('shell: true runs the command through the shell (&&, $HALO_IAC_CLIENT_ID)', async () => {
    const cmd = `${node} store-secret.mjs received.json ok "$HALO_IAC_CLIENT_ID" && ${node} -e "require('fs').writeFileSync('after.txt', 'ran')"`;
    const { result } = await run({ sink: `command:${cmd}`, shell: true });
    expect(result?.failed).toEqual([]);
    expect(received().rest).toEqual([String(stored()?.clientId)]);
    expect(readFileSync(join(h.envDir, 'after.txt'), 'utf8')).toBe('ran');
    expect(await canLogIn(h.sim, received().clientId, received().secret)).toBe(true);
  });

  it('a command that is not installed fails delivery with a clear line and keeps the secret pending', async () => {
    const { result } = await run({ sink: 'command:halo-iac-no-such-tool secret set X' });
    expect(result?.failed[0]?.message).toMatch(/^Halo stored the new secret but it could not be delivered to the command halo-iac-no-such-tool \(halo-iac-no-such-tool: command not found\); it is kept in /);
    expect(readdirSync(pendingDir())).toHaveLength(1);
  });
});

describe('applications whose secret goes nowhere', () => {
  it('a create without secret.sink is a plan warning at the manifest position; under policy.requireSecretSink a refusal', async () => {
    const noSecret = [obj('Agent', 'Moovila API', { apiOnly: true }), obj('Application', 'Moovila', { loginAs: 'Moovila API', scopes: ['read:tickets'] }, { source: { file: 'manifests/apps.yaml', line: 12, column: 1 } })];
    const s = state(noSecret, {}, h.sim.url);
    const p = plan(s, await readLive(s, h.client), { ...OPTS, clientId: h.sim.clientId });
    const expected = {
      address: 'application/Moovila',
      source: { file: 'manifests/apps.yaml', line: 12, column: 1 },
      message:
        'application/Moovila: its client secret would be kept nowhere (Halo shows a secret only when it is made, and halo-iac is not told where to put it). ' +
        'Add secret: { sink: "command:..." } (a CI secret store), "env-file:PATH" or "file:PATH"; or secret: { sink: none } to create it without one on purpose',
    };
    expect(p.warnings).toEqual([expected]);
    expect(p.errors).toEqual([]);
    const strict = state(noSecret, { requireSecretSink: true }, h.sim.url);
    const q = plan(strict, await readLive(strict, h.client), { ...OPTS, clientId: h.sim.clientId });
    expect(q.errors).toEqual([{ ...expected, message: `${expected.message} (policy.requireSecretSink)` }]);
    expect(q.warnings).toEqual([]);
  });

  it('sink: none says it on purpose: no warning, and the application is created with a random secret that is kept nowhere', async () => {
    const { plan: p, result } = await run({ sink: 'none' }, { requireSecretSink: true });
    expect(p.warnings).toEqual([]);
    expect(p.errors).toEqual([]);
    expect(result?.failed).toEqual([]);
    expect(result?.remaining.resource_changes.filter((c) => !c.change.actions.includes('no-op'))).toEqual([]);
    const secret = String(stored()?.clientSecret);
    expect(secret).toMatch(/^[0-9a-f-]{73}$/);
    // Not on disk anywhere under the environment, not in any event.
    const files = readdirSync(h.envDir, { recursive: true }).map(String);
    expect(files).toEqual(['store-secret.mjs']);
    expect(JSON.stringify(h.events)).not.toContain(secret);
    // Adding or keeping `none` on a live application never rotates it.
    expect((await run({ sink: 'none' })).plan.resource_changes.find((c) => c.address === 'application/Moovila')?.change.actions).toEqual(['no-op']);
    expect(existsSync(pendingDir())).toBe(false);
  });
});

describe('command: sinks and halo-iac\'s own login', () => {
  it('the command gets neither HALO_CLIENT_SECRET nor the variable the connection secret came from; its stderr is scrubbed of every known secret', async () => {
    writeFileSync(
      join(h.envDir, 'leak.mjs'),
      [
        "import { writeFileSync } from 'node:fs';",
        'writeFileSync("env.json", JSON.stringify(process.env));',
        'process.stderr.write(`login=${process.env.HALO_CLIENT_SECRET} mine=${process.env.MY_LOGIN} hook=Hk9webhookpass halo=${process.argv[2]}\\n`);',
        'process.exit(3);',
      ].join('\n'),
    );
    const s = state(objects({ sink: `command:${node} leak.mjs ${shellQuote.quote([h.sim.clientSecret])}` }), {}, h.sim.url);
    s.environment.connection.clientSecret = h.sim.clientSecret;
    s.objects.push(obj('Webhook', 'Hook', { url: 'https://example.com/h', authentication: { type: 'basic', username: 'u', secretFrom: 'env:HOOK_PASS' } }));
    const secretEnv = { PATH: process.env.PATH, HALO_CLIENT_SECRET: 'Lg4loginsecret', MY_LOGIN: h.sim.clientSecret, HOOK_PASS: 'Hk9webhookpass', KEPT: 'yes' };
    const p = plan(s, await readLive(s, h.client), { ...OPTS, clientId: h.sim.clientId, secretEnv });
    expect(p.errors).toEqual([]);
    const result = await apply(p, s, h.client, { batchSize: 50, parallelism: 2, envDir: h.envDir, secretEnv });
    const message = result.failed.find((f) => f.address === 'application/Moovila')?.message ?? '';
    expect(message).toContain('exited with status 3: login=undefined mine=undefined hook=[redacted] halo=[redacted]');
    for (const secret of [h.sim.clientSecret, 'Lg4loginsecret', 'Hk9webhookpass']) expect(JSON.stringify(result)).not.toContain(secret);
    const env = JSON.parse(readFileSync(join(h.envDir, 'env.json'), 'utf8')) as Record<string, string>;
    expect(env.HALO_CLIENT_SECRET).toBeUndefined();
    expect(env.MY_LOGIN).toBeUndefined();
    expect(env.KEPT).toBe('yes');
    expect(env.HALO_IAC_APPLICATION).toBe('Moovila');
  });
});
