/**
 * `connection.rateLimit` end to end: a plan against a loopback simulator that enforces a hosted-style
 * limit. The client's default budget is off on loopback, so without rateLimit the simulator answers
 * 429; with the same limit in the environment file the client waits instead and no request is refused.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { captureIo } from '../../src/cli/output.js';
import { run as plan } from '../../src/cli/plan.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';

const doc = (kind: string, name: string, spec = '') => `---\napiVersion: halo-iac/v1\nkind: ${kind}\nname: ${name}\n${spec}`;
// One object per kind: the plan reads every kind, more requests than the limit allows in one window.
const MANIFESTS = [
  doc('Team', 'Ops'),
  doc('Role', 'Reader'),
  doc('TicketType', 'Change'),
  doc('Agent', 'Bot', 'spec:\n  apiOnly: true\n'),
  doc('Application', 'App', 'spec:\n  loginAs: Bot\n  scopes: [all]\n'),
].join('');

/** Plans one environment against a fresh simulator limited to 3 requests per second; returns the 429 count. */
async function refusedDuringPlan(rateLimitLine: string, cleanup: (() => unknown)[]): Promise<number> {
  const sim: RunningSimulator = await startSimulator({ port: 0, rateLimit: { requests: 3, windowSeconds: 1 } });
  const cwd = mkdtempSync(join(tmpdir(), 'halo-iac-ratelimit-'));
  cleanup.push(() => sim.stop(), () => rmSync(cwd, { recursive: true, force: true }));
  mkdirSync(join(cwd, 'environments', 'local'), { recursive: true });
  const connection = `connection:\n  url: ${sim.url}\n  authUrl: ${sim.authUrl}\n  clientId: \${env:ID}\n  clientSecret: \${env:SECRET}\n${rateLimitLine}`;
  writeFileSync(join(cwd, 'environments', 'local', 'environment.yaml'), `apiVersion: halo-iac/v1\nkind: Environment\nname: local\n${connection}${MANIFESTS}`);
  const io = captureIo({ cwd, env: { ID: sim.clientId, SECRET: sim.clientSecret } });
  expect(await plan({ env: 'local' }, [], io)).toBe(0);
  return sim.requests.filter((r) => r.status === 429).length;
}

describe('connection.rateLimit against a rate-limited simulator on loopback', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0)) await f();
  });

  it('without it the loopback client sends too fast and is refused (the limit is really hit)', async () => {
    expect(await refusedDuringPlan('', cleanup)).toBeGreaterThan(0);
  });

  it('with the simulator limit as rateLimit, no request is refused', async () => {
    expect(await refusedDuringPlan('  rateLimit: 3/1\n', cleanup)).toBe(0);
  });
});
