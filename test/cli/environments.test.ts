/**
 * Every shipped environment converges on the simulator: the demo end to end, and each blueprint
 * environment (environments/<vendor>/) applies, then re-plans to No changes. Environments are
 * copied to a temp folder so secret sinks and saved plans never land in the repository.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { DEMO_SECRET_SINK, runDemo } from '../../src/cli/demo.js';
import { captureIo } from '../../src/cli/output.js';
import { run as plan } from '../../src/cli/plan.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { simEnv } from './harness.js';

const REPO = resolve(import.meta.dirname, '../..');
const ENVIRONMENTS = readdirSync(join(REPO, 'environments')).filter(
  (name) => name !== 'demo' && existsSync(join(REPO, 'environments', name, 'environment.yaml')),
);

/** A temp project holding a copy of environments/ (and manifests/ when present). */
function copyProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'halo-iac-envs-'));
  cpSync(join(REPO, 'environments'), join(root, 'environments'), { recursive: true });
  if (existsSync(join(REPO, 'manifests'))) cpSync(join(REPO, 'manifests'), join(root, 'manifests'), { recursive: true });
  return root;
}

describe('shipped environments', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0)) await f();
  });

  it('npm run demo plans, applies and ends with No changes', async () => {
    const root = copyProject();
    cleanup.push(() => rmSync(root, { recursive: true, force: true }));
    const io = captureIo({ env: {} });
    const code = await runDemo(io, root);
    expect(io.stderr()).not.toContain('Demo failed');
    expect(code).toBe(0);
    expect(io.stdout()).toContain('Apply complete! Resources:');
    expect(io.stdout()).toContain('No changes. Halo configuration matches the manifests.');
    expect(existsSync(join(root, DEMO_SECRET_SINK))).toBe(true);
  });

  it('ships blueprint environments', () => {
    expect(ENVIRONMENTS.length).toBeGreaterThan(0);
  });

  it.each(ENVIRONMENTS)('environment %s applies then re-plans empty', async (name) => {
    const root = copyProject();
    const sim: RunningSimulator = await startSimulator({ port: 0 });
    cleanup.push(() => sim.stop(), () => rmSync(root, { recursive: true, force: true }));
    const env = simEnv(sim);
    const applyIo = captureIo({ env, cwd: root });
    const applied = await apply({ env: name, autoApprove: true }, [], applyIo);
    expect(applyIo.stderr()).not.toMatch(/^Error:/m);
    expect(applied).toBe(0);
    const planIo = captureIo({ env, cwd: root });
    expect(await plan({ env: name, detailedExitcode: true }, [], planIo)).toBe(0);
    expect(planIo.stdout()).toContain('No changes. Halo configuration matches the manifests.');
  });
});
