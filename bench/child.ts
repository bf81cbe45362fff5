/**
 * Runs the built CLI (dist/src/cli/bin.js) as a child process, as a user's shell or CI step does,
 * and reports its exit code, wall time and peak memory (maxRSS through bench/rss-hook.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** The repository root (holds package.json), from bench/ or dist/bench/. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** What one CLI run gave. */
export interface ChildRun {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Peak resident set size in MiB. */
  peakMiB: number;
}

/** `halo-iac <args>` in a fresh node process, with `env` added to this process's environment. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<ChildRun> {
  const root = repoRoot();
  const hook = join(root, 'dist', 'bench', 'rss-hook.js');
  const bin = join(root, 'dist', 'src', 'cli', 'bin.js');
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', hook, bin, ...args], { cwd, env: { ...process.env, ...env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  const seconds = (performance.now() - t0) / 1000;
  const m = /halo-iac-bench maxrss-kb (\d+)\s*$/.exec(stderr);
  if (!m) throw new Error(`halo-iac ${args.join(' ')}: no peak memory reported (exit ${code}): ${stderr.slice(-500)}`);
  return { code, stdout, stderr: stderr.slice(0, m.index), seconds, peakMiB: Number(m[1]) / 1024 };
}
