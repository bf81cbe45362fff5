/**
 * What the rest of an export will cost, from its estimate (the lists are read, the detail reads
 * are not) and the client's rate budget: calls, and the time they take, so a user sees "500 detail
 * reads, about 5 minutes" before they start, and can narrow the export with --kinds or --names.
 */
import type { BudgetOptions } from '../halo/types.js';
import type { ExportEstimate } from './live.js';

/** The detail reads still to make and the time they are expected to take. */
export interface ExportCost {
  /** Detail reads to make. */
  calls: number;
  /** Expected milliseconds: rate-budget waits plus rounds of `parallelism` calls at the lists' pace. */
  expectedMs: number;
  /** Of expectedMs, the waits for the rate budget's window. */
  waitMs: number;
}

/**
 * The cost of the detail reads. `spent` is what this client already sent inside the budget's
 * window (the lists, `me`): calls beyond the window's allowance wait one window per allowance
 * (Halo's rolling 300 per 5 minutes). Each round of `parallelism` calls takes about as long as a
 * round of the lists did. Another process spending the same tenant's budget makes it longer.
 */
export function exportCost(estimate: ExportEstimate, budget: BudgetOptions | undefined, spent: number): ExportCost {
  const calls = estimate.details.reduce((n, d) => n + d.count, 0);
  const width = Math.max(1, estimate.parallelism);
  const roundMs = estimate.listCalls > 0 ? estimate.listMs / Math.ceil(estimate.listCalls / width) : 0;
  const windows = budget ? Math.max(0, Math.ceil((spent + calls) / budget.requests) - 1) : 0;
  const waitMs = windows * (budget?.windowSeconds ?? 0) * 1000;
  return { calls, waitMs, expectedMs: waitMs + Math.ceil(calls / width) * roundMs };
}
