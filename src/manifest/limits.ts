/**
 * Bounds on what the manifest reader accepts (issue 9 §5): manifests come from pull requests, so a
 * hostile or accidental input (an alias bomb, a 50 MB file, 750,000 documents, 20,000 nested
 * brackets) must be refused with one positioned error instead of hanging or overflowing the stack.
 * The defaults are far above any real environment (the 10,000-object bench environment holds
 * 175,000 values) and low enough that reading up to one takes well under a second; the file size
 * and the value count have CLI flags (`--max-file-size`, `--max-values`).
 */

/** The limits of one load. */
export interface ManifestLimits {
  /** Bytes per manifest file (`--max-file-size`). */
  maxFileSize: number;
  /** YAML documents in one file. */
  maxDocumentsPerFile: number;
  /** YAML documents in the environment file and all its includes together. */
  maxDocuments: number;
  /** Collections nested inside each other (a document's top mapping is level 1). */
  maxDepth: number;
  /** Alias expansions per document, counting those met inside expanded content (yaml's maxAliasCount idea). */
  maxAliasCount: number;
  /**
   * YAML values in one file (`--max-values`): every scalar (keys included), alias, flow `[`/`{`,
   * block `-` and explicit `?`, plus every value an alias expansion copies. Counted while reading,
   * so a file holding millions of them is refused after reading this many.
   */
  maxValuesPerFile: number;
  /** YAML values in the environment file and all its includes together (5 x the per-file limit by default). */
  maxValues: number;
}

/** The default limits. */
export const DEFAULT_LIMITS: Readonly<ManifestLimits> = {
  maxFileSize: 10 * 1024 * 1024,
  maxDocumentsPerFile: 10_000,
  maxDocuments: 100_000,
  maxDepth: 64,
  maxAliasCount: 100,
  maxValuesPerFile: 100_000,
  maxValues: 500_000,
};

/** `--max-values N`: N values per file, 5N per environment (the default ratio). */
export function valueLimits(perFile: number | undefined): Partial<ManifestLimits> {
  return perFile === undefined ? {} : { maxValuesPerFile: perFile, maxValues: perFile * 5 };
}

/** The defaults with some limits replaced. */
export function manifestLimits(overrides: Partial<ManifestLimits> = {}): ManifestLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(overrides) as [keyof ManifestLimits, number | undefined][]) if (v !== undefined) out[k] = v;
  return out;
}

const UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3 };

/**
 * `20MB`, `512 KB`, `1.5GB`, `4096`: a size in bytes (units are powers of 1024; KiB/MiB/GiB are
 * accepted too). Undefined when the text is not a size.
 */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = UNITS[(m[2] || 'B').toUpperCase()];
  if (unit === undefined) return undefined;
  const bytes = Math.floor(Number(m[1]) * unit);
  return bytes > 0 ? bytes : undefined;
}

/** `10 MB`, `2.1 KB`, `512 B`: whole units without decimals, else one decimal. */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]] as const) {
    if (bytes >= size) return bytes % size === 0 ? `${bytes / size} ${unit}` : `${(bytes / size).toFixed(1)} ${unit}`;
  }
  return `${bytes} B`;
}

/**
 * How many YAML values one file may still hold and how many it used, shared by a file's readers
 * (yaml-plain.ts counts while it reads, yaml-full.ts on yaml's lexer before parsing and while
 * expanding aliases). `refusal` is the message once `used` passes `left`.
 */
export interface ValueBudget {
  left: number;
  used: number;
  refusal: (viaAlias: boolean) => string;
}

/** The message for a limit of `n` values, in one file or the whole environment. */
export function valuesRefusal(n: number, scope: 'file' | 'environment'): (viaAlias: boolean) => string {
  const where = scope === 'file' ? 'in one file (the limit per file' : 'in this environment (the limit';
  return (viaAlias) => `more than ${n} YAML values ${where}; raise it with --max-values)${viaAlias ? ': this alias copies past it' : ''}`;
}

/** A fresh per-file budget (a file read on its own). */
export function fileValueBudget(limits: ManifestLimits): ValueBudget {
  return { left: limits.maxValuesPerFile, used: 0, refusal: valuesRefusal(limits.maxValuesPerFile, 'file') };
}
