/**
 * One rolling request budget per tenant across processes (issue 12 §4). plan, apply, re-plan and
 * export run back to back in a pipeline used to start with a full budget each and so met 429s; now
 * every process on the machine spends from one window per tenant, kept in a small state file:
 *
 *   <cache dir>/budget/<key>.json   {"v":1,"base":<ms>,"t":[<ms after base>, ...]}
 *
 * - key: sha256 of the tenant's URL and tenant name (no secret, no client id, not even the URL in clear);
 * - `t`: one timestamp per request of the last window, nothing else. A request claims its slot when
 *   it is sent, stamped `sent + reserve` (the latest it can finish: its timeout), and on release the
 *   stamp moves to the real finish time. So a slot frees one window after the response, as in
 *   budget.ts, and a process killed mid-request leaves a stamp that expires on its own;
 * - read-modify-write under a lock (proper-lockfile: mkdir-based, so atomic on local and network
 *   file systems, with stale-lock detection, so a SIGKILLed holder blocks others for seconds, not
 *   forever), old stamps pruned on every write.
 *
 * The in-process RollingBudget still runs underneath (concurrent requests of one process), and
 * when the file cannot be used (read-only cache, lock never free) the process falls back to it
 * alone, with one warning.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { lock } from 'proper-lockfile';
import { canonicalBaseUrl } from './endpoint.js';
import { RollingBudget, type BudgetSlot, type RequestBudget } from './budget.js';
import type { ClientRuntime } from './runtime.js';
import type { BudgetOptions } from './types.js';

/** How often to look again when every slot in the window belongs to a request still in flight. */
const IN_FLIGHT_POLL_MS = 50;

/** A lock older than this is a crashed holder's (proper-lockfile refreshes a live lock's mtime). */
const STALE_LOCK_MS = 5_000;

/** Waiting for the lock: long enough to outlast a stale lock, then give up and budget alone. */
const LOCK_RETRIES = { retries: 120, factor: 1.3, minTimeout: 2, maxTimeout: 100 };

/** The state file's name for a tenant: a hash, so nothing about the tenant shows in the cache. */
export function tenantKey(url: string, tenant: string | undefined): string {
  const canonical = `${url.replace(/\/+$/, '').toLowerCase()}\n${(tenant ?? '').toLowerCase()}`;
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/**
 * The key of the tenant a connection URL (as written in environment.yaml) and tenant name point
 * at, normalised as the client does: the same key for the budget file and the apply lock.
 */
export function tenantKeyOf(url: string, tenant: string | undefined): string {
  return tenantKey(canonicalBaseUrl(url), tenant);
}

/** The state file of a tenant under `cacheDir`. */
export function budgetFile(cacheDir: string, url: string, tenant: string | undefined): string {
  return join(cacheDir, 'budget', `${tenantKey(url, tenant)}.json`);
}

/** Timestamps from the file; a missing or damaged file is an empty window (it is rewritten whole). */
function parseStamps(text: string | undefined): number[] {
  if (text === undefined) return [];
  try {
    const doc = JSON.parse(text) as { v?: unknown; base?: unknown; t?: unknown };
    if (doc.v !== 1 || typeof doc.base !== 'number' || !Array.isArray(doc.t)) return [];
    const base = doc.base;
    return doc.t.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).map((x) => base + x);
  } catch {
    return [];
  }
}

/** The compact form: the earliest stamp as base, the rest as offsets from it, sorted. */
export function formatStamps(stamps: readonly number[]): string {
  const sorted = [...stamps].sort((a, b) => a - b);
  const base = sorted[0] ?? 0;
  return JSON.stringify({ v: 1, base, t: sorted.map((s) => s - base) });
}

/** A slot of the shared window: the stamp this process wrote for it. */
interface SharedSlot extends BudgetSlot {
  local: BudgetSlot;
  stamp?: number;
}

/** The shared budget of one tenant; see the module comment. */
export class SharedBudget implements RequestBudget {
  private readonly local: RollingBudget;
  private readonly windowMs: number;
  /** Serialises this process's file operations (the file lock is per process, not per call). */
  private queue: Promise<unknown> = Promise.resolve();
  private broken = false;

  constructor(
    private readonly options: BudgetOptions,
    private readonly file: string,
    private readonly runtime: ClientRuntime,
    /** How long a request may stay in flight (its timeout): the stamp it reserves until released. */
    private readonly reserveMs: number,
    private readonly warn: (message: string) => void,
  ) {
    this.local = new RollingBudget(options, runtime);
    this.windowMs = options.windowSeconds * 1000;
  }

  async acquire(onWait: (ms: number) => void): Promise<BudgetSlot> {
    const local = await this.local.acquire(onWait);
    const slot: SharedSlot = { local };
    try {
      for (;;) {
        const wait = await this.withFile((stamps, now) => {
          if (stamps.length < this.options.requests) {
            slot.stamp = now + this.reserveMs;
            return { stamps: [...stamps, slot.stamp], result: 0 };
          }
          const done = stamps.filter((s) => s <= now);
          const ms = done.length > 0 ? Math.max(1, Math.min(...done) + this.windowMs - now) : IN_FLIGHT_POLL_MS;
          return { result: ms };
        });
        if (wait === undefined || wait === 0) return slot;
        onWait(wait);
        await this.runtime.sleep(wait);
      }
    } catch (e) {
      this.local.release(local);
      throw e;
    }
  }

  async release(slot: BudgetSlot): Promise<void> {
    const s = slot as SharedSlot;
    this.local.release(s.local);
    const stamp = s.stamp;
    if (stamp === undefined) return;
    await this.withFile((stamps, now) => {
      const i = stamps.indexOf(stamp);
      const rest = i < 0 ? stamps : [...stamps.slice(0, i), ...stamps.slice(i + 1)];
      return { stamps: [...rest, now], result: 0 };
    });
  }

  /**
   * Runs `change` on the window's live stamps under the lock and writes what it returns. Resolves
   * undefined (after one warning) when the file cannot be used: the process then budgets alone.
   */
  private withFile<T>(change: (stamps: number[], now: number) => { stamps?: number[]; result: T }): Promise<T | undefined> {
    const run = async (): Promise<T | undefined> => {
      if (this.broken) return undefined;
      let unlock: (() => Promise<void>) | undefined;
      try {
        await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
        unlock = await lock(this.file, { realpath: false, stale: STALE_LOCK_MS, retries: LOCK_RETRIES, onCompromised: () => undefined });
        const now = this.runtime.now();
        const text = await readFile(this.file, 'utf8').catch((e: NodeJS.ErrnoException) => {
          if (e.code === 'ENOENT') return undefined;
          throw e;
        });
        const live = parseStamps(text).filter((s) => s > now - this.windowMs);
        const { stamps, result } = change(live, now);
        if (stamps !== undefined) {
          const tmp = `${this.file}.${process.pid}.tmp`;
          await writeFile(tmp, formatStamps(stamps), { mode: 0o600 });
          await rename(tmp, this.file);
        }
        return result;
      } catch (e) {
        this.broken = true;
        const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        this.warn(`the shared rate budget file ${this.file} cannot be used (${why}); this run budgets its own requests only`);
        return undefined;
      } finally {
        await unlock?.().catch(() => undefined);
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next;
    return next;
  }
}
