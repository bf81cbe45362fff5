/**
 * Secret redaction for everything the client lets out (errors, events). The client registers the
 * client secret and every token it receives; any text leaving src/halo passes through `redact`.
 */
import { maskValues } from '../model/mask.js';

const MASK = '[redacted]';

/** Shortest string treated as a secret: masking 1-3 characters would shred ordinary text. */
const MIN_SECRET_LENGTH = 4;

/** Generic patterns masked even when the exact value is unknown (e.g. a token echoed by a proxy). */
const GENERIC_PATTERNS: readonly RegExp[] = [
  /(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi,
  // client_secret=... (form), "clientSecret":"..." (JSON, possibly escaped inside another string).
  /((?:client_?secret|access_token|refresh_token|id_token)\\?["']?\s*[=:]\s*\\?["']?)[^\s"'&,}\\]+/gi,
  /(Authorization["']?\s*[=:]\s*["']?)[^"'\n,}]+/gi,
];

/** Remembers known secret strings and masks them (and generic credential patterns) in text. */
export class SecretRedactor {
  private readonly secrets = new Set<string>();

  /** Registers a value that must never appear in output. */
  add(secret: string | undefined): void {
    if (secret !== undefined && secret.length >= MIN_SECRET_LENGTH) this.secrets.add(secret);
  }

  /** Masks every known secret and every generic credential pattern in `text`. */
  redact(text: string): string {
    let out = maskValues(text, this.secrets, MASK);
    for (const p of GENERIC_PATTERNS) out = out.replace(p, `$1${MASK}`);
    return out;
  }
}
