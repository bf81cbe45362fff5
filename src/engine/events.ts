/**
 * Engine events: progress for the CLI (stderr). Never carry secrets: addresses, kinds and counts,
 * plus messages already scrubbed of generated secrets.
 */
import type { KindName } from '../model/kinds.js';

/** A client-side rate budget: `requests` per rolling `windowSeconds`. */
export interface RateBudget {
  requests: number;
  windowSeconds: number;
}

/** How many objects of one kind an apply will create, update or delete. */
export interface KindWork {
  kind: KindName;
  action: 'create' | 'update' | 'delete';
  count: number;
}

/** One progress event from readLive / apply. */
export type EngineEvent =
  | { type: 'read'; kind: KindName; count: number }
  /** The lists are read; `count` detail reads follow (`budget`: the client's rate budget, for an estimate). */
  | { type: 'details-started'; count: number; budget?: RateBudget }
  | { type: 'detail'; kind: KindName; count: number }
  /** policy.unmanaged: error: the detail reads of unmanaged objects that follow, per kind (one call each). */
  | { type: 'unmanaged-details'; work: { kind: KindName; count: number }[] }
  /**
   * Writing starts: `work` per kind and action, `calls` the requests expected (the plan's
   * apply_estimate plus the verification re-read), `budget` the client's rate budget.
   */
  | { type: 'apply-started'; changes: number; work: KindWork[]; calls: number; budget?: RateBudget }
  /** One POST of `size` items; when ok, `created` of them were creates and `updated` updates. */
  | { type: 'batch'; kind: KindName; size: number; ok: boolean; created?: number; updated?: number }
  | { type: 'bisect'; kind: KindName; size: number }
  | { type: 'create-recheck'; address: string }
  | { type: 'skipped'; address: string; reason: string }
  | { type: 'failed'; address: string; message: string }
  | { type: 'delete'; kind: KindName; address: string; ok: boolean }
  | { type: 'secret-written'; address: string; sink: string }
  /** Something about a secret's delivery worth a line on stderr (an env-file migration). */
  | { type: 'secret-note'; address: string; message: string }
  /** A pending record found at the start of apply, and what became of it. */
  | { type: 'secret-pending'; address: string; outcome: 'delivering' | 'rotating' | 'superseded' | 'kept' }
  | { type: 'apply-finished'; added: number; changed: number; destroyed: number; failed: number };

/** Event callback. */
export type EngineEventSink = (e: EngineEvent) => void;
