/**
 * Two applies of one tenant at once (QA: both exited 0 and 20 teams existed for 10 declared).
 * On one machine the second waits for the per-tenant apply lock, then plans against what the first
 * wrote; across machines (no shared lock) the verification read names the duplicates and fails.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireApplyLock, applyLockFile } from '../../src/cli/apply-lock.js';
import { cacheDirectory } from '../../src/cli/connect.js';
import { run as apply } from '../../src/cli/apply.js';
import type { EnvironmentConfig } from '../../src/model/desired.js';
import type { HaloRecord } from '../../src/halo/types.js';
import { docs, workspace, type Workspace } from './harness.js';

const TEAMS = docs(...Array.from({ length: 10 }, (_, i) => `kind: Team\nname: New Team ${i + 1}\nspec:\n  department: Sales`));

async function teamsNamed(ws: Workspace, prefix: string): Promise<number> {
  return (await ws.client().list('Team')).filter((t) => String(t.name).startsWith(prefix)).length;
}

describe('concurrent applies of one tenant', () => {
  let ws: Workspace;
  afterEach(async () => ws.close());

  it('on one machine the second waits for the first, then has nothing to do: 10 teams, not 20', async () => {
    ws = await workspace({ latencyMs: 30 });
    ws.writeEnv(TEAMS);
    const [a, b] = await Promise.all([ws.run(apply, { env: 'test', autoApprove: true }), ws.run(apply, { env: 'test', autoApprove: true })]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const [first, second] = a.stdout.includes('Apply complete!') ? [a, b] : [b, a];
    expect(first.stdout).toContain('Apply complete! Resources: 10 added, 0 changed, 0 destroyed.');
    expect(second.stdout.trim()).toBe('No changes. Halo configuration matches the manifests.');
    expect(await teamsNamed(ws, 'New Team ')).toBe(10);
  });

  it('an apply that cannot get the lock in --lock-timeout fails in one line naming the holder and how to break it, sending nothing', async () => {
    ws = await workspace();
    ws.writeEnv(TEAMS);
    // The environment as apply loads it: the lock is keyed by its connection's tenant.
    const env = { name: 'other', connection: { url: ws.sim.url } } as EnvironmentConfig;
    const held = await acquireApplyLock(cacheDirectory(ws.env), env, 0, () => undefined);
    try {
      const r = await ws.run(apply, { env: 'test', autoApprove: true, lockTimeout: 300 });
      expect(r.code, r.stderr).toBe(1);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('Error:'));
      const file = applyLockFile(cacheDirectory(ws.env), env);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        new RegExp(`^Error: another apply to this tenant holds the apply lock \\(pid ${process.pid} on .+, environment "other", since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\); waited 300ms \\(--lock-timeout\\)\\. If that process is no longer running, delete ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\.lock and run apply again\\.$`),
      );
      expect(ws.sim.requests).toEqual([]);
      // It said why it waited, once, before it gave up (QA: silent for the whole --lock-timeout).
      expect(r.stderr.split('\n').filter((l) => l.startsWith('waiting up to 300ms for the apply lock of this tenant, held by pid '))).toHaveLength(1);
    } finally {
      await held.release();
    }
    expect((await ws.run(apply, { env: 'test', autoApprove: true })).code).toBe(0);
  });

  it('a lock whose holder was killed on this machine is taken at once, not after --lock-timeout', async () => {
    ws = await workspace();
    ws.writeEnv(TEAMS);
    const env = { name: 'test', connection: { url: ws.sim.url } } as EnvironmentConfig;
    const held = await acquireApplyLock(cacheDirectory(ws.env), env, 0, () => undefined);
    // A pid that no longer runs: a child that has exited (as a SIGKILLed apply leaves its lock).
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    const file = applyLockFile(cacheDirectory(ws.env), env);
    writeFileSync(file, JSON.stringify({ pid: dead, host: hostname(), environment: 'test', started: new Date().toISOString() }));
    try {
      const r = await ws.run(apply, { env: 'test', autoApprove: true, lockTimeout: 300 });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('Apply complete! Resources: 10 added, 0 changed, 0 destroyed.');
    } finally {
      await held.release();
    }
  });

  it('across machines (no shared lock) the verification read finds the duplicates it made, and apply exits 1 naming them', async () => {
    let other: Promise<unknown> | undefined;
    ws = await workspace({
      // Another runner posts the same teams while this apply's POST is being answered.
      beforeRespond: (entry) => {
        if (other || entry.method !== 'POST' || entry.path !== '/api/Team') return;
        other = ws.client().upsert('Team', entry.request as HaloRecord[]);
        return other.then(() => undefined);
      },
    });
    ws.writeEnv(docs('kind: Team\nname: Night Shift\nspec:\n  department: Sales', 'kind: Team\nname: Day Shift\nspec:\n  department: Sales'));
    const r = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('Error: team/'));
    const live = await ws.client().list('Team');
    const ids = (name: string) => live.filter((t) => t.name === name).map((t) => String(t.id));
    expect(ids('Night Shift')).toHaveLength(2);
    for (const name of ['Day Shift', 'Night Shift']) {
      const [first, second] = ids(name);
      expect(lines).toContainEqual(expect.stringMatching(
        new RegExp(`^Error: team/${name}: created, but 2 live teams are now named "${name}" \\(ids ${first}, ${second}; this apply created (${first}|${second})\\): another apply to this tenant ran at the same time\\. Keep one in Halo and delete the others, then run plan; in CI, run a tenant's applies one at a time \\(a concurrency group\\)$`),
      ));
    }
    expect(r.stdout).toContain('Apply failed!');
  });
});
