/**
 * What a `secret.sink` says (design.md §3 "Secrets", issue 10 §1): where a generated application
 * secret is delivered. One parser for validate, plan and apply:
 * - `file:PATH`: JSON `{clientId, clientSecret}` when PATH ends in .json, else KEY=VALUE lines;
 * - `env-file:PATH`: KEY=VALUE lines merged into the file (other lines kept);
 * - `command:CMD`: CMD is run with the secret on stdin (no shell unless `secret.shell: true`);
 * - `none`: the secret is kept nowhere, on purpose.
 * Paths are relative to the environment file.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, join, resolve } from 'node:path';
import shellQuote from 'shell-quote';
import type { SinkKeys } from './env-keys.js';

/** `file:PATH`, `env-file:PATH`, `command:CMD` or `none`: the only sinks there are (validate checks manifests against it). */
export const SINK_PATTERN = /^(?:(file|env-file|command):(.+)|none)$/s;

/** The sink fields of an application's `secret` block. */
export interface SinkSpec {
  sink: string;
  /** `command:` only: run CMD through the system shell (pipes, `$VAR`, `&&`). */
  shell?: boolean;
}

/** An application's whole `secret` block minus the rotate counter. */
export interface SecretSinkSpec extends SinkSpec {
  /** KEY=VALUE sinks: names of the client id and secret lines (default: from the application's name). */
  keys?: SinkKeys;
}

/** A parsed sink. */
export type SinkTarget =
  | { scheme: 'file'; path: string; format: 'json' | 'env' }
  | { scheme: 'env-file'; path: string }
  | { scheme: 'command'; command: string; shell: boolean; argv: string[] }
  | { scheme: 'none' };

/** The sink value that keeps the secret nowhere, on purpose. */
export const NO_SINK = 'none';

/** Folder (next to environment.yaml) holding the pending records of sinks that are not files. */
export const PENDING_DIR = '.halo-iac/pending';

/** A token the shell would interpret: an operator, a glob, a `$VAR` or a comment. */
function shellSyntax(token: unknown): string | undefined {
  if (typeof token === 'string') return undefined;
  const t = token as { op?: string; pattern?: string; name?: string; comment?: string };
  if (t.op === 'glob') return `the glob ${t.pattern ?? ''}`;
  if (t.op === 'var') return t.name ? `the variable $${t.name}` : 'a $(...) substitution';
  if (t.comment !== undefined) return 'a # comment';
  return `the operator ${t.op ?? '?'}`;
}

/**
 * The argument vector of a command run without a shell (split as a shell would, quotes honoured).
 * Throws when the command needs a shell to mean what it says, naming what and the fix.
 */
export function commandArgv(command: string): string[] {
  const tokens = shellQuote.parse(command, (name: string) => ({ op: 'var', name }));
  const argv: string[] = [];
  for (const t of tokens) {
    const syntax = shellSyntax(t);
    if (syntax) throw new Error(`the command uses ${syntax}, which only a shell understands: set secret.shell: true, or quote it`);
    argv.push(t as string);
  }
  if (argv.length === 0) throw new Error('the command is empty');
  return argv;
}

/** Parses a sink; throws a message naming the problem (never a secret: sinks hold none). */
export function parseSink(spec: SinkSpec, envDir: string): SinkTarget {
  const text = spec.sink.trim();
  if (text === NO_SINK) {
    if (spec.shell !== undefined) throw new Error('secret.shell applies to command: sinks only');
    return { scheme: 'none' };
  }
  const m = SINK_PATTERN.exec(text);
  if (!m || m[1] === undefined) throw new Error(`unsupported secret sink "${spec.sink}": use file:PATH, env-file:PATH, command:CMD or none`);
  const scheme = m[1] as 'file' | 'env-file' | 'command';
  const rest = (m[2] as string).trim();
  if (scheme === 'command') {
    const shell = spec.shell === true;
    return { scheme, command: rest, shell, argv: shell ? [] : commandArgv(rest) };
  }
  if (spec.shell !== undefined) throw new Error('secret.shell applies to command: sinks only');
  const path = isAbsolute(rest) ? rest : resolve(envDir, rest);
  return scheme === 'file' ? { scheme, path, format: path.endsWith('.json') ? 'json' : 'env' } : { scheme, path };
}

/** The file a file-based sink writes to, resolved against the environment directory (throws for other sinks). */
export function sinkPath(sink: string, envDir: string): { scheme: 'file' | 'env-file'; path: string } {
  const t = parseSink({ sink }, envDir);
  if (t.scheme !== 'file' && t.scheme !== 'env-file') throw new Error(`secret sink "${sink}" is not a file`);
  return { scheme: t.scheme, path: t.path };
}

/** A file name for an application's pending record when its sink is not a file: readable and unique per name. */
function pendingFileName(application: string): string {
  const key = application.normalize('NFC').trim().toLowerCase();
  const slug = key.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'application';
  return `${slug}-${createHash('sha256').update(key).digest('hex').slice(0, 8)}.pending`;
}

/**
 * Where a secret waits until it is delivered: `<sink file>.pending` for file sinks, else
 * `.halo-iac/pending/<name>.pending` next to the environment file; undefined for `none`.
 */
export function pendingPath(target: SinkTarget, application: string, envDir: string): string | undefined {
  if (target.scheme === 'none') return undefined;
  if (target.scheme === 'command') return join(envDir, PENDING_DIR, pendingFileName(application));
  return `${target.path}.pending`;
}

/** How to name a sink in messages: the file, or the command's program (its arguments may hold a token). */
export function describeSink(target: SinkTarget): string {
  if (target.scheme === 'none') return 'nowhere (secret.sink: none)';
  if (target.scheme === 'command') return target.shell ? 'the shell command' : `the command ${target.argv[0] ?? ''}`;
  return target.path;
}
