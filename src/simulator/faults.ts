/**
 * Fault injection for chaos tests and pipeline dry runs. Faults apply to /api requests only, so a
 * client can always authenticate. Draws come from a seeded PRNG in a fixed order per request, so
 * the same seed and the same request sequence inject the same faults.
 */
import { UserError } from '../model/diagnostics.js';
import type { Random } from './prng.js';

/** One parsed `--fault` spec. */
export type FaultSpec =
  | { kind: '5xx' | 'drop-after-commit' | '429-burst'; rate: number }
  | { kind: 'token-expiry'; seconds: number };

const rateKinds = ['5xx', 'drop-after-commit', '429-burst'] as const;

/** Parses `5xx:0.05`, `drop-after-commit:0.02`, `429-burst:0.01`, `token-expiry:30` (or `30s`). */
export function parseFault(spec: string): FaultSpec {
  const m = /^([a-z0-9-]+):(.+)$/i.exec(spec.trim());
  const kind = m?.[1]?.toLowerCase() ?? '';
  const arg = m?.[2]?.trim() ?? '';
  if (kind === 'token-expiry') {
    const s = /^(\d+(?:\.\d+)?)s?$/.exec(arg);
    const seconds = s ? Number(s[1]) : NaN;
    if (!(seconds > 0)) throw new UserError(`--fault ${spec}: token-expiry needs a number of seconds, e.g. token-expiry:30s`);
    return { kind, seconds };
  }
  if ((rateKinds as readonly string[]).includes(kind)) {
    const rate = /^\d*\.?\d+$/.test(arg) ? Number(arg) : NaN;
    if (!(rate >= 0 && rate <= 1)) throw new UserError(`--fault ${spec}: the rate must be a number from 0 to 1, e.g. ${kind}:0.05`);
    return { kind: kind as (typeof rateKinds)[number], rate };
  }
  throw new UserError(
    `--fault ${spec}: unknown fault; use 5xx:RATE, drop-after-commit:RATE, 429-burst:RATE or token-expiry:SECONDS`,
  );
}

/** What to do to one /api request. */
export interface FaultDecision {
  /** Answer 503 before doing anything. */
  unavailable: boolean;
  /** Answer 429 as if the rate limit were hit. */
  burst429: boolean;
  /** For a write: apply it, then destroy the socket without a response. */
  dropAfterCommit: boolean;
}

/** Decides faults per request from the configured specs and a seeded PRNG. */
export class FaultInjector {
  private readonly rates: Record<(typeof rateKinds)[number], number> = {
    '5xx': 0,
    'drop-after-commit': 0,
    '429-burst': 0,
  };
  /** Tokens die this many seconds after issue (token-expiry fault), whatever expires_in says. */
  readonly tokenLifetimeSeconds: number | undefined;

  constructor(
    specs: readonly FaultSpec[],
    private readonly random: Random,
  ) {
    let lifetime: number | undefined;
    for (const s of specs) {
      if (s.kind === 'token-expiry') lifetime = s.seconds;
      else this.rates[s.kind] = s.rate;
    }
    this.tokenLifetimeSeconds = lifetime;
  }

  /** Always draws three numbers, so decisions do not depend on which faults are on. */
  decide(isWrite: boolean): FaultDecision {
    const a = this.random();
    const b = this.random();
    const c = this.random();
    return {
      unavailable: a < this.rates['5xx'],
      burst429: b < this.rates['429-burst'],
      dropAfterCommit: isWrite && c < this.rates['drop-after-commit'],
    };
  }
}
