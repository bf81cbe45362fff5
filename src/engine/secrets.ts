/**
 * Generated application secrets and their sinks (design.md §3 "Secrets"). A secret is created
 * here, sent once, and written only to `secret.sink`: `file:PATH` (JSON when PATH ends in .json,
 * else KEY=VALUE lines) or `env-file:PATH` (HALO_CLIENT_ID / HALO_CLIENT_SECRET lines, other lines
 * kept). Files are written 0600 and atomically (temp file + rename). Never logged, never in errors.
 *
 * A secret is on disk BEFORE Halo gets it: apply writes `<sink>.pending` first, renames it into
 * place once the POST is known to have committed, and deletes it only when Halo definitively
 * refused the request. So a crash or a lost response never leaves Halo holding a secret nobody has.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { SecretRedactor } from '../halo/redact.js';

/** A new client secret in Halo's format: two GUIDs joined by `-` (73 characters), crypto-random. */
export function generateSecret(): string {
  return `${randomUUID()}-${randomUUID()}`;
}

/** `file:PATH` or `env-file:PATH`: the only sinks there are (validate checks manifests against it too). */
export const SINK_PATTERN = /^(file|env-file):(.+)$/;

/** The file a sink writes to, resolved against the environment directory. */
export function sinkPath(sink: string, envDir: string): { scheme: 'file' | 'env-file'; path: string } {
  const m = SINK_PATTERN.exec(sink.trim());
  if (!m) throw new Error(`unsupported secret sink "${sink}": use file:PATH or env-file:PATH`);
  const p = m[2] as string;
  return { scheme: m[1] as 'file' | 'env-file', path: isAbsolute(p) ? p : resolve(envDir, p) };
}

/** Where a secret waits while the request carrying it is in flight: the sink file plus `.pending`. */
export function pendingSinkPath(sink: string, envDir: string): string {
  return `${sinkPath(sink, envDir).path}.pending`;
}

async function readIfExists(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

async function writeAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, text, { mode: 0o600, flag: 'wx' });
  await rename(tmp, path);
  await chmod(path, 0o600);
}

/** Env lines; the client id line is left out while Halo has not assigned one yet (a create). */
function envLines(existing: string, clientId: string | undefined, secret: string): string {
  const kept = existing.split('\n').filter((l) => l.trim() !== '' && !/^(export\s+)?HALO_CLIENT_(ID|SECRET)=/.test(l));
  const id = clientId === undefined ? [] : [`HALO_CLIENT_ID=${clientId}`];
  return [...kept, ...id, `HALO_CLIENT_SECRET=${secret}`, ''].join('\n');
}

/** The sink file's full new text (an env-file keeps the other lines the file has now). */
async function sinkText(sink: string, envDir: string, clientId: string | undefined, secret: string): Promise<string> {
  const { scheme, path } = sinkPath(sink, envDir);
  if (scheme === 'file' && path.endsWith('.json')) return `${JSON.stringify({ clientId: clientId ?? null, clientSecret: secret }, null, 2)}\n`;
  return envLines(scheme === 'env-file' ? await readIfExists(path) : '', clientId, secret);
}

/** Writes {client id, secret} to the sink. Errors name the sink path, never the secret. */
export async function writeSecretSink(sink: string, envDir: string, clientId: string, secret: string): Promise<string> {
  const { path } = sinkPath(sink, envDir);
  await writeAtomic(path, await sinkText(sink, envDir, clientId, secret));
  return path;
}

/**
 * Writes the secret to `<sink>.pending` (the sink's format, 0600, atomic) BEFORE it is sent.
 * `clientId` is undefined for a create (Halo assigns it); promotion adds it. Returns the path.
 */
export async function writePendingSecret(sink: string, envDir: string, clientId: string | undefined, secret: string): Promise<string> {
  const pending = pendingSinkPath(sink, envDir);
  await writeAtomic(pending, await sinkText(sink, envDir, clientId, secret));
  return pending;
}

/**
 * Halo committed the secret: the pending file (rewritten with the client id Halo returned) is
 * renamed into place. On failure the pending file is left where it is, with the secret.
 */
export async function promotePendingSecret(sink: string, envDir: string, clientId: string, secret: string): Promise<string> {
  const { path } = sinkPath(sink, envDir);
  const pending = pendingSinkPath(sink, envDir);
  await writeAtomic(pending, await sinkText(sink, envDir, clientId, secret));
  await rename(pending, path);
  await chmod(path, 0o600);
  return path;
}

/** Halo definitively refused the request: nobody needs the secret, the pending file goes. */
export async function discardPendingSecret(sink: string, envDir: string): Promise<void> {
  await rm(pendingSinkPath(sink, envDir), { force: true });
}

/**
 * Masks every known secret in a message (Halo may echo a rejected body back; undici may quote
 * it), plus the generic credential patterns of the client's redactor (`clientSecret":"...`).
 */
export function scrubSecrets(message: string, secrets: Iterable<string>): string {
  const redactor = new SecretRedactor();
  for (const s of secrets) redactor.add(s);
  return redactor.redact(message);
}
