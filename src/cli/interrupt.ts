/**
 * Ctrl-C (SIGINT) or a cancelled CI job (SIGTERM) while apply writes: instead of dying silently,
 * apply says on one stderr line that it was interrupted, what it had done (per kind, as the
 * progress counters have it) and that running plan or apply again converges: every write is
 * idempotent by name, and a secret whose delivery was cut off is in its pending record, which the
 * next run recovers (README "Pending secrets"). Then it exits 130 (143 for SIGTERM), as shells do.
 */
import type { Io } from './output.js';
import type { Progress } from './progress.js';

/** The exit status of a process a signal ended, as a shell reports it (128 + the signal number). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/** The line printed when apply is interrupted. */
export function interruptedLine(signal: keyof typeof SIGNAL_EXIT, soFar: string): string {
  const done = soFar === '' ? 'before any change was confirmed' : `after ${soFar}`;
  return `Interrupted (${signal}): apply stopped ${done}; a request in flight may have landed. Run halo-iac plan or apply again: it converges from here (pending secrets are recovered).`;
}

/**
 * Until the returned function is called, SIGINT and SIGTERM print interruptedLine and end the
 * process. `exit` is the process's (tests pass their own).
 */
export function reportInterrupts(io: Io, progress: Progress, exit: (code: number) => void = (code) => process.exit(code)): () => void {
  const handlers = (Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]).map((signal) => {
    const handler = () => {
      io.err(`\n${interruptedLine(signal, progress.workSoFar())}\n`);
      exit(SIGNAL_EXIT[signal]);
    };
    process.once(signal, handler);
    return () => process.off(signal, handler);
  });
  return () => handlers.forEach((off) => off());
}
