/**
 * CLI end-to-end harness: a simulator on a loopback port, environments written to a temp folder,
 * and commands run in-process with captured output (no process spawn, no network beyond loopback).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureIo } from '../../src/cli/output.js';
import { createHaloClient } from '../../src/halo/index.js';
import type { HaloWriter } from '../../src/halo/types.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.js';

/** A command module's entry point with the injectable Io. */
export type CommandRun = (options: Record<string, unknown>, args: string[], io?: ReturnType<typeof captureIo>) => Promise<number>;

/** Output of one command run. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A simulator plus a temp project folder holding environments/<name>/. */
export interface Workspace {
  sim: RunningSimulator;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Writes environments/<env>/environment.yaml (connection from HALO_* vars) and resources.yaml. */
  writeEnv(manifests: string, options?: { name?: string; environmentExtra?: string }): void;
  /** Writes any file under the workspace. */
  write(path: string, text: string): void;
  run(cmd: CommandRun, options: Record<string, unknown>, args?: string[], io?: { stdinIsTTY?: boolean; answers?: string[] }): Promise<RunResult>;
  /** A writer on the simulator with the bootstrap credentials, for out-of-band changes. */
  client(): HaloWriter;
  /** `METHOD /api/...` of the write requests the simulator logged, from log entry `from` on (token requests are not writes). */
  writes(from?: number): string[];
  close(): Promise<void>;
}

/** The Environment document every test environment uses. */
export function environmentYaml(name: string, extra = ''): string {
  return [
    'apiVersion: halo-iac/v1',
    'kind: Environment',
    `name: ${name}`,
    'connection:',
    '  url: ${env:HALO_URL}',
    '  authUrl: ${env:HALO_AUTH_URL}',
    '  clientId: ${env:HALO_CLIENT_ID}',
    '  clientSecret: ${env:HALO_CLIENT_SECRET}',
    'include: ["./*.yaml"]',
    extra,
  ].join('\n');
}

/** The environment variables the test environments read, pointing at `sim`. */
export function simEnv(sim: RunningSimulator): NodeJS.ProcessEnv {
  return {
    HALO_URL: sim.url,
    HALO_AUTH_URL: sim.authUrl,
    HALO_CLIENT_ID: sim.clientId,
    HALO_CLIENT_SECRET: sim.clientSecret,
    HALO_TENANT: sim.tenant,
    NO_COLOR: '1',
  };
}

/** Starts a simulator (with `simOptions`: latency, hooks) and a temp folder. Always `close()` it (afterEach). */
export async function workspace(simOptions: Omit<SimulatorOptions, 'port'> = {}): Promise<Workspace> {
  const sim = await startSimulator({ ...simOptions, port: 0 });
  const cwd = mkdtempSync(join(tmpdir(), 'halo-iac-cli-'));
  // The per-tenant budget files of these runs stay in the workspace, never in the user's cache.
  const env = { ...simEnv(sim), HALO_IAC_CACHE_DIR: join(cwd, '.cache') };
  const write = (path: string, text: string) => {
    const abs = join(cwd, path);
    mkdirSync(join(abs, '..'), { recursive: true });
    writeFileSync(abs, text);
  };
  return {
    sim,
    cwd,
    env,
    write,
    writeEnv(manifests, options = {}) {
      const name = options.name ?? 'test';
      write(`environments/${name}/environment.yaml`, environmentYaml(name, options.environmentExtra));
      write(`environments/${name}/resources.yaml`, manifests);
    },
    async run(cmd, options, args = [], ioOptions = {}) {
      const io = captureIo({ ...ioOptions, env, cwd });
      const code = await cmd(options, args, io);
      return { code, stdout: io.stdout(), stderr: io.stderr() };
    },
    client() {
      return createHaloClient({ url: sim.url, authUrl: sim.authUrl, clientId: sim.clientId, clientSecret: sim.clientSecret });
    },
    writes(from = 0) {
      return sim.requests.slice(from).filter((r) => r.method !== 'GET' && r.path.toLowerCase().startsWith('/api/')).map((r) => `${r.method} ${r.path}`);
    },
    async close() {
      await sim.stop();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** Manifest documents joined into one multi-document YAML. */
export function docs(...documents: string[]): string {
  return documents.map((d) => `apiVersion: halo-iac/v1\n${d.trim()}\n`).join('---\n');
}
