/**
 * Webhook against the simulator: events by name, authentication whose secret comes from the
 * environment (sent on create and on a rotate bump only, never in a plan), convergence.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { obj } from './helpers/desired.js';
import { harness, type Harness } from './helpers/sim.js';
import type { HaloRecord } from '../../src/halo/types.js';

const VAR = 'HALO_IAC_TEST_WEBHOOK_PASSWORD';
const PASSWORD = 'webhook-pass-8f3e2a91';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  process.env[VAR] = PASSWORD;
});
afterEach(async () => {
  delete process.env[VAR];
  await h.stop();
});

const storedHooks = (): HaloRecord[] => (h.sim.snapshot().collections['Webhook'] ?? []) as HaloRecord[];
const hookPosts = () => h.sim.requests.filter((r) => r.method === 'POST' && /^\/api\/webhook$/i.test(r.path));

function rewstHook(spec: Record<string, unknown> = {}) {
  return obj('Webhook', 'Rewst tickets', {
    url: 'https://hooks.example.com/halo',
    events: ['ticketLogged', 'ticketUpdated'],
    authentication: { type: 'basic', username: 'halo', secretFrom: `env:${VAR}` },
    active: true,
    ...spec,
  });
}

describe('Webhook', () => {
  it('creates it with its events and the secret from the environment, then plans no changes', async () => {
    const first = await h.planFor([rewstHook()]);
    expect(first.errors).toEqual([]);
    expect(first.summary).toEqual({ add: 1, change: 0, destroy: 0 });
    const body = (first.resource_changes[0]?.request?.body as HaloRecord[])[0];
    expect(body).toMatchObject({ name: 'Rewst tickets', url: 'https://hooks.example.com/halo', authentication_type: 1, basic_username: 'halo', basic_password: '(sensitive value)', events: [{ eventno: 1 }, { eventno: 2 }] });
    expect(JSON.stringify(first)).not.toContain(PASSWORD);

    const result = await h.applyFor([rewstHook()]);
    expect(result.failed).toEqual([]);
    expect(result.remaining.summary).toEqual({ add: 0, change: 0, destroy: 0 });
    const [hook] = storedHooks();
    expect(hook).toMatchObject({ name: 'Rewst tickets', basic_password: PASSWORD, basic_username: 'halo', note: 'halo-iac:secret-rotate=0' });
    expect((hook?.events as HaloRecord[]).map((e) => e.eventno)).toEqual([1, 2]);
    // The request log masks it; only the store holds it.
    expect(JSON.stringify(h.sim.requests)).not.toContain(PASSWORD);
    expect((await h.planFor([rewstHook()])).summary).toEqual({ add: 0, change: 0, destroy: 0 });
  });

  it('sends the secret again only when authentication.rotate moves; other updates leave it alone', async () => {
    await h.applyFor([rewstHook()]);
    process.env[VAR] = 'rotated-pass-77c1';
    // A new value alone is invisible (Halo never returns it): no change.
    expect((await h.planFor([rewstHook()])).summary.change).toBe(0);

    const before = hookPosts().length;
    await h.applyFor([rewstHook({ url: 'https://hooks.example.com/v2' })]);
    expect(hookPosts().length).toBe(before + 1);
    expect(hookPosts().at(-1)?.request).toEqual([expect.not.objectContaining({ basic_password: expect.anything() })]);
    expect(storedHooks()[0]).toMatchObject({ url: 'https://hooks.example.com/v2', basic_password: PASSWORD });

    const bumped = rewstHook({ url: 'https://hooks.example.com/v2', authentication: { type: 'basic', username: 'halo', secretFrom: `env:${VAR}`, rotate: 1 } });
    const p = await h.planFor([bumped]);
    expect(p.resource_changes[0]?.field_changes.map((f) => [f.path, f.before, f.after])).toEqual([['authentication.rotate', 0, 1]]);
    const result = await h.applyFor([bumped]);
    expect(result.failed).toEqual([]);
    expect(storedHooks()[0]).toMatchObject({ basic_password: 'rotated-pass-77c1', note: 'halo-iac:secret-rotate=1' });
    expect((await h.planFor([bumped])).summary.change).toBe(0);
  });

  it('keeps the rest of a note and the ids of events that stay; the event list is the whole truth', async () => {
    await h.applyFor([rewstHook()]);
    const id = storedHooks()[0]?.id as string;
    await h.client.upsert('Webhook', [{ id, note: 'owned by the integrations team' }]);
    const kept = (storedHooks()[0]?.events as HaloRecord[]).find((e) => e.eventno === 2)?.id;
    const objects = [rewstHook({ events: ['ticketUpdated', 'ticketClosed'], authentication: { type: 'basic', username: 'halo', secretFrom: `env:${VAR}`, rotate: 1 } })];
    const p = await h.planFor(objects);
    expect(p.resource_changes[0]?.field_changes.find((f) => f.path === 'events')).toMatchObject({ added: ['ticketClosed'], removed: ['ticketLogged'] });
    await h.applyFor(objects);
    const hook = storedHooks()[0];
    expect(hook?.note).toBe('owned by the integrations team\nhalo-iac:secret-rotate=1');
    expect((hook?.events as HaloRecord[]).map((e) => [e.eventno, e.id === kept])).toEqual([[2, true], [3, false]]);
    expect((await h.planFor(objects)).summary.change).toBe(0);
  });

  it('warns (not refuses) when the secret source is unset and the create would send it, at the secretFrom position', async () => {
    delete process.env[VAR];
    const pos = { file: 'manifests/hooks.yaml', line: 9, column: 17 };
    const p = await h.planFor([obj('Webhook', 'Rewst tickets', rewstHook().spec, { fieldSources: { 'authentication.secretFrom': pos } })]);
    expect(p.errors).toEqual([]);
    expect(p.warnings.filter((w) => w.address === 'webhook/Rewst tickets')).toEqual([
      {
        message: `webhook/Rewst tickets: authentication.secretFrom: environment variable ${VAR} is not set; apply needs it: this change sends the secret (set it in the apply job's environment)`,
        address: 'webhook/Rewst tickets',
        source: pos,
      },
    ]);
  });

  it('reads an event code the catalog does not name as the code, and converges on it', async () => {
    const objects = [obj('Webhook', 'Raw events', { url: 'https://hooks.example.com/raw', events: [ 'ticketLogged', 42 ] })];
    await h.applyFor(objects);
    expect((storedHooks()[0]?.events as HaloRecord[]).map((e) => e.eventno)).toEqual([1, 42]);
    expect((await h.planFor(objects)).summary).toEqual({ add: 0, change: 0, destroy: 0 });
  });
});
