import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { obj } from './helpers/desired.js';
import { harness, type Harness } from './helpers/sim.js';
import { createHaloClient } from '../../src/halo/index.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.stop();
});

function app(rotate: number | undefined, sink = 'file:secrets/moovila.json') {
  return [
    obj('Agent', 'Moovila API', { apiOnly: true }),
    obj('Application', 'Moovila', { loginAs: 'Moovila API', scopes: ['read:tickets'], secret: { sink, ...(rotate === undefined ? {} : { rotate }) } }),
  ];
}

async function canLogIn(clientId: string, clientSecret: string): Promise<boolean> {
  const c = createHaloClient({ url: h.sim.url, authUrl: h.sim.authUrl, clientId, clientSecret, scope: 'read:tickets', budget: false, retry: { maxRetries: 0 } });
  try {
    await c.list('TicketType');
    return true;
  } catch {
    return false;
  }
}

describe('application secrets', () => {
  it('generates the secret, writes it only to the sink (0600), and it works', async () => {
    const p = await h.planFor(app(undefined));
    const appChange = p.resource_changes.find((c) => c.address === 'application/Moovila')!;
    expect((appChange.request?.body as Record<string, unknown>[])[0]!.clientSecret).toBe('(sensitive value)');
    expect(appChange.change.after_sensitive).toEqual(['secret']);
    const before = h.sim.requests.length;
    const r = await h.applyFor(app(undefined));
    expect(r.failed).toEqual([]);
    // The estimate counts the POST that clears the application's undelivered mark after delivery.
    const posts = h.sim.requests.slice(before).filter((x) => x.method === 'POST' && x.path.startsWith('/api/'));
    expect(posts.map((x) => x.path)).toEqual(['/api/Agent', '/api/Application', '/api/Application']);
    expect(p.api_calls.apply_estimate).toBe(posts.length);
    expect(r.remaining.summary).toEqual({ add: 0, change: 0, destroy: 0 });
    const file = join(h.envDir, 'secrets/moovila.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { clientId, clientSecret } = JSON.parse(readFileSync(file, 'utf8')) as { clientId: string; clientSecret: string };
    expect(clientSecret).toMatch(/^[0-9a-f-]{73}$/);
    expect(await canLogIn(clientId, clientSecret)).toBe(true);
    // Nowhere else: not in the plan, events, the remaining plan, or the simulator's request log.
    for (const text of [JSON.stringify(p), JSON.stringify(h.events), JSON.stringify(r), JSON.stringify(h.sim.requests)]) {
      expect(text).not.toContain(clientSecret);
    }
  });

  it('bumping rotate sends a new secret; the old one stops working', async () => {
    await h.applyFor(app(undefined, 'env-file:.env.moovila'));
    const file = join(h.envDir, '.env.moovila');
    const read = () => Object.fromEntries(readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split('=') as [string, string]));
    const first = read();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const p = await h.planFor(app(1, 'env-file:.env.moovila'));
    const fc = p.resource_changes.find((c) => c.address === 'application/Moovila')!.field_changes;
    expect(fc).toEqual([{ path: 'secret.rotate', before: 0, after: 1, sensitive: true }]);
    const r = await h.applyFor(app(1, 'env-file:.env.moovila'));
    expect(r.failed).toEqual([]);
    expect(r.remaining.summary.change).toBe(0);
    const second = read();
    // Keys are named after the application, never HALO_CLIENT_* (halo-iac's own login).
    expect(Object.keys(second).sort()).toEqual(['MOOVILA_CLIENT_ID', 'MOOVILA_CLIENT_SECRET']);
    expect(second.MOOVILA_CLIENT_ID).toBe(first.MOOVILA_CLIENT_ID);
    expect(second.MOOVILA_CLIENT_SECRET).not.toBe(first.MOOVILA_CLIENT_SECRET);
    expect(await canLogIn(second.MOOVILA_CLIENT_ID!, second.MOOVILA_CLIENT_SECRET!)).toBe(true);
    expect(await canLogIn(first.MOOVILA_CLIENT_ID!, first.MOOVILA_CLIENT_SECRET!)).toBe(false);
    expect(JSON.stringify(h.sim.requests)).not.toContain(second.MOOVILA_CLIENT_SECRET);
  });
});
