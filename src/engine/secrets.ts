/**
 * Generated application secrets and their sinks (design.md §3 "Secrets"). A secret is created
 * here, sent once, and written only to `secret.sink`: `file:PATH` (JSON when PATH ends in .json,
 * else KEY=VALUE lines) or `env-file:PATH` (HALO_CLIENT_ID / HALO_CLIENT_SECRET lines, other lines
 * kept). Files are written 0600 and atomically (temp file + rename). Never logged, never in errors.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';

/** A new client secret in Halo's format: two GUIDs joined by `-` (73 characters), crypto-random. */
export function generateSecret(): string {
  return `${randomUUID()}-${randomUUID()}`;
}

/** The file a sink writes to, resolved against the environment directory. */
export function sinkPath(sink: string, envDir: string): { scheme: 'file' | 'env-file'; path: string } {
  const m = /^(file|env-file):(.+)$/.exec(sink.trim());
  if (!m) throw new Error(`unsupported secret sink "${sink}": use file:PATH or env-file:PATH`);
  const p = m[2] as string;
  return { scheme: m[1] as 'file' | 'env-file', path: isAbsolute(p) ? p : resolve(envDir, p) };
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

function envLines(existing: string, clientId: string, secret: string): string {
  const kept = existing.split('\n').filter((l) => l.trim() !== '' && !/^(export\s+)?HALO_CLIENT_(ID|SECRET)=/.test(l));
  return [...kept, `HALO_CLIENT_ID=${clientId}`, `HALO_CLIENT_SECRET=${secret}`, ''].join('\n');
}

/** Writes {client id, secret} to the sink. Errors name the sink path, never the secret. */
export async function writeSecretSink(sink: string, envDir: string, clientId: string, secret: string): Promise<string> {
  const { scheme, path } = sinkPath(sink, envDir);
  const text =
    scheme === 'file' && path.endsWith('.json')
      ? `${JSON.stringify({ clientId, clientSecret: secret }, null, 2)}\n`
      : envLines(scheme === 'env-file' ? await readIfExists(path) : '', clientId, secret);
  await writeAtomic(path, text);
  return path;
}

/** Replaces every known secret in a message (Halo may echo a rejected body back). */
export function scrubSecrets(message: string, secrets: Iterable<string>): string {
  let out = message;
  for (const s of secrets) out = out.split(s).join('[redacted]');
  return out;
}
