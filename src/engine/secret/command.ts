/**
 * The `command:` sink (issue 10 §1): runs the user's command with the secret on stdin, the client
 * id in HALO_IAC_CLIENT_ID and the application's name in HALO_IAC_APPLICATION, so a CI secret
 * store (`gh secret set`, `az keyvault secret set`, `vault kv put`) gets the secret without it
 * ever being on a command line or on disk outside the pending record. No shell unless
 * `secret.shell: true`. The command's stdout is dropped (a tool may echo what it stored); its
 * stderr is kept, bounded, for the error message, which the caller scrubs of secrets.
 */
import { spawn } from 'node:child_process';
import type { SinkTarget } from '../../../constructs/secret/sink.js';

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
}

function lastLines(text: string): string {
  const t = text.trim();
  const tail = t.length > STDERR_LIMIT ? `…${t.slice(-STDERR_LIMIT)}` : t;
  return tail.replace(/\s*\n\s*/g, ' | ');
}

/** Runs the command; rejects with a one-line reason (exit code or signal, and its stderr). */
export function runCommandSink(target: Extract<SinkTarget, { scheme: 'command' }>, d: CommandDelivery): Promise<void> {
  const env = { ...process.env, HALO_IAC_CLIENT_ID: d.clientId, HALO_IAC_APPLICATION: d.application };
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
      const said = lastLines(stderr);
      finish(new Error(`${program} ${how}${said ? `: ${said}` : ''}`));
    });
  });
}
