/**
 * Issue 9 §7 crash test: the real CLI (a child process) is SIGKILLed right after Halo stored an
 * application write carrying a new secret, before the response reaches it. The simulator's
 * beforeRespond hook does the killing, so the moment is exact, not a sleep. A second apply must
 * finish the job: exit 0, the secret in the sink gets a real token, no pending record is left.
 * Trials alternate a create (the record has no client id) and a rotation (it has one).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createHaloClient } from '../../src/halo/index.js';
import { startSimulator, type RunningSimulator, type SimLogEntry } from '../../src/simulator/index.js';
import { docs, environmentYaml, simEnv } from './harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** tsx's loader, by URL: the child runs in a temp folder, where `--import tsx` would not resolve. */
const tsx = import.meta.resolve('tsx');
/** Bounded: each trial is two or three CLI processes. */
const TRIALS = 5;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs `halo-iac apply -e test --auto-approve` as a child process; `onChild` sees it start. */
function applyProcess(cwd: string, env: NodeJS.ProcessEnv, onChild: (c: ChildProcess) => void = () => undefined): Promise<Run> {
  const child = spawn(process.execPath, ['--import', tsx, join(root, 'src/cli/bin.ts'), 'apply', '-e', 'test', '--auto-approve'], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  onChild(child);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

function manifests(rotate: number, sink: string): string {
  return docs(
    'kind: Agent\nname: Crash API\nspec:\n  email: crash@example.com\n  apiOnly: true',
    `kind: Application\nname: Crash App\nspec:\n  loginAs: Crash API\n  scopes: [read:tickets]\n  secret: { sink: "${sink}", rotate: ${rotate} }`,
  );
}

/** Every file under `dir` whose name ends in .pending or .tmp. */
function leftovers(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.pending') || f.endsWith('.tmp'));
}

function sinkCredentials(file: string): { clientId: string; clientSecret: string } {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) return JSON.parse(text) as { clientId: string; clientSecret: string };
  const v = Object.fromEntries(text.trim().split('\n').map((l) => l.split('=') as [string, string]));
  return { clientId: v.CRASH_APP_CLIENT_ID ?? '', clientSecret: v.CRASH_APP_CLIENT_SECRET ?? '' };
}

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

describe('crash test: SIGKILL right after the application POST lands', () => {
  it(`apply, killed, then re-run: the secret works and nothing is pending (${TRIALS} trials)`, async () => {
    const outcomes: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const rotation = trial % 2 === 1;
      const sink = trial % 4 < 2 ? 'env-file:.halo-iac/crash.env' : 'file:.halo-iac/crash.json';
      let victim: ChildProcess | undefined;
      let armed = false;
      let killed = 0;
      const sim = await startSimulator({
        port: 0,
        // The write is committed and logged; the client must never see the answer.
        beforeRespond: async (e: SimLogEntry) => {
          if (!armed || !victim || e.method !== 'POST' || !/^\/api\/application$/i.test(e.path) || e.status !== 200) return;
          armed = false;
          const exited = new Promise((r) => victim?.once('exit', r));
          killed++;
          victim.kill('SIGKILL');
          await exited;
        },
      });
      running.push(sim);
      const cwd = mkdtempSync(join(tmpdir(), 'halo-iac-crash-'));
      const envDir = join(cwd, 'environments/test');
      mkdirSync(envDir, { recursive: true });
      writeFileSync(join(envDir, 'environment.yaml'), environmentYaml('test'));
      const env = simEnv(sim);
      if (rotation) {
        writeFileSync(join(envDir, 'resources.yaml'), manifests(0, sink));
        expect((await applyProcess(cwd, env)).code).toBe(0);
      }
      writeFileSync(join(envDir, 'resources.yaml'), manifests(rotation ? 1 : 0, sink));
      armed = true;
      const crashed = await applyProcess(cwd, env, (c) => (victim = c));
      expect({ trial, signal: crashed.signal, killed, stderr: crashed.signal ? '' : crashed.stderr }).toEqual({ trial, signal: 'SIGKILL', killed: 1, stderr: '' });
      const stranded = leftovers(envDir).filter((f) => f.endsWith('.pending'));
      expect(stranded).toHaveLength(1);

      const rerun = await applyProcess(cwd, env);
      expect({ trial, code: rerun.code, stderr: rerun.code === 0 ? '' : rerun.stderr }).toEqual({ trial, code: 0, stderr: '' });
      expect(rerun.stderr).toContain('pending secret of application/Crash App: Halo accepts it; delivering it to its sink');
      const creds = sinkCredentials(join(envDir, sink.replace(/^(env-)?file:/, '')));
      const app = (sim.snapshot().collections.Application ?? []).filter((a) => a.displayName === 'Crash App');
      expect(app).toHaveLength(1);
      expect(creds).toEqual({ clientId: app[0]?.clientId, clientSecret: app[0]?.clientSecret });
      // A real token request with what the sink holds.
      const client = createHaloClient({ url: sim.url, authUrl: sim.authUrl, clientId: creds.clientId, clientSecret: creds.clientSecret, scope: 'read:tickets', budget: false, retry: { maxRetries: 0 } });
      expect((await client.list('TicketType')).length).toBeGreaterThan(0);
      expect(leftovers(envDir)).toEqual([]);
      outcomes.push(`${rotation ? 'rotation' : 'create'}:${sink.split(':')[0]}`);
      rmSync(cwd, { recursive: true, force: true });
    }
    expect(outcomes).toHaveLength(TRIALS);
  }, 180_000);
});
