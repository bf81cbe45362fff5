/**
 * `halo-iac validate -e demo --explain | head -1`: the reader closing the pipe ends halo-iac
 * quietly, as SIGPIPE ends git and coreutils (status 141), not with an EPIPE stack and exit 1.
 * The real CLI runs as a child process whose stdout pipe is closed before it writes.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { EPIPE_EXIT } from '../../src/cli/pipe.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = import.meta.resolve('tsx');

function closedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const k of ['HALO_URL', 'HALO_AUTH_URL', 'HALO_CLIENT_ID', 'HALO_CLIENT_SECRET']) delete env[k];
  const child = spawn(process.execPath, ['--import', tsx, join(root, 'src/cli/bin.ts'), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
