import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OPTS, obj, state } from './helpers/desired.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { createHaloClient } from '../../src/halo/index.js';
import { HaloApiError } from '../../src/halo/errors.js';
import type { HaloRecord, HaloWriter } from '../../src/halo/types.js';
import { apply, plan, readLive, type ApplyResult } from '../../src/engine/index.js';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

/** A simulator (optionally persisted, with faults) and a client for it. */
async function start(faults: string[] = [], statePath?: string): Promise<{ sim: RunningSimulator; client: HaloWriter }> {
  const sim = await startSimulator({ port: 0, faults, seed: 1, ...(statePath ? { statePath } : {}) });
  running.push(sim);
  const client = createHaloClient({
    url: sim.url, authUrl: sim.authUrl, clientId: sim.clientId, clientSecret: sim.clientSecret, budget: false, retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  return { sim, client };
}

function app(sink: string, rotate = 0) {
  return [
    obj('Agent', 'Pending Bot', { apiOnly: true }),
    obj('Application', 'Pending App', { loginAs: 'Pending Bot', scopes: ['read:tickets'], secret: { sink, rotate } }),
  ];
}

async function applyWith(sim: RunningSimulator, writer: HaloWriter, envDir: string, sink: string, rotate = 0): Promise<ApplyResult> {
  const s = state(app(sink, rotate), {}, sim.url);
  const p = plan(s, await readLive(s, writer), { ...OPTS, clientId: sim.clientId });
  return apply(p, s, writer, { batchSize: 50, parallelism: 2, envDir });
}

async function canLogIn(sim: RunningSimulator, clientId: string, clientSecret: string): Promise<boolean> {
  const c = createHaloClient({ url: sim.url, authUrl: sim.authUrl, clientId, clientSecret, scope: 'read:tickets', budget: false, retry: { maxRetries: 0 } });
  try {
    await c.list('TicketType');
    return true;
  } catch {
    return false;
  }
}

function readJson(path: string): { clientId: string | null; clientSecret: string } {
  return JSON.parse(readFileSync(path, 'utf8')) as { clientId: string | null; clientSecret: string };
}

/** The stored application (the simulator keeps secrets as stored). */
function storedApp(sim: RunningSimulator): HaloRecord | undefined {
  return (sim.snapshot().collections.Application ?? []).find((a) => a.displayName === 'Pending App');
}

/** A writer whose calls go to `client`, with `upsert` replaced. */
function withUpsert(client: HaloWriter, upsert: HaloWriter['upsert']): HaloWriter {
  return new Proxy(client, { get: (t, prop) => (prop === 'upsert' ? upsert : Reflect.get(t, prop)) });
}

describe('generated secrets are on disk before Halo has them', () => {
  it('a create whose response is dropped after commit: the create-recheck promotes <sink>.pending into the sink', async () => {
    const { sim, client } = await start(['drop-after-commit:1']);
    const envDir = mkdtempSync(join(tmpdir(), 'halo-iac-pending-'));
    const r = await applyWith(sim, client, envDir, 'file:out/app.json');
    expect(r.failed).toEqual([]);
    const sink = join(envDir, 'out/app.json');
    expect(existsSync(`${sink}.pending`)).toBe(false);
    const saved = readJson(sink);
    expect(statSync(sink).mode & 0o777).toBe(0o600);
    expect(saved).toEqual({ clientId: storedApp(sim)?.clientId, clientSecret: storedApp(sim)?.clientSecret });
    expect(await canLogIn(sim, saved.clientId ?? '', saved.clientSecret)).toBe(true);
  });

  it('a rotation whose every response is dropped (outcome unknown) keeps the new secret in <sink>.pending and says so', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'halo-iac-pending-state-')), 'tenant.json');
    const envDir = mkdtempSync(join(tmpdir(), 'halo-iac-pending-'));
    const sink = join(envDir, 'app.json');
    const first = await start([], statePath);
    expect((await applyWith(first.sim, first.client, envDir, 'file:app.json')).failed).toEqual([]);
    const old = readJson(sink);
    await running.splice(0)[0]?.stop();

    const { sim, client } = await start(['drop-after-commit:1'], statePath);
    const r = await applyWith(sim, client, envDir, 'file:app.json', 1);
    expect(r.failed.map((f) => f.address)).toEqual(['application/Pending App']);
    const message = r.failed[0]?.message ?? '';
    expect(message).toContain(`it is kept in ${sink}.pending`);
    expect(message).toContain('the next apply checks it against Halo and delivers it');
    // Halo committed the new secret: it is in the pending file (0600), with the client id, and it works.
    const pending = readJson(`${sink}.pending`);
    expect(statSync(`${sink}.pending`).mode & 0o777).toBe(0o600);
    expect(pending.clientId).toBe(old.clientId);
    expect(pending.clientSecret).toBe(storedApp(sim)?.clientSecret);
    expect(pending.clientSecret).not.toBe(old.clientSecret);
    expect(message).not.toContain(pending.clientSecret);
    expect(await canLogIn(sim, old.clientId ?? '', pending.clientSecret)).toBe(true);
    // The sink itself is untouched until the outcome is known.
    expect(readJson(sink)).toEqual(old);
  });

  it('a crash between commit and sink write leaves the secret in <sink>.pending', async () => {
    const { sim, client } = await start();
    const envDir = mkdtempSync(join(tmpdir(), 'halo-iac-pending-'));
    const crashing = withUpsert(client, async (path, items) => {
      const saved = await client.upsert(path, items);
      if (path === 'Application') throw new Error('process died');
      return saved as never;
    });
    await expect(applyWith(sim, crashing, envDir, 'file:app.json')).rejects.toThrow(/process died/);
    const pending = readJson(join(envDir, 'app.json.pending'));
    expect(pending.clientId).toBeNull(); // a create: Halo had not returned the client id yet
    expect(pending.clientSecret).toBe(storedApp(sim)?.clientSecret);
    expect(await canLogIn(sim, String(storedApp(sim)?.clientId), pending.clientSecret)).toBe(true);
  });

  it('an unwritable sink directory: nothing is sent and the object fails with a clear message', async () => {
    const { sim, client } = await start();
    const envDir = mkdtempSync(join(tmpdir(), 'halo-iac-pending-'));
    writeFileSync(join(envDir, 'blocked'), 'a file where the sink directory should be');
    const r = await applyWith(sim, client, envDir, 'file:blocked/app.json');
    expect(r.failed.map((f) => f.address)).toEqual(['application/Pending App']);
    expect(r.failed[0]?.message).toMatch(
      new RegExp(`^not sent: the new secret could not be saved to ${join(envDir, 'blocked/app.json.pending').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} before sending it`),
    );
    expect(storedApp(sim)).toBeUndefined();
    expect(sim.requests.some((x) => x.method === 'POST' && /\/api\/Application/i.test(x.path))).toBe(false);
  });

  it('the sink cannot be replaced after the commit: the secret stays in <sink>.pending and the message says where', async () => {
    const { sim, client } = await start();
    const envDir = mkdtempSync(join(tmpdir(), 'halo-iac-pending-'));
    // A non-empty directory where the sink file should be: renaming onto it fails (even as root).
    mkdirSync(join(envDir, 'out/app.json'), { recursive: true });
    writeFileSync(join(envDir, 'out/app.json/keep'), 'x');
    const r = await applyWith(sim, client, envDir, 'file:out/app.json');
    const pendingPath = join(envDir, 'out/app.json.pending');
    expect(r.failed.map((f) => f.address)).toEqual(['application/Pending App']);
    expect(r.failed[0]?.message).toContain(`Halo stored the new secret but it could not be delivered to ${join(envDir, 'out/app.json')}`);
    expect(r.failed[0]?.message).toContain(`it is kept in ${pendingPath}`);
    expect(r.failed[0]?.message).toContain('the next apply checks it against Halo and delivers it');
    const pending = readJson(pendingPath);
    expect(pending).toMatchObject({ clientId: storedApp(sim)?.clientId, clientSecret: storedApp(sim)?.clientSecret });
    expect(r.failed[0]?.message).not.toContain(pending.clientSecret);
  });

  it('a definitive 4xx deletes the pending file (Halo never stored the secret)', async () => {
    const { sim, client } = await start();
    const envDir = mkdtempSync(join(tmpdir(), 'halo-iac-pending-'));
    const pendingPath = join(envDir, 'app.json.pending');
    let pendingWhenSent: string | undefined;
    const refusing = withUpsert(client, async (path, items) => {
      if (path !== 'Application') return client.upsert(path, items);
      pendingWhenSent = readFileSync(pendingPath, 'utf8');
      throw new HaloApiError({ kind: 'http', status: 400, method: 'POST', path: '/api/Application', haloMessage: 'The displayName field is required.' });
    });
    const r = await applyWith(sim, refusing, envDir, 'file:app.json');
    expect(JSON.parse(pendingWhenSent ?? '{}').clientSecret).toMatch(/^[0-9a-f-]{73}$/);
    expect(existsSync(pendingPath)).toBe(false);
    expect(existsSync(join(envDir, 'app.json'))).toBe(false);
    expect(r.failed.map((f) => f.address)).toEqual(['application/Pending App']);
    expect(r.failed[0]?.message).toContain('Halo answered 400');
    expect(r.failed[0]?.message).toContain('Halo did not store the new secret (its pending record was removed)');
  });
});
