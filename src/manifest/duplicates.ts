/**
 * Identity is the natural key (kind + case-insensitive trimmed name, design.md §3), so two
 * documents with the same key are a load-time error naming both positions. A singleton kind
 * (its declaration says so: Settings) allows one document whatever its name.
 */
import { declarationOf } from '../../constructs/registry.js';
import { error, type Diagnostic, type SourcePosition } from '../model/diagnostics.js';
import type { ManifestDocument } from '../model/desired.js';
import { naturalKey } from '../model/kinds.js';

function where(p: SourcePosition): string {
  return `${p.file}:${p.line}:${p.column}`;
}

/**
 * Errors for repeated objects and for a second object of a singleton kind (reported at the later
 * one), and the documents without the repeats (so later checks do not report them again).
 */
export function withoutDuplicates(docs: readonly ManifestDocument[]): { documents: ManifestDocument[]; diagnostics: Diagnostic[] } {
  const out: Diagnostic[] = [];
  const documents: ManifestDocument[] = [];
  const seen = new Map<string, ManifestDocument>();
  const singletons = new Map<string, ManifestDocument>();
  for (const d of docs) {
    const address = `${d.kind.toLowerCase()}/${d.name}`;
    if (d.kind !== 'Blueprint' && declarationOf(d.kind).singleton) {
      const first = singletons.get(d.kind);
      if (first) {
        out.push(error(`a second ${d.kind} object '${d.name}': ${d.kind} is a singleton, already declared at ${where(first.source)}`, d.source, address));
        continue;
      }
      singletons.set(d.kind, d);
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
