/**
 * What each shipped blueprint environment actually SENDS to Halo: apply it to a fresh simulator
 * over HTTP, take the agent's POST /api/Agent item from the simulator's request log, and check its
 * claims and fields row by row against the guide's table (guides.ts: label, guide value, claim
 * code, stored value). A friendly value that maps to the wrong code fails here even when the
 * simulator would converge on it.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { captureIo } from '../../src/cli/output.js';
import { run as plan } from '../../src/cli/plan.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { simEnv } from '../cli/harness.js';
import { MOOVILA_PERMISSIONS, PERIMETERS_PRIVILEGES, REWST_EXAMPLE_CHOICES, REWST_REQUIRED, type GuideRow } from './guides.js';

const REPO = resolve(import.meta.dirname, '../..');

type Item = Record<string, unknown>;

/** Applies environments/<name> to a fresh simulator; returns it with the working folder. */
async function applied(name: string, cleanup: (() => unknown)[]): Promise<RunningSimulator> {
  const root = mkdtempSync(join(tmpdir(), 'halo-iac-sent-'));
  cpSync(join(REPO, 'environments'), join(root, 'environments'), { recursive: true });
  const sim = await startSimulator({ port: 0 });
  cleanup.push(() => sim.stop(), () => rmSync(root, { recursive: true, force: true }));
  const env = simEnv(sim);
  expect(await apply({ env: name, autoApprove: true }, [], captureIo({ env, cwd: root }))).toBe(0);
  // Converged: a re-plan is empty, so nothing the guide asks for is left unsent.
  const again = captureIo({ env, cwd: root });
  expect(await plan({ env: name, detailedExitcode: true }, [], again)).toBe(0);
  return sim;
}

/** Every item POSTed to an API path, in order. */
function posted(sim: RunningSimulator, path: string): Item[] {
  return sim.requests
    .filter((r) => r.method === 'POST' && r.path.toLowerCase() === path.toLowerCase())
    .flatMap((r) => (Array.isArray(r.request) ? (r.request as Item[]) : [r.request as Item]));
}

/** The one POST item that created `name` (an item without an id: later updates of it carry one). */
function createdItem(sim: RunningSimulator, path: string, name: string, nameField = 'name'): Item {
  const items = posted(sim, path).filter((i) => i[nameField] === name && i.id === undefined);
  expect(items, `${path} ${name}`).toHaveLength(1);
  return items[0] as Item;
}

/** Checks every row against the item, then that the item sends no claim the table lacks. */
function checkSent(item: Item, rows: GuideRow[]): void {
  const claims = (item.claims ?? []) as { type: string; value: string }[];
  const sent = new Map(claims.map((c) => [c.type, c.value]));
  expect(sent.size, 'one claim per type').toBe(claims.length);
  for (const [label, guideValue, , , wire] of rows) {
    const row = `${label} = ${guideValue}`;
    if ('claim' in wire) expect({ row, code: wire.claim, sent: sent.get(wire.claim) }).toEqual({ row, code: wire.claim, sent: wire.value });
    else expect({ row, field: wire.field, sent: item[wire.field] }).toEqual({ row, field: wire.field, sent: wire.value });
  }
  const expected = rows.flatMap(([, , , , w]) => ('claim' in w ? [w.claim] : [])).sort();
  expect([...sent.keys()].sort()).toEqual(expected);
}

describe('the Halo codes each blueprint environment sends', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0)) await f();
  });

  it('moovila: the guide Permissions tab, code by code (e.g. Timesheets "Read and Modify (All)" = Hx 4)', async () => {
    const sim = await applied('moovila', cleanup);
    checkSent(createdItem(sim, '/api/Agent', 'Moovila API'), MOOVILA_PERMISSIONS);
  });

  it('perimeters: the guide "Required Privileges", code by code', async () => {
    const sim = await applied('perimeters', cleanup);
    checkSent(createdItem(sim, '/api/Agent', 'Perimeters'), PERIMETERS_PRIVILEGES);
  });

  it('rewst: "Allow use of all Customers" (Fc) plus the example environment choices', async () => {
    const sim = await applied('rewst', cleanup);
    checkSent(createdItem(sim, '/api/Agent', 'Rewst API'), [...REWST_REQUIRED, ...REWST_EXAMPLE_CHOICES]);
  });

  it('postman: no permission claims (the guide has none); the application as the guide sets it', async () => {
    const sim = await applied('postman', cleanup);
    const agent = createdItem(sim, '/api/Agent', 'Postman API');
    expect(agent.claims).toBeUndefined();
    const app = createdItem(sim, '/api/Application', 'Postman', 'displayName');
    // "Authentication Method of Client ID & Secret", "Agent to Log in as", the chosen permissions.
    expect({ grant_type: app.grant_type, loginentity: app.loginentity, scopes: app.scopes }).toEqual({
      grant_type: 'client_credentials',
      loginentity: 0,
      scopes: [{ name: 'read:assets' }, { name: 'read:customers' }, { name: 'read:tickets' }],
    });
    const stored = sim.snapshot().collections.Agent?.find((a) => a.name === 'Postman API');
    expect(app.loginas_agent_id).toBe(stored?.id);
  });
});
