/**
 * Engine events: progress for the CLI (stderr). Never carry secrets: addresses, kinds and counts,
 * plus messages already scrubbed of generated secrets.
 */
import type { KindName } from '../model/kinds.js';

/** One progress event from readLive / apply. */
export type EngineEvent =
  | { type: 'read'; kind: KindName; count: number }
  | { type: 'detail'; kind: KindName; count: number }
  | { type: 'apply-started'; changes: number }
  | { type: 'batch'; kind: KindName; size: number; ok: boolean }
  | { type: 'bisect'; kind: KindName; size: number }
  | { type: 'create-recheck'; address: string }
  | { type: 'skipped'; address: string; reason: string }
  | { type: 'failed'; address: string; message: string }
  | { type: 'delete'; address: string; ok: boolean }
  | { type: 'secret-written'; address: string; sink: string }
  /** Something about a secret's delivery worth a line on stderr (an env-file migration). */
  | { type: 'secret-note'; address: string; message: string }
  /** A pending record found at the start of apply, and what became of it. */
  | { type: 'secret-pending'; address: string; outcome: 'delivering' | 'rotating' | 'superseded' | 'kept' }
  | { type: 'apply-finished'; added: number; changed: number; destroyed: number; failed: number };

/** Event callback. */
export type EngineEventSink = (e: EngineEvent) => void;
