/**
 * Progress lines on stderr for long work (design.md §3): per-kind read counts, apply batches,
 * bisections, retries, rate-limit waits and apply's verification re-read. Concise, one line per
 * event worth knowing about; stdout is never touched, so `--format json` output stays clean.
 * Never receives secrets: the client's events carry method, path and timings only.
 */
import type { ClientEvent } from '../halo/types.js';
import type { Io } from './output.js';

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
}

/** A reporter that writes to io.err; `quiet` drops everything (tests that assert on stderr). */
export function stderrProgress(io: Io, options: { quiet?: boolean } = {}): Progress {
  const line = (s: string) => {
    if (!options.quiet) io.err(`${s}\n`);
  };
  // Reads arrive one event per kind, in parallel: collected into one line.
  const reads: string[] = [];
  let total = 0;
  // Reads after apply started are apply's re-read of the tenant to check it converged.
  let verifying = false;
  let waitingUntil = 0;
  const readsDone = () => {
    if (reads.length === 0) return;
    line(`${verifying ? 'verifying: ' : ''}read ${total} live object${total === 1 ? '' : 's'} (${reads.join(', ')})`);
    reads.length = 0;
    total = 0;
  };
  return {
    readsDone,
    onClient(e) {
      if (e.type === 'retry') line(`retrying ${e.method} ${e.path} in ${seconds(e.delayMs)} (attempt ${e.attempt}: ${e.reason})`);
      else if (e.type === 'warning') line(`warning: ${e.message}`);
      else if (e.type === 'rate-wait' && e.ms >= 1000) {
        // Parallel requests wait for the same window: one line per wait, not one per request.
        const now = Date.now();
        if (now < waitingUntil) return;
        waitingUntil = now + e.ms;
        line(`waiting ${seconds(e.ms)} for the client rate budget (connection.rateLimit)`);
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
      readsDone();
      if (e.type === 'apply-started') verifying = true;
      else if (e.type === 'batch') line(`${e.ok === false ? 'failed' : 'sent'} ${kind} batch of ${String(e.size)}`);
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
