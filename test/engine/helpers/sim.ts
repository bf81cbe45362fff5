/**
 * Integration harness: a simulator on a free loopback port, a real client, and plan/apply helpers.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../src/simulator/index.js';
import { createHaloClient } from '../../../src/halo/index.js';
import type { RetryOptions } from '../../../src/halo/types.js';
import type { HaloWriter } from '../../../src/halo/types.js';
import type { DesiredObject } from '../../../src/model/desired.js';
import { apply, plan, readLive, type ApplyResult, type EngineEvent } from '../../../src/engine/index.js';
import type { Plan } from '../../../src/model/plan.js';
import { OPTS, state } from './desired.js';

/** A running simulator with a client logged in as the bootstrap application. */
export interface Harness {
  sim: RunningSimulator;
  client: HaloWriter;
  envDir: string;
  events: EngineEvent[];
  planFor(objects: DesiredObject[], extra?: Partial<Parameters<typeof plan>[2]>): Promise<Plan>;
  applyFor(objects: DesiredObject[], opts?: { batchSize?: number; parallelism?: number; extra?: Partial<Parameters<typeof plan>[2]> }): Promise<ApplyResult>;
  stop(): Promise<void>;
}

/** Starts a simulator (seeded tenant) and a client for it (tiny retry delays; `retry` overrides them). */
export async function harness(options: SimulatorOptions = {}, retry: Partial<RetryOptions> = {}): Promise<Harness> {
  const sim = await startSimulator({ port: 0, ...options });
  const client = createHaloClient({
    url: sim.url,
    authUrl: sim.authUrl,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    budget: false,
    retry: { baseDelayMs: 1, maxDelayMs: 5, ...retry },
  });
  const envDir = mkdtempSync(join(tmpdir(), 'halo-iac-engine-'));
  const events: EngineEvent[] = [];
  const planFor = async (objects: DesiredObject[], extra = {}): Promise<Plan> => {
    const s = state(objects, {}, sim.url);
    return plan(s, await readLive(s, client), { ...OPTS, clientId: sim.clientId, ...extra });
  };
  return {
    sim,
    client,
    envDir,
    events,
    planFor,
    async applyFor(objects, opts = {}) {
      const s = state(objects, {}, sim.url);
      const p = plan(s, await readLive(s, client), { ...OPTS, clientId: sim.clientId, ...(opts.extra ?? {}) });
      return apply(p, s, client, { batchSize: opts.batchSize ?? 50, parallelism: opts.parallelism ?? 4, envDir, onEvent: (e) => events.push(e) });
    },
    stop: () => sim.stop(),
  };
}

/** Whether (clientId, clientSecret) gets a token and can read through `sim`: a real login, as the integration would make. */
export async function canLogIn(sim: RunningSimulator, clientId: unknown, clientSecret: unknown): Promise<boolean> {
  const c = createHaloClient({ url: sim.url, authUrl: sim.authUrl, clientId: String(clientId), clientSecret: String(clientSecret), scope: 'read:tickets', budget: false, retry: { maxRetries: 0 } });
  try {
    await c.list('TicketType');
    return true;
  } catch {
    return false;
  }
}
