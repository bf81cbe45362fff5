/**
 * Issue 9 §3: a secret is never stranded. Each test leaves a pending record the way a crash (or
 * an earlier version) would, then checks what the next plan says and what the next apply does,
 * against the simulator: the delivered secret must get a real token.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPTS, obj, state } from './helpers/desired.js';
import { canLogIn, harness, type Harness } from './helpers/sim.js';
import { apply, findPendingRecords, pendingNotices, plan, readLive, type SecretVerifier } from '../../src/engine/index.js';
import type { HaloRecord, HaloWriter } from '../../src/halo/types.js';
import { renderText } from '../../src/render/index.js';
import { UserError } from '../../src/model/diagnostics.js';
import { HaloApiError } from '../../src/halo/errors.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.stop();
});

const SINK = 'file:out/app.json';
function objects(rotate = 0) {
  return [obj('Agent', 'Pending Bot', { apiOnly: true }), obj('Application', 'Pending App', { loginAs: 'Pending Bot', scopes: ['read:tickets'], secret: { sink: SINK, rotate } })];
}
const sinkFile = () => join(h.envDir, 'out/app.json');
const pendingFile = () => `${sinkFile()}.pending`;
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
const stored = (): HaloRecord | undefined => (h.sim.snapshot().collections.Application ?? []).find((a) => a.displayName === 'Pending App');
const appPosts = () => h.sim.requests.filter((r) => r.method === 'POST' && /^\/api\/application$/i.test(r.path)).length;
/** halo-iac's "secret sent, not yet delivered" mark on the stored application (catalog rotateCounterField). */
const marked = () => String(stored()?.properties ?? '').includes('halo-iac/secret-undelivered');
const tokenChecks = (clientId: unknown) => h.sim.requests.filter((r) => /token$/i.test(r.path) && (r.request as Record<string, unknown> | null)?.client_id === clientId).length;


/** Plans with the pending records on disk (as the CLI does) and applies that plan. */
async function planAndApply(writer: HaloWriter = h.client, extra: { verifySecret?: SecretVerifier; rotate?: number } = {}) {
  const s = state(objects(extra.rotate), {}, h.sim.url);
  const pending = pendingNotices(await findPendingRecords(s.objects, h.envDir));
  const p = plan(s, await readLive(s, writer), { ...OPTS, clientId: h.sim.clientId, pending });
  const r = await apply(p, s, writer, { batchSize: 50, parallelism: 2, envDir: h.envDir, onEvent: (e) => h.events.push(e), ...(extra.verifySecret ? { verifySecret: extra.verifySecret } : {}) });
  return { plan: p, result: r };
}

/** A writer that dies (as SIGKILL would) right after Halo stored an Application write. */
function dyingAfterApplicationPost(client: HaloWriter): HaloWriter {
  return new Proxy(client, {
    get: (t, prop) =>
      prop === 'upsert'
        ? async (path: string, items: HaloRecord[]) => {
            const saved = await client.upsert(path as never, items);
            if (path === 'Application') throw new Error('process died');
            return saved;
          }
        : Reflect.get(t, prop),
  });
}

