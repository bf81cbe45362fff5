/**
 * The request log: one entry per request, kept in memory (`requests`) and optionally appended to a
 * JSONL file (`--log`). Secrets are masked before an entry exists, so neither copy ever holds one.
 */
import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { UserError } from '../model/diagnostics.js';
import { kinds } from './kinds/index.js';

function openLogFile(path: string): number {
  try {
    return openSync(path, 'a', 0o600);
  } catch (e) {
    throw new UserError(`--log ${path}: cannot open for writing (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** One logged request, as written to the --log file. Bodies are parsed JSON (or form fields). */
export interface SimLogEntry {
  ts: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** 0 when the connection was dropped without a response (drop-after-commit fault). */
  status: number;
  request: unknown;
  response: unknown;
  /** Set when a fault was injected: '5xx', '429-burst', 'drop-after-commit', 'rate-limit'. */
  fault?: string;
}

/**
 * Keys whose values never reach a log (compared lower-case): the token endpoint's, credentials of
 * kinds the simulator does not model, and every field a served kind never echoes (KindDef.neverEchoed).
 */
const secretKeys = new Set([
  ...kinds.flatMap((k) => k.neverEchoed ?? []).map((f) => f.toLowerCase()),
  'client_secret',
  'access_token',
  'refresh_token',
  'id_token',
  'authorization',
  'new_access_token',
  'new_refresh_token',
  'kashflowpassword',
  'orion_password',
  'new_orion_password',
]);

/** Deep copy of `value` with every secret-bearing field replaced by "***". */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = secretKeys.has(k.toLowerCase()) && v !== null && v !== undefined && v !== '' ? '***' : maskSecrets(v);
  }
  return out;
}

/** Collects log entries in memory and appends them to a JSONL file when one is configured. */
export class RequestLog {
  readonly entries: SimLogEntry[] = [];
  private readonly stream: WriteStream | undefined;

  constructor(path?: string) {
    // Opened synchronously so a bad --log path fails at start (one error line), not mid-run.
    this.stream = path ? createWriteStream('', { fd: openLogFile(path) }) : undefined;
    this.stream?.on('error', (e) => process.stderr.write(`halo-iac sim: cannot write the request log ${path}: ${e.message}\n`));
  }

  /** Masks and records one entry. */
  add(entry: SimLogEntry): void {
    const masked: SimLogEntry = {
      ...entry,
      query: maskSecrets(entry.query) as Record<string, string>,
      request: maskSecrets(entry.request),
      response: maskSecrets(entry.response),
    };
    this.entries.push(masked);
    this.stream?.write(JSON.stringify(masked) + '\n');
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    const stream = this.stream;
    if (!stream) return Promise.resolve();
    return new Promise((resolve) => stream.end(resolve));
  }
}
