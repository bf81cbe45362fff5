/**
 * One rate budget per tenant across processes (issue 12 §4), as a pipeline runs it: `halo-iac sim
 * --rate-limit 20/6` as a child process, then plan, apply, re-plan and export as four separate CLI
 * processes back to back, with a matching `connection.rateLimit`. With the shared budget file the
 * simulator logs zero 429s; with each process on its own cache (no sharing) it logs some.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimLogEntry } from '../../src/simulator/index.js';
import { docs } from './harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Sharing waits out the window, so it gets a short one. Without sharing the 429s need the four
// processes to start inside one window; a loaded machine starts each in seconds, so that run gets a
// longer window (its cost: at most one wait of it) and its outcome does not hang on start-up times.
const SHARED_LIMIT = '20/6';
const UNSHARED_LIMIT = '20/15';
const CLIENT_ID = 'pipeline-client';
const CLIENT_SECRET = 'pipeline-secret-0123456789';

const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

interface Sim {
  url: string;
  log: string;
  stop(): Promise<void>;
}

async function startSim(dir: string, limit: string): Promise<Sim> {
  const log = join(dir, 'sim.jsonl');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/bin.ts', 'sim', '--port', '0', '--rate-limit', limit, '--log', log, '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let out = '';
  child.stdout!.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: string) => {
      out += d;
      if (out.includes('Client secret:')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`sim exited early with ${String(code)}`)));
  });
  const url = /listening on (http:\/\/\S+)/.exec(out)?.[1] ?? '';
  return {
    url,
    log,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs one halo-iac command as its own process; resolves with its exit code and stderr. */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

/** The environment of the pipeline: three objects, the simulator's limit as connection.rateLimit. */
function writeEnvironment(dir: string, url: string, limit: string): string {
  const file = join(dir, 'env', 'environment.yaml');
  const resources = docs(
    'kind: Team\nname: Pipeline A\nspec:\n  department: Service Delivery',
    'kind: Team\nname: Pipeline B\nspec:\n  department: Service Delivery',
    'kind: Agent\nname: Pipeline Bot\nspec:\n  email: bot@acme.example\n  apiOnly: true\n  teams:\n    mode: include\n    members: [Pipeline A, Pipeline B]',
  );
  const environment = [
    'apiVersion: halo-iac/v1',
    'kind: Environment',
    'name: pipeline',
    'connection:',
    `  url: ${url}`,
    `  authUrl: ${url}/auth`,
    '  clientId: ${env:HALO_CLIENT_ID}',
    '  clientSecret: ${env:HALO_CLIENT_SECRET}',
    `  rateLimit: ${limit}`,
    'include: ["./resources.yaml"]',
  ].join('\n');
  mkdirSync(join(dir, 'env'), { recursive: true });
  writeFileSync(file, environment);
  writeFileSync(join(dir, 'env', 'resources.yaml'), resources);
  return file;
}

/** Runs plan, apply, re-plan and export back to back; `cacheFor(i)` is the cache of process i. */
async function pipeline(limit: string, cacheFor: (i: number) => string): Promise<SimLogEntry[]> {
  const dir = mkdtempSync(join(tmpdir(), 'halo-iac-pipeline-'));
  const sim = await startSim(dir, limit);
  const config = writeEnvironment(dir, sim.url, limit);
  const steps = [
    ['plan', '--config', config],
    ['apply', '--config', config, '--auto-approve'],
    ['plan', '--config', config, '--detailed-exitcode'],
    ['export', '--config', config, '--out', join(dir, 'exported')],
  ];
  const codes: (number | null)[] = [];
  for (const [i, args] of steps.entries()) {
    const env = { PATH: process.env.PATH, HOME: dir, HALO_CLIENT_ID: CLIENT_ID, HALO_CLIENT_SECRET: CLIENT_SECRET, HALO_IAC_CACHE_DIR: cacheFor(i), NO_COLOR: '1' };
    const r = await cli(args, env);
    codes.push(r.code);
    expect(r.stderr).not.toContain('internal error');
  }
  await sim.stop();
  // All four did their job (the re-plan finds nothing to change) whatever the 429s cost them.
  expect(codes).toEqual([0, 0, 0, 0]);
  return readFileSync(sim.log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as SimLogEntry);
}

const count429 = (log: SimLogEntry[]) => log.filter((e) => e.status === 429).length;

describe('one rate budget per tenant across processes', () => {
  it('back-to-back processes sharing the budget file cause zero 429s', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'halo-iac-cache-'));
    const log = await pipeline(SHARED_LIMIT, () => cache);
    expect(count429(log)).toBe(0);
    // More requests than one window allows were made, so the processes really had to share.
    expect(log.filter((e) => e.path.startsWith('/api/')).length).toBeGreaterThan(20);
    expect(readdirSync(join(cache, 'budget'))).toHaveLength(1);
  });

  it('the same pipeline without sharing (each process its own cache) meets 429s', async () => {
    const log = await pipeline(UNSHARED_LIMIT, () => mkdtempSync(join(tmpdir(), 'halo-iac-cache-')));
    expect(count429(log)).toBeGreaterThan(0);
  }, 90_000);
});
