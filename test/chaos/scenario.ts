/**
 * The large chaos scenario (issue 9 §7), shared by test/chaos/large.test.ts (a fixed set of seeds
 * in `npm test`) and test/chaos/run.ts (`npm run chaos -- --seeds 100`): all four shipped
 * blueprints plus 200 plain objects of every kind, applied through a simulator injecting 5xx,
 * dropped responses after commit, 429 bursts and token expiry. Each seed must end with a re-plan
 * that is empty, no duplicates by natural key, nothing lost, and every generated secret in its
 * sink, authenticating against the simulator. Only 127.0.0.1 is ever contacted, and every run is
 * bounded (the objects are fixed; the client retries a bounded number of times).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apply, plan, readLive } from '../../src/engine/index.js';
import { createHaloClient } from '../../src/halo/index.js';
import type { HaloWriter } from '../../src/halo/types.js';
import { handlerFor } from '../../src/kinds/index.js';
import { loadEnvironment } from '../../src/manifest/load.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import type { DesiredState } from '../../src/model/desired.js';
import { naturalKey, type KindName } from '../../src/model/kinds.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { environmentYaml } from '../cli/harness.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The faults every seed runs under: rates high enough that each fires in a run of this size. */
export const CHAOS_FAULTS = ['5xx:0.08', '429-burst:0.08', 'drop-after-commit:0.15', 'token-expiry:1'];

/** The seeds `npm test` runs (test/chaos/large.test.ts). */
export const FIXED_SEEDS = [1, 2, 3];

/** How a seed runs: the faults (default CHAOS_FAULTS). */
export interface SeedOptions {
  faults?: readonly string[];
}

/** The command that replays one seed (with its faults, when they are not the default ones). */
export function replayCommand(seed: number, options: SeedOptions = {}): string {
  const faults = options.faults && options.faults.join() !== CHAOS_FAULTS.join() ? options.faults.map((f) => ` --fault ${f}`).join('') : '';
  return `npm run chaos -- --seed ${seed}${faults}`;
}

/** What one seed did. */
export interface SeedOutcome {
  seed: number;
  /** Desired objects applied (blueprint objects included). */
  objects: number;
  /** Requests the simulator answered, and how many of them each fault hit (401s: expired tokens). */
  requests: number;
  faults: Record<'5xx' | '429-burst' | 'drop-after-commit' | 'token-expiry', number>;
  /** Generated secrets checked in their sinks. */
  secrets: number;
  ms: number;
}

/** A failed seed: what went wrong, and how to replay it. */
export class SeedFailure extends Error {
  constructor(
    readonly seed: number,
    problem: string,
    options: SeedOptions = {},
  ) {
    super(`chaos seed ${seed} failed: ${problem}\n  replay: ${replayCommand(seed, options)}`);
    this.name = 'SeedFailure';
  }
}

/** 200 plain objects: 10 departments, 50 teams, 10 roles, 30 ticket types, 90 agents, 10 applications. */
function plainObjects(): string {
  const doc = (kind: string, name: string, spec: string) => `apiVersion: halo-iac/v1\nkind: ${kind}\nname: ${name}\nspec:\n${spec}`;
  const docs: string[] = [];
  for (let i = 0; i < 10; i++) docs.push(`apiVersion: halo-iac/v1\nkind: Department\nname: Chaos Dept ${i}`);
  for (let i = 0; i < 50; i++) docs.push(doc('Team', `Chaos Team ${i}`, `  department: Chaos Dept ${i % 10}\n  use: [tickets]`));
  for (let i = 0; i < 10; i++) docs.push(doc('Role', `Chaos Role ${i}`, `  description: Chaos role ${i}\n  permissions:\n    tickets: readOnly`));
  for (let i = 0; i < 30; i++) docs.push(doc('TicketType', `Chaos Type ${i}`, `  defaultTeam: Chaos Team ${i % 50}`));
  for (let i = 0; i < 90; i++) {
    docs.push(
      doc(
        'Agent',
        `Chaos Bot ${i}`,
        `  apiOnly: true\n  email: bot${i}@chaos.example\n  roles: [Chaos Role ${i % 10}]\n  teams: { mode: include, members: [Chaos Team ${i % 50}] }\n  access: { ticketTypes: [Chaos Type ${i % 30}] }`,
      ),
    );
  }
  for (let i = 0; i < 10; i++) {
    docs.push(doc('Application', `Chaos App ${i}`, `  loginAs: Chaos Bot ${i}\n  scopes: [read:tickets]\n  secret: { sink: "file:secrets/chaos-app-${i}.json" }`));
  }
  return docs.join('\n---\n') + '\n';
}

