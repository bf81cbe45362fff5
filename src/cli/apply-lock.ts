/**
 * One apply per tenant at a time on this machine (two concurrent applies of 10 new teams made 20).
 * The lock is proper-lockfile's (mkdir-based, its mtime refreshed while held, so a SIGKILLed
 * holder's lock goes stale on its own, and one whose holder pid is gone on this machine is taken at
 * once) on `<cache dir>/apply/<tenant key>.json`, the key the
 * per-tenant budget file uses (tenantKeyOf). That file says who holds it (pid, host, environment,
 * start), for the message of the apply that waited in vain. Runners of a CI system on different
 * machines do not share it: they need the CI's concurrency group (README "Use in pipelines"), and
 * apply's verification catches duplicates they would make (engine/apply.ts).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { lock } from 'proper-lockfile';
import { formatDuration } from '../duration.js';
import { tenantKeyOf } from '../halo/index.js';
import { runtimeError, UserError } from '../model/diagnostics.js';
import type { EnvironmentConfig } from '../model/desired.js';

/** A lock not refreshed for this long is a crashed holder's and is taken over. */
const STALE_MS = 10_000;

/** How often a waiting apply tries again. */
const POLL_MS = 200;

/** Who holds the lock, as its holder wrote it. */
interface Holder {
  pid: number;
  host: string;
  environment: string;
  started: string;
}

/** A held apply lock. */
export interface ApplyLock {
  release(): Promise<void>;
}

/** The holder file of the apply lock of `environment`'s tenant (the lock itself is `<file>.lock`). */
export function applyLockFile(cacheDir: string, environment: EnvironmentConfig): string {
  return join(cacheDir, 'apply', `${tenantKeyOf(environment.connection.url, environment.connection.tenant)}.json`);
}

async function holderOf(file: string): Promise<Holder | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}

/** True when the holder is a process of this machine that no longer runs (a SIGKILLed apply). */
function isDeadHere(h: Holder | undefined): boolean {
  if (!h || h.host !== hostname() || !Number.isInteger(h.pid) || h.pid === process.pid) return false;
  try {
    process.kill(h.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** The holder as messages name it. */
function whoHolds(h: Holder | undefined): string {
  return h ? `pid ${h.pid} on ${h.host}, environment "${h.environment}", since ${h.started}` : 'a process that has not said who it is yet';
}

function isLocked(e: unknown): boolean {
  return (e as NodeJS.ErrnoException).code === 'ELOCKED';
}

/**
 * Takes the apply lock of the environment's tenant, waiting up to `waitMs` for another apply to
 * finish; then fails with one line naming the holder and how to break a stale lock.
 * `onLost` is told when the lock is lost while held (its refresh failed, or it was removed);
 * `onWait` once, when the lock is held by another apply and this one starts to wait.
 */
export async function acquireApplyLock(
  cacheDir: string,
  environment: EnvironmentConfig,
  waitMs: number,
  onLost: (message: string) => void,
  onWait: (message: string) => void = () => undefined,
): Promise<ApplyLock> {
  let told = false;
  const file = applyLockFile(cacheDir, environment);
  await mkdir(join(cacheDir, 'apply'), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + waitMs;
  const options = { realpath: false, stale: STALE_MS, retries: 0, onCompromised: (e: Error) => onLost(`the apply lock ${file}.lock was lost (${e.message}); another apply to this tenant may have started meanwhile`) };
  for (;;) {
    try {
      const unlock = await lock(file, options);
      const holder: Holder = { pid: process.pid, host: hostname(), environment: environment.name, started: new Date().toISOString() };
      await writeFile(file, JSON.stringify(holder) + '\n', { mode: 0o600 });
      return {
        async release() {
          await rm(file, { force: true });
          await unlock().catch(() => undefined);
        },
      };
    } catch (e) {
      if (!isLocked(e)) throw e;
      // A holder of this machine that is gone (killed, crashed) is not waited for: its lock is
      // removed and taken at once, rather than after it goes stale.
      const h = await holderOf(file);
      if (isDeadHere(h)) {
        await rm(`${file}.lock`, { recursive: true, force: true });
        continue;
      }
      if (Date.now() >= deadline) break;
      // Say once why nothing happens (QA: a waiting apply was silent for the whole --lock-timeout).
      if (!told) {
        told = true;
        onWait(`waiting up to ${formatDuration(waitMs)} for the apply lock of this tenant, held by ${whoHolds(h)} (--lock-timeout)`);
      }
      await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))));
    }
  }
  const who = whoHolds(await holderOf(file));
  throw new UserError([
    runtimeError(
      `another apply to this tenant holds the apply lock (${who}); waited ${formatDuration(waitMs)} (--lock-timeout). ` +
        `If that process is no longer running, delete ${file}.lock and run apply again.`,
    ),
  ]);
}
