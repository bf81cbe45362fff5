/**
 * What to do after a network failure (issue 9 §6), by its kind (transport.ts FailureCategory):
 * - a host that does not resolve fails at once, naming it and the setting to fix;
 * - a refused connection is retried briefly (under 4 s), then names the setting and the simulator;
 * - a read with no answer within the timeout is tried once more; a write never (it may have applied);
 * - an answer that is not HTTP at all fails at once (whatever listens there is not Halo);
 * - anything else (a reset, an unreachable network) follows the general retry schedule for reads,
 *   and for writes only when nothing was sent.
 */
import { formatDuration } from '../duration.js';
import { backoffDelay, refusedDelay } from './backoff.js';
import type { HaloApiErrorInit } from './errors.js';
import type { NetworkFailure } from './transport.js';
import type { RetryOptions } from './types.js';

/** Retries spent so far on one logical request, by schedule. */
export interface RetryCounts {
  /** 429, 5xx and general network retries. */
  general: number;
  refused: number;
  timeouts: number;
  /** Attempts sent, including the first. */
  attempts: number;
}

/** The facts about the request the policy needs. */
export interface FailedRequest {
  /** `METHOD /path`, the start of every message. */
  where: string;
  url: string;
  /** Whether repeating it can do no harm (reads, token requests). */
  idempotent: boolean;
  /** The setting a user fixes for this URL (`connection.url`, `connection.authUrl`). */
  setting: string;
  /** Retries allowed by the general schedule for this request. */
  maxRetries: number;
  /** The per-request timeout (for the message). */
  timeoutMs: number;
}

/** Retry after `delayMs` (counted on `schedule`), or fail with `error`. */
export type Verdict =
  | { retry: true; delayMs: number; schedule: 'general' | 'refused' | 'timeouts' }
  | { retry: false; error: Omit<HaloApiErrorInit, 'method' | 'path' | 'attempts'> };

function attemptsText(n: number): string {
  return n === 1 ? '1 attempt' : `${n} attempts`;
}

/** The verdict on `failure` for `req`, given the retries spent in `counts`. */
export function networkVerdict(failure: NetworkFailure, req: FailedRequest, counts: RetryCounts, retry: RetryOptions, random: () => number): Verdict {
  const url = new URL(req.url);
  const reason = failure.reason;
  const base = { kind: 'network' as const, status: 0, haloMessage: reason };
  switch (failure.category) {
    case 'dns':
      // A name that does not resolve now will not resolve in a second either.
      return { retry: false, error: { ...base, message: `${req.where}: cannot resolve host ${url.hostname} (${reason}): check ${req.setting}` } };
    case 'refused': {
      const allowed = req.maxRetries === 0 ? 0 : retry.refusedRetries;
      if (counts.refused < allowed) return { retry: true, delayMs: refusedDelay(counts.refused + 1, retry), schedule: 'refused' };
      const message =
        `${req.where}: cannot connect to ${url.host} (connection refused, ${attemptsText(counts.attempts)}): ` +
        `check ${req.setting}, or whether the simulator (halo-iac sim) is running`;
      return { retry: false, error: { ...base, retryable: true, message } };
    }
    case 'garbled': {
      const message = `${req.where}: the answer is not HTTP (${reason}): check ${req.setting}`;
      return { retry: false, error: { ...base, writeMayHaveApplied: !req.idempotent, message } };
    }
    case 'timeout': {
      if (req.idempotent && counts.timeouts < Math.min(req.maxRetries, retry.timeoutRetries)) {
        return { retry: true, delayMs: backoffDelay(counts.timeouts + 1, retry, random), schedule: 'timeouts' };
      }
      const message = `${req.where}: no answer from Halo within ${formatDuration(req.timeoutMs)} (connection.timeout or --timeout), ${attemptsText(counts.attempts)}`;
      return { retry: false, error: { ...base, retryable: true, writeMayHaveApplied: !req.idempotent, message } };
    }
    default: {
      if ((req.idempotent || failure.notSent) && counts.general < req.maxRetries) {
        return { retry: true, delayMs: backoffDelay(counts.general + 1, retry, random), schedule: 'general' };
      }
      return { retry: false, error: { ...base, retryable: true, writeMayHaveApplied: !req.idempotent && !failure.notSent } };
    }
  }
}
