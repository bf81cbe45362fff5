/**
 * Delivering a secret Halo has stored to its sink: a file (JSON or KEY=VALUE lines), an env-file
 * (merged), or a command (the CI's secret store). Delivery is repeatable: the next apply delivers
 * a pending record again after a crash between delivery and removing the record.
 */
import { runCommandSink } from './command.js';
import { envFileText, envKeys, type SinkKeys } from '../../../constructs/secret/env-keys.js';
import { readIfExists, writeAtomic } from './files.js';
import type { SinkTarget } from '../../../constructs/secret/sink.js';

/** What is delivered, and for whom. */
export interface Delivery {
  application: string;
  clientId: string;
  secret: string;
  keys?: SinkKeys;
  /** The environment file's folder (a command runs there). */
  envDir: string;
  /** A command sink's environment, login secret and the other known secrets (command.ts). */
  command?: { env?: NodeJS.ProcessEnv; loginSecret?: string; known?: readonly string[] };
}

/** What delivery wants the user to know (never a secret). */
export interface Delivered {
  notes: string[];
}

/** The full new text of a file sink (an env-file keeps its other lines). */
async function fileText(target: Extract<SinkTarget, { scheme: 'file' | 'env-file' }>, d: Delivery): Promise<{ text: string; notes: string[] }> {
  if (target.scheme === 'file' && target.format === 'json') {
    return { text: `${JSON.stringify({ clientId: d.clientId, clientSecret: d.secret }, null, 2)}\n`, notes: [] };
  }
  const existing = target.scheme === 'env-file' ? ((await readIfExists(target.path)) ?? '') : '';
  const names = envKeys(d.application, d.keys);
  const r = envFileText(existing, names, d.clientId, d.secret);
  const notes: string[] = [];
  if (r.migrated) notes.push(`replaced the HALO_CLIENT_ID / HALO_CLIENT_SECRET lines an earlier halo-iac wrote to ${target.path} with ${names.clientId} / ${names.clientSecret}`);
  if (r.foreignLogin) {
    notes.push(
      `${target.path} also holds HALO_CLIENT_ID / HALO_CLIENT_SECRET lines that are not this application's (left as they are): sourcing the file sets halo-iac's own login`,
    );
  }
  return { text: r.text, notes };
}

/** Delivers the secret to `target`; rejects with a reason (no secret in it) when it could not. */
export async function deliverSecret(target: SinkTarget, d: Delivery): Promise<Delivered> {
  if (target.scheme === 'none') return { notes: [] };
  if (target.scheme === 'command') {
    await runCommandSink(target, { application: d.application, clientId: d.clientId, secret: d.secret, cwd: d.envDir, ...d.command });
    return { notes: [] };
  }
  const { text, notes } = await fileText(target, d);
  await writeAtomic(target.path, text);
  return { notes };
}
