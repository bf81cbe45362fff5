/**
 * The one error type of the Halo client. Everything that goes wrong talking to Halo (HTTP
 * status, network failure, rejected credentials, an unexpected response shape) is a
 * HaloApiError; its message, String() and JSON never carry a token or a secret, because every
 * text is passed through the client's redactor before it is constructed.
 */

/**
 * - `http`: Halo answered with a non-2xx status (see `status`).
 * - `network`: no usable answer (reset, socket closed, timeout); `status` is 0.
 * - `auth`: the token endpoint refused us, or discovery failed fatally.
 * - `protocol`: a 2xx answer whose shape is not Halo's (response-shapes.ts); its message is
 *   `METHOD /path: what was wrong`.
 */
export type HaloErrorKind = 'http' | 'network' | 'auth' | 'protocol';

/** Constructor fields of a HaloApiError; all text must already be redacted. */
export interface HaloApiErrorInit {
  kind: HaloErrorKind;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  method: string;
  /** Path without query string, e.g. `/api/Agent/12`, or the token URL for auth errors. */
  path: string;
  /** The message Halo sent (parsed from any body shape), or a description of the failure. */
  haloMessage: string;
  /** `<kind>/<name>` of the manifest object concerned, when known. */
  address?: string;
  /**
   * True when a write (POST/DELETE) failed without an answer: the server may have committed it
   * (drop-after-commit), so the caller must re-read by natural key before trying again.
   */
  writeMayHaveApplied?: boolean;
  /** True when repeating the request later may succeed (429, 5xx, network). */
  retryable?: boolean;
  /** Attempts made, including retries. */
  attempts?: number;
  /** Override for the generated message (auth failures read better phrased by hand). */
  message?: string;
}

function defaultMessage(init: HaloApiErrorInit): string {
  const where = `${init.method} ${init.path}`;
  const what =
    init.kind === 'network'
      ? `no response from Halo (${init.haloMessage})`
      : init.kind === 'protocol'
        ? init.haloMessage
        : `Halo answered ${init.status}: ${init.haloMessage}`;
  return `${where}: ${what}`;
}

/** A failed exchange with Halo, as one typed value (design.md §5). */
export class HaloApiError extends Error {
  readonly kind: HaloErrorKind;
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly haloMessage: string;
  readonly address?: string;
  readonly writeMayHaveApplied: boolean;
  readonly retryable: boolean;
  readonly attempts: number;

  constructor(init: HaloApiErrorInit) {
    const base = init.message ?? defaultMessage(init);
    super(init.address !== undefined ? `${init.address}: ${base}` : base);
    this.name = 'HaloApiError';
    this.kind = init.kind;
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.haloMessage = init.haloMessage;
    this.address = init.address;
    this.writeMayHaveApplied = init.writeMayHaveApplied ?? false;
    this.retryable = init.retryable ?? false;
    this.attempts = init.attempts ?? 1;
  }

  /** A copy naming the manifest object concerned (the engine knows it, the client does not). */
  withAddress(address: string): HaloApiError {
    return new HaloApiError({ ...this.init(), address });
  }

  /** Plain data for JSON output; the stack is left out on purpose. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...this.init() };
  }

  private init(): HaloApiErrorInit {
    return {
      kind: this.kind,
      status: this.status,
      method: this.method,
      path: this.path,
      haloMessage: this.haloMessage,
      address: this.address,
      writeMayHaveApplied: this.writeMayHaveApplied,
      retryable: this.retryable,
      attempts: this.attempts,
      message: this.address !== undefined ? this.message.slice(this.address.length + 2) : this.message,
    };
  }
}

/** Narrowing helper for callers that catch unknown values. */
export function isHaloApiError(e: unknown): e is HaloApiError {
  return e instanceof HaloApiError;
}
