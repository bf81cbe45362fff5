import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { obj } from '../engine/helpers/desired.js';
import { harness, type Harness } from '../engine/helpers/sim.js';
import { naturalKey } from '../../src/model/kinds.js';
import { type DesiredObject } from '../../src/model/desired.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** 20 objects across kinds and dependency levels, one of them carrying a generated secret. */
function objects(): DesiredObject[] {
  return [
    obj('Department', 'Chaos Dept'),
    ...Array.from({ length: 6 }, (_, i) => obj('Team', `Chaos Team ${i}`, { department: 'Chaos Dept' })),
    ...Array.from({ length: 4 }, (_, i) => obj('TicketType', `Chaos Type ${i}`)),
    ...Array.from({ length: 8 }, (_, i) =>
      obj('Agent', `Chaos Bot ${i}`, { apiOnly: true, teams: { mode: 'include', members: [`Chaos Team ${i % 6}`] }, access: { ticketTypes: [`Chaos Type ${i % 4}`] } }),
    ),
    obj('Application', 'Chaos App', { scopes: ['read:tickets'], loginAs: 'Chaos Bot 0', secret: { sink: 'file:chaos/app.json' } }),
  ];
}

const ROUTES = [
  ['TopLevel', 'name', 'Chaos Dept'],
  ['Team', 'name', 'Chaos Team'],
  ['TicketType', 'name', 'Chaos Type'],
  ['Agent', 'name', 'Chaos Bot'],
  ['Application', 'displayName', 'Chaos App'],
] as const;

/** Applies the 20 objects under `faults` and checks convergence, no duplicates and nothing lost. */
async function convergesUnder(faults: string[], seed: number, opts: { latencyMs?: number; outliveTokenMs?: number } = {}): Promise<Harness> {
  h = await harness({ faults, seed, latencyMs: opts.latencyMs }, { maxRetries: 12 });
  const desired = objects();
  if (opts.outliveTokenMs !== undefined) {
    // Get a token, then outlive it: apply's first request meets a dead token whatever the machine's speed.
    await h.planFor(desired);
    await new Promise((r) => setTimeout(r, opts.outliveTokenMs));
  }
  const r = await h.applyFor(desired, { batchSize: 4 });
  expect(r.failed).toEqual([]);
  expect(r.remaining.summary).toEqual({ add: 0, change: 0, destroy: 0 });
  expect(r.added).toBe(desired.length);
  // A fresh plan (new read, through the same faults) is empty too.
  const again = await h.planFor(desired);
  expect(again.errors).toEqual([]);
  expect(again.summary).toEqual({ add: 0, change: 0, destroy: 0 });
  const state = h.sim.snapshot();
  for (const [route, field, prefix] of ROUTES) {
    const names = (state.collections[route] ?? []).map((x) => String(x[field])).filter((n) => n.startsWith(prefix));
    // No duplicates...
    expect(new Set(names.map(naturalKey)).size, route).toBe(names.length);
    // ...and nothing lost.
    const wanted = desired.filter((d) => d.name.startsWith(prefix)).map((d) => d.name);
    expect(names.sort(), route).toEqual(wanted.sort());
  }
  const sink = join(h.envDir, 'chaos/app.json');
  expect(existsSync(`${sink}.pending`)).toBe(false);
  const saved = JSON.parse(readFileSync(sink, 'utf8')) as { clientId: string; clientSecret: string };
  const app = (state.collections.Application ?? []).find((a) => a.displayName === 'Chaos App');
  expect(saved.clientId).toBe(app?.clientId);
  expect(saved.clientSecret).toBe(app?.clientSecret);
  return h;
}

describe('apply under simulator faults (20 objects, fixed seeds)', () => {
  it('5xx:0.2 converges', async () => {
    const run = await convergesUnder(['5xx:0.2'], 7);
    expect(run.sim.requests.some((r) => r.fault === '5xx')).toBe(true);
  });

  it('429-burst:0.2 converges', async () => {
    const run = await convergesUnder(['429-burst:0.2'], 11);
    expect(run.sim.requests.some((r) => r.fault === '429-burst')).toBe(true);
  });

  it('token-expiry:1 converges (tokens renewed after 401)', async () => {
    const run = await convergesUnder(['token-expiry:1'], 3, { latencyMs: 20, outliveTokenMs: 1100 });
    expect(run.sim.requests.some((r) => r.status === 401)).toBe(true);
  });

  it('a mix of 5xx, 429 bursts, dropped responses and token expiry converges', async () => {
    const run = await convergesUnder(['5xx:0.1', '429-burst:0.1', 'drop-after-commit:0.15', 'token-expiry:1'], 2024, { latencyMs: 20, outliveTokenMs: 1100 });
    const seen = new Set(run.sim.requests.map((r) => r.fault).filter((f) => f !== undefined));
    expect([...seen].sort()).toEqual(expect.arrayContaining(['429-burst', '5xx', 'drop-after-commit']));
    expect(run.sim.requests.some((r) => r.status === 401)).toBe(true);
  });
});
