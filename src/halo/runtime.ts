/**
 * The clock, timer and randomness the client uses, injectable so tests can prove backoff and
 * budget behaviour without waiting or asserting on wall-clock time.
 */

/** Time and chance as seen by the client. */
export interface ClientRuntime {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Uniform in [0, 1). */
  random(): number;
}

/** The real clock. */
export const realRuntime: ClientRuntime = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  random: () => Math.random(),
};
