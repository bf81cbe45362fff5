/**
 * Bounds on what the manifest reader accepts (issue 9 §5): manifests come from pull requests, so a
 * hostile or accidental input (an alias bomb, a 50 MB file, 750,000 documents, 20,000 nested
 * brackets) must be refused with one positioned error instead of hanging or overflowing the stack.
 * The defaults are far above any real environment; only the file size has a CLI flag.
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
  /** Values produced by alias expansion per document. */
  maxAliasValues: number;
}

/** The default limits. */
export const DEFAULT_LIMITS: Readonly<ManifestLimits> = {
  maxFileSize: 10 * 1024 * 1024,
  maxDocumentsPerFile: 10_000,
  maxDocuments: 100_000,
  maxDepth: 64,
  maxAliasCount: 100,
  maxAliasValues: 100_000,
};

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
