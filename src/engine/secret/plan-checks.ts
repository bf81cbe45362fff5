/**
 * The secret parts of plan() (pure, like plan): pending records become `pending_secrets` entries
 * (or refusals when they belong elsewhere or cannot be read), so do live applications carrying
 * the "undelivered" mark whose record is not on this machine, and an application that halo-iac
 * would create with nowhere to keep its secret is a warning, or a refusal under
 * `policy.requireSecretSink`.
 */
import { dirname } from 'node:path';
import type { DesiredObject, DesiredState } from '../../model/desired.js';
import type { HaloRecord } from '../../halo/types.js';
import { handlerFor } from '../../kinds/index.js';
import { error, warning, type Diagnostic } from '../../model/diagnostics.js';
import type { PendingSecret, ResourceChange } from '../../model/plan.js';
import { foreignRecord, pendingFileOf, type PendingNotice } from './pending.js';

/**
 * The plan's pending_secrets and the refusals among the notices. `liveRaw` gives a declared
 * object's live record (for the undelivered mark).
 */
export function pendingSecretEntries(
  state: DesiredState,
  notices: readonly PendingNotice[],
  liveRaw: (obj: DesiredObject) => HaloRecord | undefined,
): { entries: PendingSecret[]; errors: Diagnostic[] } {
  const entries: PendingSecret[] = [];
  const errors: Diagnostic[] = [];
  for (const n of notices) {
    if (n.stranded) {
      errors.push(strandedError(n));
      continue;
    }
    const obj = state.objects.find((o) => o.address === n.address);
    const source = obj?.fieldSources['secret.sink'] ?? obj?.source;
    if (n.problem !== undefined) {
      errors.push(error(`${n.address}: ${n.file} is not a readable pending record (${n.problem}); it may hold a secret Halo has: move it away, then plan again`, source, n.address));
      continue;
    }
    const foreign = foreignRecord(n, state.environment);
    if (foreign) {
      errors.push(error(`${n.address}: the pending secret in ${n.file} ${foreign}; apply that environment to finish it, or remove the file if that secret is not needed`, source, n.address));
      continue;
    }
    entries.push({ address: n.address, file: n.file, ...(n.createdAt ? { created_at: n.createdAt } : {}), client_id_known: n.clientIdKnown, ...(source ? { source } : {}) });
  }
  const here = new Set(notices.filter((n) => !n.stranded).map((n) => n.address));
  const envDir = dirname(state.environment.file);
  for (const obj of state.objects) {
    const raw = here.has(obj.address) ? undefined : liveRaw(obj);
    const at = raw ? handlerFor(obj.kind).secret?.undelivered(raw, state.catalog) : undefined;
    const file = at ? pendingFileOf(obj, envDir) : undefined;
    if (!at || !file) continue;
    const source = obj.fieldSources['secret.sink'] ?? obj.source;
    entries.push({ address: obj.address, file, created_at: at, client_id_known: true, record_missing: true, ...(source ? { source } : {}) });
  }
  return { entries, errors };
}

/**
 * A record no declared application's sink will deliver: the secret in it may be the only copy of
 * an application's client secret, so the run refuses (never exit 0) and says both ways out
 * (README "Pending secrets"). Positioned at the record file itself.
 */
function strandedError(n: PendingNotice): Diagnostic {
  const name = n.address.slice(n.address.indexOf('/') + 1);
  const why = n.problem !== undefined ? ` (and it is not a readable record: ${n.problem})` : '';
  return error(
    `${n.address}: a pending secret no declared application will deliver${why}: ${name} is not in the manifests, is absent, or has secret.sink none, so this may be the only copy of its client secret. ` +
      `Declare the application again with a sink and run halo-iac apply to deliver it; or save its clientSecret where it is needed, then delete ${n.file}`,
    { file: n.file, line: 1, column: 1 },
    n.address,
  );
}

/** An application created without a `secret` block: its secret would go nowhere. */
export function missingSink(obj: DesiredObject, change: ResourceChange, state: DesiredState): { error?: Diagnostic; warning?: Diagnostic } {
  const handling = handlerFor(obj.kind).secret;
  if (!handling || !change.change.actions.includes('create') || handling.sink(obj.spec) !== undefined) return {};
  const required = state.environment.policy.requireSecretSink === true;
  const message =
    `${obj.address}: its client secret would be kept nowhere (Halo shows a secret only when it is made, and halo-iac is not told where to put it). ` +
    'Add secret: { sink: "command:..." } (a CI secret store), "env-file:PATH" or "file:PATH"; or secret: { sink: none } to create it without one on purpose' +
    (required ? ' (policy.requireSecretSink)' : '');
  return required ? { error: error(message, obj.source, obj.address) } : { warning: warning(message, obj.source, obj.address) };
}
