/**
 * Identity is the natural key (kind + case-insensitive trimmed name, design.md §3), so two
 * documents with the same key are a load-time error naming both positions. Settings is a
 * singleton whatever its name.
 */
import { error, type Diagnostic, type SourcePosition } from '../model/diagnostics.js';
import type { ManifestDocument } from '../model/desired.js';
import { naturalKey } from '../model/kinds.js';

function where(p: SourcePosition): string {
  return `${p.file}:${p.line}:${p.column}`;
}

/**
 * Errors for repeated objects and for a second Settings object (reported at the later one), and
 * the documents without the repeats (so later checks do not report them again).
 */
export function withoutDuplicates(docs: readonly ManifestDocument[]): { documents: ManifestDocument[]; diagnostics: Diagnostic[] } {
  const out: Diagnostic[] = [];
  const documents: ManifestDocument[] = [];
  const seen = new Map<string, ManifestDocument>();
  let settings: ManifestDocument | undefined;
  for (const d of docs) {
    const address = `${d.kind.toLowerCase()}/${d.name}`;
    if (d.kind === 'Settings') {
      if (settings) {
        out.push(error(`a second Settings object '${d.name}': Settings is a singleton, already declared at ${where(settings.source)}`, d.source, address));
        continue;
      }
      settings = d;
    }
    const key = `${d.kind}\u0000${naturalKey(d.name)}`;
    const first = seen.get(key);
    if (first) {
      out.push(error(`duplicate ${d.kind} '${d.name}': already declared at ${where(first.source)}`, d.source, address));
    } else {
      seen.set(key, d);
      documents.push(d);
    }
  }
  return { documents, diagnostics: out };
}
