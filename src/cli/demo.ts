/**
 * `npm run demo`: the whole loop against the built-in simulator, no tenant needed. Starts the
 * simulator in-process on a free port, plans environments/demo (a Moovila blueprint plus a few
 * plain objects), applies it, re-plans to "No changes", and says where to look next. Exits 0
 * only when the final plan is empty.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startSimulator, type SimLogEntry } from '../simulator/index.js';
import { run as runApply } from './apply.js';
import { processIo, type Io } from './output.js';
import { run as runPlan } from './plan.js';

/** Where the demo environment writes the generated application secrets (gitignored). */
export const DEMO_SECRET_SINK = '.halo-iac/demo/moovila.env';

/** The saved plan the demo applies (gitignored). */
export const DEMO_PLAN_FILE = '.halo-iac/demo/plan.json';

/** The folder holding environments/demo, searched upwards from this file (src/ or dist/src/). */
export function projectRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'environments', 'demo', 'environment.yaml'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`environments/demo/environment.yaml not found above ${from}`);
    dir = up;
  }
}

/** Runs the demo; returns the exit code. The simulator's connection values reach the environment file as HALO_* variables. */
export async function runDemo(io: Io, root: string = projectRoot()): Promise<number> {
  const sim = await startSimulator({ port: 0 });
  try {
    // environments/demo/environment.yaml reads these through ${env:...}.
    const env = { ...io.env, HALO_URL: sim.url, HALO_AUTH_URL: sim.authUrl, HALO_CLIENT_ID: sim.clientId, HALO_CLIENT_SECRET: sim.clientSecret };
    const demoIo: Io = { ...io, env, cwd: root };
    const step = (title: string) => io.out(`\n=== ${title} ===\n\n`);
    const common = { env: 'demo', format: 'text' };

    step(`Simulated Halo tenant running at ${sim.url}`);
    io.out('Seeded like a fresh tenant: departments, teams, an admin agent and the "halo-iac bootstrap" API application.\n');

    step(`1/3  halo-iac plan -e demo --out ${DEMO_PLAN_FILE}`);
    const planned = await runPlan({ ...common, out: DEMO_PLAN_FILE }, [], demoIo);
    if (planned !== 0) return fail(io, 'plan failed');

    step(`2/3  halo-iac apply -e demo ${DEMO_PLAN_FILE} --auto-approve`);
    const applied = await runApply({ ...common, autoApprove: true }, [DEMO_PLAN_FILE], demoIo);
    if (applied !== 0) return fail(io, 'apply failed');

    step('3/3  halo-iac plan -e demo --detailed-exitcode   (expect: No changes)');
    const replanned = await runPlan({ ...common, detailedExitcode: true }, [], demoIo);
    if (replanned !== 0) return fail(io, `the plan after apply is not empty (exit ${replanned})`);

    io.out(nextSteps(root, sim.requests));
    return 0;
  } finally {
    await sim.stop();
  }
}

function fail(io: Io, why: string): number {
  io.err(`\nDemo failed: ${why}.\n`);
  return 1;
}

function nextSteps(root: string, requests: readonly SimLogEntry[]): string {
  const api = requests.filter((r) => r.path.toLowerCase().startsWith('/api/')).length;
  return [
    '',
    '=== Done: the tenant matches the manifests ===',
    '',
    `The whole demo (two plans, the saved-plan check, apply and its verification) took ${api} API requests, plus token requests.`,
    `The Moovila application's generated client secret went only to ${DEMO_SECRET_SINK} (mode 0600), never to the output above.`,
    '',
    'Where to look next:',
    `  - ${relative(process.cwd(), join(root, 'environments', 'demo')) || '.'}/ : the manifests this demo applied`,
    '  - README.md "Manifest format", "CLI reference", "Use in pipelines"',
    '  - halo-iac sim : keep a simulated tenant running (it prints its credentials); point environments/demo at it',
    '    with HALO_URL, HALO_AUTH_URL, HALO_CLIENT_ID and HALO_CLIENT_SECRET, then try',
    '    halo-iac plan -e demo --format markdown   (the pull-request comment view)',
    '',
  ].join('\n');
}

// Run when executed directly (`npm run demo` = node dist/src/cli/demo.js).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runDemo(processIo());
}
