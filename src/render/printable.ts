/**
 * THE escaping of what the text and markdown views print from manifests and from the live tenant
 * (names, values, messages). A hostile or broken tenant can hold names with ESC sequences (they
 * drive the reviewer's terminal: colours, cursor moves, a line that hides the one before), NUL,
 * newlines (a forged plan line) or bidi overrides (text that reads differently than it is); each
 * such character is printed as `<U+001B>`, the way the manifest checks name it (manifest/names.ts).
 */
import type { Diagnostic } from '../model/diagnostics.js';
import { codePoint } from '../model/name-characters.js';
import { plainKeyed } from '../model/data.js';

/**
 * Control characters, unpaired surrogates, line and paragraph separators, bidi embeddings,
 * overrides and isolates, and the invisible spaces. Zero-width joiners stay: emoji and several
 * scripts need them, and they move nothing.
 */
const UNSAFE = /[\p{Cc}\p{Cs}\u2028\u2029\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/gu;
const HAS_UNSAFE = new RegExp(UNSAFE.source, 'u');

/** `<U+001B>`, `<U+202E RIGHT-TO-LEFT OVERRIDE>` for one character, as the name checks spell it. */
function spelled(ch: string): string {
  return `<${codePoint(ch)}>`;
}

/** A string with every unsafe character spelled out. */
export function printable(s: string): string {
  return HAS_UNSAFE.test(s) ? s.replace(UNSAFE, spelled) : s;
}

/**
 * A copy of a value (a Plan, a diagnostic) with every string in it, keys included, made printable;
 * the value itself when nothing needed escaping (the common case costs no copy). Plans are
 * bounded in depth (saved files by plan-file.ts, fresh plans by the manifests' and the
 * tenant's shapes), so the recursion is too.
 */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const p = printableDeep(v);
      if (p !== v) changed = true;
      return p;
    });
    return (changed ? out : value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = printable(k);
      const p = printableDeep(v);
      if (p !== v || key !== k) changed = true;
      plainKeyed(out, key, p);
    }
    return (changed ? out : value) as T;
  }
  return value;
}

/** A diagnostic with its message printable; its detail keeps its line breaks, each line printable. */
export function printableDiagnostic(d: Diagnostic): Diagnostic {
  const message = printable(d.message);
  const detail = d.detail === undefined ? undefined : d.detail.split('\n').map(printable).join('\n');
  if (message === d.message && detail === d.detail) return d;
  return { ...d, message, ...(detail !== undefined ? { detail } : {}) };
}
