/**
 * Generated application secrets (design.md §3 "Secrets"): halo-iac creates each secret itself,
 * keeps it in a pending record (secret/pending.ts) from before Halo gets it until it is
 * delivered to `secret.sink` (constructs/secret/sink.ts says what a sink is; secret/deliver.ts delivers), and never logs it.
 * This module is the folder's front door.
 */
import { randomUUID } from 'node:crypto';
import { SecretRedactor } from '../halo/redact.js';

export { commandArgv, describeSink, NO_SINK, parseSink, pendingPath, PENDING_DIR, SINK_PATTERN, sinkPath, type SecretSinkSpec, type SinkTarget } from '../../constructs/secret/sink.js';
export { envFileText, envKeyProblems, envKeys, keyPrefix, LOGIN_KEYS, type SinkKeys } from '../../constructs/secret/env-keys.js';
export { deliverSecret, type Delivery } from './secret/deliver.js';
export { ensurePrivateDir, removeStrayTemps, writeAtomic } from './secret/files.js';
export {
  findPendingRecords, findStrandedRecords, foreignRecord, parsePendingRecord, pendingFileOf, pendingNotices, removePendingRecord, writePendingRecord,
  type FoundPending, type PendingNotice, type PendingRecord,
} from './secret/pending.js';
export { tokenChecker, type SecretVerdict, type SecretVerifier } from './secret/token-check.js';

/** A new client secret in Halo's format: two GUIDs joined by `-` (73 characters), crypto-random. */
export function generateSecret(): string {
  return `${randomUUID()}-${randomUUID()}`;
}

/**
 * Masks every known secret in a message (Halo may echo a rejected body back; undici or a sink
 * command may quote it), plus the generic credential patterns of the client's redactor.
 */
export function scrubSecrets(message: string, secrets: Iterable<string>): string {
  const redactor = new SecretRedactor();
  for (const s of secrets) redactor.add(s);
  return redactor.redact(message);
}
