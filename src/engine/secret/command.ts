/**
 * The `command:` sink (issue 10 §1): runs the user's command with the secret on stdin, the client
 * id in HALO_IAC_CLIENT_ID and the application's name in HALO_IAC_APPLICATION, so a CI secret
 * store (`gh secret set`, `az keyvault secret set`, `vault kv put`) gets the secret without it
 * ever being on a command line or on disk outside the pending record. No shell unless
 * `secret.shell: true`. The command's stdout is dropped (a tool may echo what it stored); its
 * stderr is kept, bounded, for the error message, scrubbed here of every secret halo-iac knows (and
 * again by the caller). The command never gets halo-iac's own login: HALO_CLIENT_SECRET and any
 * variable holding the connection's client secret are left out of its environment.
 */
import { spawn } from 'node:child_process';
import type { SinkTarget } from '../../../constructs/secret/sink.js';
import { LOGIN_KEYS } from '../../../constructs/secret/env-keys.js';
import { SecretRedactor } from '../../halo/redact.js';

/** Longest wait for a sink command before it is killed. */
export const COMMAND_TIMEOUT_MS = 120_000;
/** Most stderr kept for the error message (the tail, where tools print the reason). */
const STDERR_LIMIT = 2_000;

/** What the command is told, besides the secret on stdin. */
export interface CommandDelivery {
  application: string;
  clientId: string;
  secret: string;
  /** Working directory: the environment file's folder (relative paths in the command mean the same as in file sinks). */
  cwd: string;
  timeoutMs?: number;
  /** The environment halo-iac runs in (default process.env): the command's, without the login secret. */
  env?: NodeJS.ProcessEnv;
  /** halo-iac's own login secret (the connection's client secret), never passed to the command. */
  loginSecret?: string;
  /** Every other secret known (webhook secretFrom values...): scrubbed from the command's stderr, like the two above. */
  known?: readonly string[];
}

/** The command's environment: halo-iac's, without its login secret, plus what the command is told. */
export function commandEnv(d: Pick<CommandDelivery, 'env' | 'loginSecret' | 'clientId' | 'application'>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(d.env ?? process.env)) {
    if (k.toUpperCase() === LOGIN_KEYS[1]) continue;
    // The variable the connection's clientSecret came from, whatever its name.
    if (d.loginSecret !== undefined && d.loginSecret !== '' && v === d.loginSecret) continue;
    out[k] = v;
  }
  return { ...out, HALO_IAC_CLIENT_ID: d.clientId, HALO_IAC_APPLICATION: d.application };
}

/** `text` with every secret of the delivery masked (the command may print what it was given). */
function scrubbed(text: string, d: CommandDelivery): string {
  const redactor = new SecretRedactor();
  for (const s of [d.secret, d.loginSecret, (d.env ?? process.env)[LOGIN_KEYS[1]], ...(d.known ?? [])]) redactor.add(s);
  return redactor.redact(text);
}

function lastLines(text: string): string {
  const t = text.trim();
  const tail = t.length > STDERR_LIMIT ? `…${t.slice(-STDERR_LIMIT)}` : t;
  return tail.replace(/\s*\n\s*/g, ' | ');
}

/** Runs the command; rejects with a one-line reason (exit code or signal, and its stderr). */
export function runCommandSink(target: Extract<SinkTarget, { scheme: 'command' }>, d: CommandDelivery): Promise<void> {
  const env = commandEnv(d);
  const options = { cwd: d.cwd, env, stdio: ['pipe', 'ignore', 'pipe'] as ['pipe', 'ignore', 'pipe'] };
  const child = target.shell
    ? spawn(target.command, { ...options, shell: true })
    : spawn(target.argv[0] as string, target.argv.slice(1), { ...options, shell: false });
  const program = target.shell ? 'the shell command' : `${target.argv[0] ?? ''}`;
  return new Promise<void>((resolve, reject) => {
    let stderr = '';
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const timeoutMs = d.timeoutMs ?? COMMAND_TIMEOUT_MS;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new Error(`${program} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`));
    }, timeoutMs);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4 * STDERR_LIMIT);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      finish(new Error(e.code === 'ENOENT' ? `${program}: command not found` : `${program} could not be started (${e.code ?? e.message})`));
    });
    // A command that exits without reading stdin closes the pipe: its exit status tells the story.
    child.stdin.on('error', () => undefined);
    child.stdin.end(d.secret);
    child.on('close', (code, signal) => {
      if (code === 0) return finish();
      const how = signal ? `was stopped by ${signal}` : `exited with status ${String(code)}`;
      const said = lastLines(scrubbed(stderr, d));
      finish(new Error(`${program} ${how}${said ? `: ${said}` : ''}`));
    });
  });
}