/** Writes the environment: the four blueprint environments' manifests, the plain objects, and environment.yaml. */
function writeEnvironment(dir: string): void {
  for (const name of ['moovila', 'perimeters', 'postman', 'rewst']) {
    const from = join(REPO, 'environments', name);
    for (const f of readdirSync(from).filter((f) => f !== 'environment.yaml')) cpSync(join(from, f), join(dir, `${name}-${f}`));
  }
  writeFileSync(join(dir, 'plain.yaml'), plainObjects());
  writeFileSync(join(dir, 'environment.yaml'), environmentYaml('chaos', 'policy:\n  requireSecretSink: true'));
}

async function loadState(dir: string, sim: RunningSimulator): Promise<DesiredState> {
  const processEnv = { HALO_URL: sim.url, HALO_AUTH_URL: sim.authUrl, HALO_CLIENT_ID: sim.clientId, HALO_CLIENT_SECRET: sim.clientSecret };
  const { state, diagnostics } = await loadEnvironment({ config: 'environment.yaml', cwd: dir, mode: 'plan', processEnv });
  if (!state) throw new Error(`the chaos environment does not load:\n${diagnostics.map(formatDiagnostic).join('\n')}`);
  return state;
}

/** Simulator routes of the kinds, and the field each keeps its name in. */
const ROUTES: Record<Exclude<KindName, 'Settings'>, { route: string; field: string }> = {
  Department: { route: 'TopLevel', field: 'name' },
  Team: { route: 'Team', field: 'name' },
  Role: { route: 'Roles', field: 'name' },
  CustomField: { route: 'FieldInfo', field: 'name' },
  TicketType: { route: 'TicketType', field: 'name' },
  Agent: { route: 'Agent', field: 'name' },
  Application: { route: 'Application', field: 'displayName' },
  Webhook: { route: 'Webhook', field: 'name' },
};

/** The client id and secret a sink file holds (JSON, or KEY=VALUE lines). */
function readSink(file: string): { clientId?: string; clientSecret?: string } {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) return JSON.parse(text) as { clientId?: string; clientSecret?: string };
  const out: { clientId?: string; clientSecret?: string } = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    const value = (m[2] ?? '').replace(/^"(.*)"$/, '$1');
    if (m[1]?.endsWith('_CLIENT_ID')) out.clientId = value;
    if (m[1]?.endsWith('_CLIENT_SECRET')) out.clientSecret = value;
  }
  return out;
}