describe('pending secret records', () => {
  it('hold application, live id, client id, environment, tenant url, time and the secret, 0600, before the POST', async () => {
    let atCreate: Record<string, unknown> | undefined;
    let atRotate: Record<string, unknown> | undefined;
    const watching = (into: (r: Record<string, unknown>) => void): HaloWriter =>
      new Proxy(h.client, {
        get: (t, prop) =>
          prop === 'upsert'
            ? async (path: string, items: HaloRecord[]) => {
                // The POST carrying the secret (the one after it only clears the undelivered mark).
                if (path === 'Application' && items[0]?.clientSecret !== undefined) {
                  expect(statSync(pendingFile()).mode & 0o777).toBe(0o600);
                  into(readJson(pendingFile()));
                }
                return h.client.upsert(path as never, items);
              }
            : Reflect.get(t, prop),
      });
    expect((await planAndApply(watching((r) => (atCreate = r)))).result.failed).toEqual([]);
    const sent = stored();
    expect(atCreate).toEqual({
      kind: 'halo-iac/pending-secret',
      version: 1,
      application: 'Pending App',
      liveId: null,
      clientId: null,
      environment: 'test',
      url: h.sim.url,
      tenant: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      clientSecret: sent?.clientSecret,
    });
    expect((await planAndApply(watching((r) => (atRotate = r)), { rotate: 1 })).result.failed).toEqual([]);
    expect(atRotate).toMatchObject({ application: 'Pending App', liveId: sent?.id, clientId: sent?.clientId, clientSecret: stored()?.clientSecret });
    expect(existsSync(pendingFile())).toBe(false);
    expect(marked()).toBe(false);
  });

  it('a create whose response never arrived: plan shows the delivery pending; apply finds the client id by name and delivers', async () => {
    await expect(planAndApply(dyingAfterApplicationPost(h.client))).rejects.toThrow(/process died/);
    expect(readJson(pendingFile())).toMatchObject({ clientId: null, liveId: null, clientSecret: stored()?.clientSecret });
    expect(existsSync(sinkFile())).toBe(false);
    expect(marked()).toBe(true);

    const s = state(objects(), {}, h.sim.url);
    const p = plan(s, await readLive(s, h.client), { ...OPTS, clientId: h.sim.clientId, pending: pendingNotices(await findPendingRecords(s.objects, h.envDir)) });
    expect(p.pending_secrets).toEqual([{ address: 'application/Pending App', file: pendingFile(), created_at: expect.any(String), client_id_known: false, source: s.objects[1]?.source }]);
    expect(renderText(p)).toContain('\n  ~ application/Pending App: secret delivery pending\n');
    expect(renderText(p)).toContain('Plan: 0 to add, 0 to change, 0 to destroy. 1 secret delivery pending.');

    const posts = appPosts();
    const { result } = await planAndApply();
    expect(result.failed).toEqual([]);
    expect(result.remaining.pending_secrets).toBeUndefined();
    expect(existsSync(pendingFile())).toBe(false);
    const sink = readJson(sinkFile());
    expect(sink).toEqual({ clientId: stored()?.clientId, clientSecret: stored()?.clientSecret });
    expect(await canLogIn(h.sim, sink.clientId, sink.clientSecret)).toBe(true);
    // Halo accepted the pending secret: delivered, not rotated (the one POST clears the mark). One token request checked it.
    expect(appPosts()).toBe(posts + 1);
    expect(marked()).toBe(false);
    expect(tokenChecks(sink.clientId)).toBe(2); // the check, and canLogIn above
    expect(h.events).toContainEqual({ type: 'secret-pending', address: 'application/Pending App', outcome: 'delivering' });
  });

  it('a pending secret Halo does not hold (the rotation never landed): a new one is sent and delivered', async () => {
    expect((await planAndApply()).result.failed).toEqual([]);
    const first = readJson(sinkFile());
    const lost = '11111111-2222-3333-4444-555555555555-66666666-7777-8888-9999-000000000000';
    writeFileSync(pendingFile(), JSON.stringify({ kind: 'halo-iac/pending-secret', version: 1, application: 'Pending App', liveId: stored()?.id, clientId: first.clientId, environment: 'test', url: h.sim.url, createdAt: '2025-01-01T00:00:00.000Z', clientSecret: lost }), { mode: 0o600 });
    const posts = appPosts();
    const { result } = await planAndApply();
    expect(result.failed).toEqual([]);
    expect(appPosts()).toBe(posts + 2); // the new secret, then clearing its mark
    expect(existsSync(pendingFile())).toBe(false);
    const second = readJson(sinkFile());
    expect(second.clientId).toBe(first.clientId);
    expect(second.clientSecret).not.toBe(first.clientSecret);
    expect(await canLogIn(h.sim, second.clientId, second.clientSecret)).toBe(true);
    expect(await canLogIn(h.sim, first.clientId, first.clientSecret)).toBe(false);
    expect(await canLogIn(h.sim, first.clientId, lost)).toBe(false);
    expect(h.events).toContainEqual({ type: 'secret-pending', address: 'application/Pending App', outcome: 'rotating' });
    expect(JSON.stringify(result)).not.toContain(String(second.clientSecret));
  });

  it('the create never reached Halo: the create sends a new secret and the stale record is replaced', async () => {
    const stale = 'aaaaaaaa-2222-3333-4444-555555555555-66666666-7777-8888-9999-000000000000';
    const file = pendingFile();
    mkdirSync(join(h.envDir, 'out'), { recursive: true });
    writeFileSync(file, JSON.stringify({ kind: 'halo-iac/pending-secret', version: 1, application: 'Pending App', environment: 'test', url: h.sim.url, clientSecret: stale }));
    const { result } = await planAndApply();
    expect(result.failed).toEqual([]);
    expect(appPosts()).toBe(2); // the create, then clearing its mark
    const sink = readJson(sinkFile());
    expect(sink.clientSecret).not.toBe(stale);
    expect(await canLogIn(h.sim, sink.clientId, sink.clientSecret)).toBe(true);
    expect(existsSync(file)).toBe(false);
    expect(h.events).toContainEqual({ type: 'secret-pending', address: 'application/Pending App', outcome: 'superseded' });
  });

  it('delivering a pending secret does not bump a rotate counter whose rotation then fails', async () => {
    await expect(planAndApply(dyingAfterApplicationPost(h.client))).rejects.toThrow(/process died/);
    // The rotation the manifest now asks for is refused by Halo; clearing the mark still goes through.
    const refusingSecrets = new Proxy(h.client, {
      get: (t, prop) =>
        prop === 'upsert'
          ? async (path: string, items: HaloRecord[]) => {
              if (path === 'Application' && items.some((i) => i.clientSecret !== undefined)) {
                throw new HaloApiError({ kind: 'http', status: 400, method: 'POST', path: '/api/Application', haloMessage: 'Rotation refused.' });
              }
              return h.client.upsert(path as never, items);
            }
          : Reflect.get(t, prop),
    });
    const { result } = await planAndApply(refusingSecrets, { rotate: 1 });
    expect(result.failed.map((f) => f.address)).toEqual(['application/Pending App']);
    const sink = readJson(sinkFile());
    expect(await canLogIn(h.sim, sink.clientId, sink.clientSecret)).toBe(true);
    expect(marked()).toBe(false);
    expect(result.remaining.resource_changes.find((c) => c.address === 'application/Pending App')?.field_changes).toEqual([
      { path: 'secret.rotate', before: 0, after: 1, sensitive: true },
    ]);
  });

  it('no answer from the token endpoint: the record is kept, nothing is rotated, and the apply does not end clean', async () => {
    await expect(planAndApply(dyingAfterApplicationPost(h.client))).rejects.toThrow(/process died/);
    const before = readFileSync(pendingFile(), 'utf8');
    const posts = appPosts();
    const unknown: SecretVerifier = async () => ({ verdict: 'unknown', reason: 'ECONNREFUSED' });
    const { result } = await planAndApply(h.client, { verifySecret: unknown });
    expect(result.failed).toEqual([
      {
        address: 'application/Pending App',
        message: `could not check the pending secret in ${pendingFile()} against Halo's token endpoint (ECONNREFUSED); it is kept in ${pendingFile()}; the next apply checks it against Halo and delivers it before anything else`,
      },
    ]);
    expect(result.remaining.pending_secrets?.map((p) => p.address)).toEqual(['application/Pending App']);
    expect(readFileSync(pendingFile(), 'utf8')).toBe(before);
    expect(appPosts()).toBe(posts);
  });

  it("a record of another environment or tenant refuses the plan and is never tried here", async () => {
    mkdirSync(join(h.envDir, 'out'), { recursive: true });
    writeFileSync(pendingFile(), JSON.stringify({ kind: 'halo-iac/pending-secret', version: 1, application: 'Pending App', environment: 'staging', url: 'https://staging.example.com', clientSecret: 'x'.repeat(73) }));
    const s = state(objects(), {}, h.sim.url);
    const p = plan(s, await readLive(s, h.client), { ...OPTS, clientId: h.sim.clientId, pending: pendingNotices(await findPendingRecords(s.objects, h.envDir)) });
    expect(p.errors).toEqual([
      {
        address: 'application/Pending App',
        source: s.objects[1]?.source,
        message: `application/Pending App: the pending secret in ${pendingFile()} it was made for environment "staging" (https://staging.example.com), not "test" (${h.sim.url}); apply that environment to finish it, or remove the file if that secret is not needed`,
      },
    ]);
    await expect(apply(p, s, h.client, { batchSize: 50, parallelism: 2, envDir: h.envDir })).rejects.toBeInstanceOf(UserError);
    expect(h.sim.requests.some((r) => /token$/i.test(r.path) && (r.request as Record<string, unknown> | null)?.client_secret !== undefined && (r.request as Record<string, unknown>).client_id !== h.sim.clientId)).toBe(false);
  });

  it('a record in the format of an earlier version (the sink format, no client id) is finished too', async () => {
    await expect(planAndApply(dyingAfterApplicationPost(h.client))).rejects.toThrow(/process died/);
    writeFileSync(pendingFile(), JSON.stringify({ clientId: null, clientSecret: stored()?.clientSecret }, null, 2));
    const { result } = await planAndApply();
    expect(result.failed).toEqual([]);
    const sink = readJson(sinkFile());
    expect(await canLogIn(h.sim, sink.clientId, sink.clientSecret)).toBe(true);
    expect(existsSync(pendingFile())).toBe(false);
  });
});
