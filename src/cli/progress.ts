/**
 * Progress lines on stderr for long work (design.md §3, issue 10 §4): per-kind read counts, an
 * estimate before a large apply or read, apply's per-kind counts (`Team: 150/300 created`, at most
 * about once a second: progress-work.ts), bisections, retries, rate-limit waits with the budget
 * being kept, and apply's verification re-read. stdout is never touched, so `--format json`
 * output stays clean. Never receives secrets: the client's events carry method, path and timings only.
 */
import type { ClientEvent } from '../halo/types.js';
import type { Io } from './output.js';
import { estimateWords, LARGE_WORK, WorkCounters, windowWords, type Budget } from './progress-work.js';
import { kindWords } from '../model/kinds.js';

/**
 * The engine events this reporter understands, structurally (fields it does not know are
 * ignored), so the engine's EngineEvent union is accepted as is.
 */
export interface EngineEventLike {
  type: string;
  kind?: unknown;
  count?: unknown;
  size?: unknown;
  ok?: unknown;
  address?: unknown;
  message?: unknown;
  sink?: unknown;
  outcome?: unknown;
  created?: unknown;
  updated?: unknown;
  changes?: unknown;
  work?: unknown;
  calls?: unknown;
  budget?: unknown;
}

/** What apply does with a pending secret it found, as the progress line says it. */
const PENDING_OUTCOME: Record<string, string> = {
  delivering: 'Halo accepts it; delivering it to its sink',
  rotating: 'Halo does not accept it; sending a new secret',
  superseded: 'not needed (this apply sends a new secret); removed',
  kept: 'kept',
};

/** Callbacks handed to the Halo client and the engine. */
export interface Progress {
  onClient(e: ClientEvent): void;
  onEngine(e: EngineEventLike): void;
  /** Prints the collected per-kind read counts as one line (after readLive). */
  readsDone(): void;
  /** What the apply under way has done so far (`Team 3 created, ...`), empty before it changed anything. */
  workSoFar(): string;
}

/** Options of the reporter: `quiet` drops everything (tests that assert on stderr); `now` is the clock (tests). */
export interface ProgressOptions {
  quiet?: boolean;
  now?: () => number;
}

function isBudget(b: unknown): b is Budget {
  return typeof b === 'object' && b !== null && typeof (b as Budget).requests === 'number' && typeof (b as Budget).windowSeconds === 'number';
}

/** A reporter that writes to io.err. */
export function stderrProgress(io: Io, options: ProgressOptions = {}): Progress {
  const now = options.now ?? Date.now;
  const line = (s: string) => {
    if (!options.quiet) io.err(`${s}\n`);
  };
  // Reads arrive one event per kind, in parallel: collected into one line.
  const reads: string[] = [];
  let total = 0;
  // Reads after apply started are apply's re-read of the tenant to check it converged.
  let verifying = false;
  let waitingUntil = 0;
  // The apply under way: its counters, the calls it expects and the requests seen since it started.
  let counters: WorkCounters | undefined;
  let expected = 0;
  let requests = 0;
  let requestsAtStart = 0;
  const advance = (kind: string, action: string, n: unknown) => {
    const l = typeof n === 'number' ? counters?.advance(kind, action, n) : undefined;
    if (l) line(l);
  };
  const readsDone = () => {
    if (reads.length === 0) return;
    line(`${verifying ? 'verifying: ' : ''}read ${total} live object${total === 1 ? '' : 's'} (${reads.join(', ')})`);
    reads.length = 0;
    total = 0;
  };
  return {
    readsDone,
    workSoFar: () => counters?.soFar() ?? '',
    onClient(e) {
      if (e.type === 'request') requests++;
      else if (e.type === 'retry') line(`retrying ${e.method} ${e.path} in ${seconds(e.delayMs)} (attempt ${e.attempt}: ${e.reason})`);
      else if (e.type === 'warning') line(`warning: ${e.message}`);
      else if (e.type === 'rate-wait' && e.ms >= 1000) {
        // Parallel requests wait for the same window: one line per wait, not one per request.
        const at = now();
        if (at < waitingUntil) return;
        waitingUntil = at + e.ms;
        const kept = e.budget ? `: all ${e.budget.requests} requests of the last ${windowWords(e.budget.windowSeconds)} are used` : '';
        const left = counters ? `; about ${Math.max(0, expected - (requests - requestsAtStart))} calls of this apply to go` : '';
        line(`waiting ${seconds(e.ms)} for the client rate budget${kept} (connection.rateLimit)${left}`);
      }
    },
    onEngine(e) {
      const kind = typeof e.kind === 'string' ? e.kind : '';
      const count = typeof e.count === 'number' ? e.count : 0;
      if (e.type === 'read') {
        reads.push(`${kind} ${count}`);
        total += count;
        return;
      }
      if (e.type === 'detail') {
        if (count > 0) reads.push(`${count} ${kind} detail${count === 1 ? '' : 's'}`);
        return;
      }
      if (e.type === 'unmanaged-details') {
        // The cost policy.unmanaged: error adds (issue 10 §3): said every time, whatever its size.
        const work = Array.isArray(e.work) ? (e.work as { kind: string; count: number }[]) : [];
        const n = work.reduce((sum, w) => sum + w.count, 0);
        const what = work.map((w) => `${w.count} ${kindWords(w.kind)}${w.count === 1 ? '' : 's'}`).join(', ');
        line(`policy.unmanaged: error: reading the detail of ${what} nobody manages (${n} call${n === 1 ? '' : 's'})`);
        return;
      }
      if (e.type === 'details-started') {
        // Lists are in; the detail reads are the long part of a large plan or export.
        if (count >= LARGE_WORK) line(`reading ${count} details: ${estimateWords(count, isBudget(e.budget) ? e.budget : undefined)}`);
        return;
      }
      readsDone();
      if (e.type === 'apply-started') {
        verifying = true;
        expected = typeof e.calls === 'number' ? e.calls : 0;
        requestsAtStart = requests;
        counters = new WorkCounters(Array.isArray(e.work) ? (e.work as { kind: string; action: string; count: number }[]) : [], now);
        if (expected >= LARGE_WORK) line(`applying ${String(e.changes)} changes: ${estimateWords(expected, isBudget(e.budget) ? e.budget : undefined)}`);
      } else if (e.type === 'batch') {
        if (e.ok === false) line(`failed ${kind} batch of ${String(e.size)}`);
        advance(kind, 'create', e.created);
        advance(kind, 'update', e.updated);
      } else if (e.type === 'delete') advance(kind, 'delete', e.ok === false ? 0 : 1);
      else if (e.type === 'bisect') line(`a ${kind} batch failed; splitting it to find the failing objects`);
      else if (e.type === 'secret-written') line(`delivered the secret of ${String(e.address)} to ${String(e.sink)}`);
      else if (e.type === 'secret-note') line(`warning: ${String(e.address)}: ${String(e.message)}`);
      else if (e.type === 'secret-pending') line(`pending secret of ${String(e.address)}: ${PENDING_OUTCOME[String(e.outcome)] ?? String(e.outcome)}`);
      else if (e.type === 'create-recheck') line(`re-checking ${String(e.address)} by name before re-sending its create (the first response was lost)`);
    },
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