/** Whether (clientId, secret) gets a token from the simulator for these scopes: the sink's secret works. */
async function authenticates(sim: RunningSimulator, clientId: string, secret: string, scopes: string[]): Promise<boolean> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: scopes.join(' ') });
  const res = await fetch(`${sim.authUrl}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  return res.status === 200 && typeof ((await res.json()) as { access_token?: unknown }).access_token === 'string';
}

function pendingFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.pending')).map((e) => e.name);
}

/** A client through the faults: tiny retry delays, enough retries to outlast a burst of them. */
function faultyClient(sim: RunningSimulator): HaloWriter {
  return createHaloClient({ url: sim.url, authUrl: sim.authUrl, clientId: sim.clientId, clientSecret: sim.clientSecret, budget: false, retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 12 } });
}

/** Runs one seed; resolves with what it did, or rejects with a SeedFailure naming the replay command. */
export async function runSeed(seed: number, options: SeedOptions = {}): Promise<SeedOutcome> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), `halo-iac-chaos-${seed}-`));
  const sim = await startSimulator({ port: 0, faults: [...(options.faults ?? CHAOS_FAULTS)], seed, latencyMs: 2 });
  const fail = (problem: string): never => {
    throw new SeedFailure(seed, problem, options);
  };
  try {
    writeEnvironment(dir);
    mkdirSync(join(dir, 'secrets'), { recursive: true });
    const state = await loadState(dir, sim);
    const client = faultyClient(sim);
    const options = { toolVersion: 'chaos', clientId: sim.clientId, now: new Date(0) };
    const first = plan(state, await readLive(state, client), options);
    if (first.errors.length > 0) fail(`the plan was refused: ${first.errors.map((e) => e.message).join('; ')}`);
    // Outlive the token the plan used: apply's first request meets an expired token (token-expiry:1).
    await new Promise((r) => setTimeout(r, 1100));
    const outcome = await apply(first, state, client, { batchSize: 25, parallelism: 4, envDir: dir });
    if (outcome.failed.length > 0) fail(`apply failed for ${outcome.failed.map((f) => `${f.address} (${f.message})`).join(', ')}`);
    const left = outcome.remaining.resource_changes.filter((c) => !c.change.actions.includes('no-op'));
    if (left.length > 0) fail(`after apply ${left.length} changes remain: ${left.map((c) => c.address).join(', ')}`);
    // A fresh plan through the same faults is empty.
    const again = plan(state, await readLive(state, faultyClient(sim)), options);
    const changes = again.resource_changes.filter((c) => !c.change.actions.includes('no-op'));
    if (again.errors.length > 0 || changes.length > 0 || (again.pending_secrets ?? []).length > 0) {
      fail(`re-plan not empty: ${[...again.errors.map((e) => e.message), ...changes.map((c) => c.address), ...(again.pending_secrets ?? []).map((p) => `${p.address} pending`)].join(', ')}`);
    }
    const snapshot = sim.snapshot();
    for (const [kind, { route, field }] of Object.entries(ROUTES) as [keyof typeof ROUTES, { route: string; field: string }][]) {
      const live = (snapshot.collections[route] ?? []).map((r) => String(r[field] ?? ''));
      const byKey = new Map<string, number>();
      for (const n of live) byKey.set(naturalKey(n), (byKey.get(naturalKey(n)) ?? 0) + 1);
      for (const o of state.objects.filter((x) => x.kind === kind)) {
        const count = byKey.get(naturalKey(o.name)) ?? 0;
        if (count === 0) fail(`${o.address} was lost: not in Halo after apply`);
        if (count > 1) fail(`${o.address} is in Halo ${count} times`);
      }
    }
    let secrets = 0;
    for (const o of state.objects.filter((x) => handlerFor(x.kind).secret)) {
      const sink = handlerFor(o.kind).secret?.sink(o.spec);
      const file = sink && /^(file|env-file):(.+)$/.exec(sink.trim())?.[2];
      if (!file) continue;
      const path = resolve(dir, file);
      if (!existsSync(path)) fail(`${o.address}: its sink ${file} was never written`);
      const saved = readSink(path);
      const app = (snapshot.collections.Application ?? []).find((a) => a.displayName === o.name);
      if (!saved.clientId || saved.clientId !== app?.clientId) fail(`${o.address}: the sink holds another client id than Halo's`);
      const scopes = ((app?.scopes ?? []) as { name: string }[]).map((s) => s.name);
      if (!(await authenticates(sim, saved.clientId as string, saved.clientSecret ?? '', scopes))) fail(`${o.address}: the secret in ${file} does not authenticate`);
      secrets++;
    }
    const pending = pendingFiles(dir);
    if (pending.length > 0) fail(`pending secret records left: ${pending.join(', ')}`);
    const count = (f: string) => sim.requests.filter((r) => r.fault === f).length;
    return {
      seed,
      objects: state.objects.length,
      requests: sim.requests.length,
      faults: { '5xx': count('5xx'), '429-burst': count('429-burst'), 'drop-after-commit': count('drop-after-commit'), 'token-expiry': sim.requests.filter((r) => r.status === 401).length },
      secrets,
      ms: Date.now() - started,
    };
  } catch (e) {
    if (e instanceof SeedFailure) throw e;
    throw new SeedFailure(seed, e instanceof Error ? e.message : String(e), options);
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
