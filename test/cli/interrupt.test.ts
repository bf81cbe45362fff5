/**
 * SIGINT while apply writes (Ctrl-C): the real CLI (a child process) is interrupted right as
 * Halo stores its third team, before the answer reaches it. It must exit 130 with one stderr line
 * saying what it had done and that re-running converges, and a second apply must finish the job
 * without a duplicate (the third team, stored but unanswered, is found by name).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { interruptedLine } from '../../src/cli/interrupt.js';
import { startSimulator, type RunningSimulator, type SimLogEntry } from '../../src/simulator/index.js';
import { docs, environmentYaml, simEnv } from './harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = import.meta.resolve('tsx');
const TEAMS = 6;

let sim: RunningSimulator | undefined;
let cwd: string | undefined;
afterEach(async () => {
  await sim?.stop();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

function applyProcess(dir: string, env: NodeJS.ProcessEnv, onChild: (c: ChildProcess) => void = () => undefined): Promise<{ code: number | null; stderr: string }> {
  const args = ['--import', tsx, join(root, 'src/cli/bin.ts'), 'apply', '-e', 'test', '--auto-approve', '--batch-size', '1', '--parallelism', '1'];
  const child = spawn(process.execPath, args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  onChild(child);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

it('SIGINT during apply: exit 130, one line with what was done, and a re-run converges', async () => {
  let victim: ChildProcess | undefined;
  let teamPosts = 0;
  sim = await startSimulator({
    port: 0,
    beforeRespond: async (e: SimLogEntry) => {
      if (!victim || e.method !== 'POST' || !/^\/api\/team$/i.test(e.path) || e.status !== 200) return;
      if (++teamPosts !== 3) return;
      const exited = new Promise((r) => victim?.once('close', r));
      victim.kill('SIGINT');
      await exited;
    },
  });
  cwd = mkdtempSync(join(tmpdir(), 'halo-iac-sigint-'));
  mkdirSync(join(cwd, 'environments/test'), { recursive: true });
  writeFileSync(join(cwd, 'environments/test/environment.yaml'), environmentYaml('test'));
  const teams = Array.from({ length: TEAMS }, (_, i) => `kind: Team\nname: Interrupted ${i + 1}\nspec:\n  department: Service Delivery`);
  writeFileSync(join(cwd, 'environments/test/resources.yaml'), docs(...teams));
  const env = simEnv(sim);

  const interrupted = await applyProcess(cwd, env, (c) => (victim = c));
  expect(interrupted.code).toBe(130);
  const lines = interrupted.stderr.trimEnd().split('\n');
  // Two creates were answered when the third was cut off.
  expect(lines.at(-1)).toBe(interruptedLine('SIGINT', 'Team 2 created'));
  expect(lines.at(-1)).toBe(
    'Interrupted (SIGINT): apply stopped after Team 2 created; a request in flight may have landed. Run halo-iac plan or apply again: it converges from here (pending secrets are recovered).',
  );
  expect(interrupted.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);

  victim = undefined;
  const rerun = await applyProcess(cwd, env);
  expect({ code: rerun.code, stderr: rerun.code === 0 ? '' : rerun.stderr }).toEqual({ code: 0, stderr: '' });
  const live = (sim.snapshot().collections.Team ?? []).filter((t) => String(t.name).startsWith('Interrupted '));
  expect(live.map((t) => t.name).sort()).toEqual(teams.map((_, i) => `Interrupted ${i + 1}`).sort());
}, 60_000);

it('the line before any change was confirmed', () => {
  expect(interruptedLine('SIGTERM', '')).toBe(
    'Interrupted (SIGTERM): apply stopped before any change was confirmed; a request in flight may have landed. Run halo-iac plan or apply again: it converges from here (pending secrets are recovered).',
  );
});
