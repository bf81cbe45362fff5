/**
 * `halo-iac validate -e demo --explain | head -1`: the reader closing the pipe ends halo-iac
 * quietly, as SIGPIPE ends git and coreutils (status 141), not with an EPIPE stack and exit 1.
 * The real CLI runs as a child process whose stdout pipe is closed before it writes (plan: against
 * the simulator, in each format).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EPIPE_EXIT } from '../../src/cli/pipe.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { docs, environmentYaml, simEnv } from './harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = import.meta.resolve('tsx');

function closedStdout(args: string[], at: { cwd: string; env?: NodeJS.ProcessEnv } = { cwd: root }): Promise<{ code: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const k of ['HALO_URL', 'HALO_AUTH_URL', 'HALO_CLIENT_ID', 'HALO_CLIENT_SECRET']) delete env[k];
  Object.assign(env, at.env);
  const child = spawn(process.execPath, ['--import', tsx, join(root, 'src/cli/bin.ts'), ...args], { cwd: at.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  // The reader goes away before the first write: the child's first stdout write fails with EPIPE.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

it.each([
  ['validate', ['validate', '-e', 'demo', '--explain']],
  ['environments', ['environments', '--json']],
])(`%s into a closed pipe exits ${EPIPE_EXIT} quietly`, async (_name, args) => {
  const r = await closedStdout(args);
  expect(r.stderr).not.toMatch(/EPIPE|internal error|Unhandled|node:events/);
  expect(r.code).toBe(EPIPE_EXIT);
}, 30_000);

// QA: `plan --format text | head -1` exited 0 where `--format json | head -1` exited 141. Every
// format of the plan, written into a pipe whose reader has gone, ends the same way.
let sim: RunningSimulator | undefined;
let cwd = '';
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  cwd = mkdtempSync(join(tmpdir(), 'halo-iac-pipe-'));
  mkdirSync(join(cwd, 'environments/test'), { recursive: true });
  writeFileSync(join(cwd, 'environments/test/environment.yaml'), environmentYaml('test'));
  writeFileSync(join(cwd, 'environments/test/resources.yaml'), docs('kind: Team\nname: Piped\nspec:\n  department: Service Delivery'));
});
afterAll(async () => {
  await sim?.stop();
  rmSync(cwd, { recursive: true, force: true });
});

it.each(['text', 'markdown', 'json'])(`plan --format %s into a closed pipe exits ${EPIPE_EXIT} quietly`, async (format) => {
  const r = await closedStdout(['plan', '-e', 'test', '--format', format], { cwd, env: simEnv(sim!) });
  expect(r.stderr).not.toMatch(/EPIPE|internal error|Unhandled|node:events/);
  expect(r.code).toBe(EPIPE_EXIT);
}, 30_000);
