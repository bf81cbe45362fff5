/**
 * Long work in numbers (issue 10 §4): per-kind counters of an apply (`Team: 150/300 created`),
 * printed at batch granularity and at most about once a second (normally every 10% of a kind's
 * work, and at least every 10 seconds while it runs, so a long run of deletes is never silent),
 * and the estimate of calls and time shown before a large apply or read starts
 * (`about 312 calls, ~6 min at 300 requests / 5 min`).
 */

/** A client-side rate budget, as the engine events carry it. */
export interface Budget {
  requests: number;
  windowSeconds: number;
}

/** Work this large (in calls) gets an estimate before it starts. */
export const LARGE_WORK = 100;

/** Progress lines of one kind and action are at least this far apart... */
const MIN_GAP_MS = 1000;
/** ...and at most this far apart while the work goes on. */
const MAX_GAP_MS = 10_000;

/** How the lines name each action. */
const DONE: Record<string, string> = { create: 'created', update: 'updated', delete: 'deleted' };

/** A budget's window: `5 min`, `90 s`. */
export function windowWords(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

/** A duration, rounded up: `6 min`, `40 s`. */
function durationWords(seconds: number): string {
  return seconds < 60 ? `${Math.max(1, Math.ceil(seconds))} s` : `${Math.ceil(seconds / 60)} min`;
}

/**
 * `about 312 calls, ~6 min at 300 requests / 5 min`: the time at the budget's steady rate, when
 * the work is more than one window's worth; otherwise it fits the budget, or there is none.
 */
export function estimateWords(calls: number, budget: Budget | undefined): string {
  const about = `about ${calls} call${calls === 1 ? '' : 's'}`;
  if (!budget) return `${about} (no client rate budget)`;
  const limit = `${budget.requests} requests / ${windowWords(budget.windowSeconds)}`;
  if (calls <= budget.requests) return `${about}, within the rate budget of ${limit}`;
  return `${about}, ~${durationWords((calls * budget.windowSeconds) / budget.requests)} at ${limit}`;
}

interface Counter {
  kind: string;
  action: string;
  total: number;
  done: number;
  /** `done` when its last line was printed, and when. */
  shownDone: number;
  shownAt: number;
}

/** The counters of one apply: fed batch and delete events, they say which lines to print. */
export class WorkCounters {
  private readonly counters = new Map<string, Counter>();

  constructor(
    work: readonly { kind: string; action: string; count: number }[],
    private readonly now: () => number,
  ) {
    const at = now();
    for (const w of work) this.counters.set(`${w.kind}/${w.action}`, { kind: w.kind, action: w.action, total: w.count, done: 0, shownDone: 0, shownAt: at });
  }

  /** What is done so far, exactly (not as last printed): `Team 3 created, Agent 1 updated`; empty when nothing is. */
  soFar(): string {
    return [...this.counters.values()]
      .filter((c) => c.done > 0)
      .map((c) => `${c.kind} ${c.done} ${DONE[c.action] ?? c.action}`)
      .join(', ');
  }

  /** Counts `n` more done for a kind and action; returns the line to print, if one is due. */
  advance(kind: string, action: string, n: number): string | undefined {
    const c = this.counters.get(`${kind}/${action}`);
    if (!c || n <= 0) return undefined;
    c.done = Math.min(c.total, c.done + n);
    const now = this.now();
    const gap = now - c.shownAt;
    const nextTenth = Math.floor((10 * c.done) / c.total) > Math.floor((10 * c.shownDone) / c.total);
    const due = c.done === c.total || (gap >= MIN_GAP_MS && (nextTenth || gap >= MAX_GAP_MS));
    if (!due || c.done === c.shownDone) return undefined;
    c.shownDone = c.done;
    c.shownAt = now;
    return `${c.kind}: ${c.done}/${c.total} ${DONE[c.action] ?? c.action}`;
  }
}
