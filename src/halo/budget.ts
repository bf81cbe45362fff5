/**
 * Client-side rolling-window request budget. Hosted Halo allows 300 requests per rolling
 * 5 minutes and answers 429 beyond that (halo-api.md §4.1); waiting here is cheaper than
 * being refused, and keeps one run from starving other integrations on the same tenant.
 *
 * A request occupies its slot from the moment it is sent until one window after its response
 * arrived. The server stamps a request somewhere between those two instants, so expiring slots
 * by response time never frees a slot before the server does (stamping at send time did: the
 * simulator answered 429 to a client whose budget matched its limit exactly).
 */
import type { BudgetOptions } from './types.js';
import type { ClientRuntime } from './runtime.js';

/** Hosted Halo's documented limit. */
export const DEFAULT_BUDGET: BudgetOptions = { requests: 300, windowSeconds: 300 };

/**
 * Whether token requests spend budget. The simulator (like, we assume, Halo, whose auth server
 * is a separate service) counts only /api requests, so they do not; one constant to flip.
 */
export const TOKEN_REQUESTS_USE_BUDGET = false;

/** How often to look again when every slot in the window belongs to a request still in flight. */
const IN_FLIGHT_POLL_MS = 25;

/** One request's claim on the window; `doneAt` is set when its response (or failure) arrived. */
export interface BudgetSlot {
  doneAt?: number;
}

/** A request budget: `acquire` resolves once a request may be sent, `release` when it finished. */
export interface RequestBudget {
  /** Resolves with a slot; `onWait(ms)` hears about each wait before it starts (and may throw to refuse it). */
  acquire(onWait: (ms: number) => void): Promise<BudgetSlot>;
  release(slot: BudgetSlot): void | Promise<void>;
}

/** Tracks the requests of the last window (of this process) and makes callers wait for a free slot. */
export class RollingBudget implements RequestBudget {
  private slots: BudgetSlot[] = [];
  private readonly windowMs: number;

  constructor(
    private readonly options: BudgetOptions,
    private readonly runtime: ClientRuntime,
  ) {
    if (!(options.requests >= 1) || !(options.windowSeconds > 0)) {
      throw new RangeError(`invalid request budget ${options.requests}/${options.windowSeconds}s`);
    }
    this.windowMs = options.windowSeconds * 1000;
  }

  /**
   * Resolves with a slot once a request may be sent; `onWait` hears about each wait first.
   * Check and claim happen without an await in between, so concurrent callers cannot both
   * take the last slot. Call `release` with the slot when the exchange has finished.
   */
  async acquire(onWait: (ms: number) => void): Promise<BudgetSlot> {
    for (;;) {
      const now = this.runtime.now();
      this.slots = this.slots.filter((s) => s.doneAt === undefined || s.doneAt > now - this.windowMs);
      if (this.slots.length < this.options.requests) {
        const slot: BudgetSlot = {};
        this.slots.push(slot);
        return slot;
      }
      const expiries = this.slots.flatMap((s) => (s.doneAt === undefined ? [] : [s.doneAt + this.windowMs - now]));
      const ms = expiries.length > 0 ? Math.max(1, Math.min(...expiries)) : IN_FLIGHT_POLL_MS;
      onWait(ms);
      await this.runtime.sleep(ms);
    }
  }

  /** Marks the slot's request as finished now; the slot frees one window later. */
  release(slot: BudgetSlot): void {
    slot.doneAt = this.runtime.now();
  }
}
