/**
 * Which live objects `export` writes (`--kinds`, `--names`). Names compare as natural keys (the
 * matcher every plan uses: trimmed, case-insensitive); a pattern may hold `*` for any run of
 * characters. Globs over names, not paths: a name may contain `/`, so path-glob libraries
 * (picomatch, minimatch), which never let `*` cross a `/`, would not match it.
 */
import { naturalKey, type KindName } from '../model/kinds.js';

/** What `export` writes: kinds (absent: all) and name patterns (absent: every name). */
export interface ExportSelection {
  kinds?: readonly KindName[];
  names?: readonly string[];
}

function escaped(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** One pattern as a test on names: `*` matches any run of characters, the rest literally, as natural keys. */
export function namePattern(pattern: string): (name: string) => boolean {
  const key = naturalKey(pattern);
  if (!key.includes('*')) return (name) => naturalKey(name) === key;
  const re = new RegExp(`^${key.split('*').map(escaped).join('.*')}$`, 's');
  return (name) => re.test(naturalKey(name));
}

/** Whether the selection names this kind (absent kinds: every kind). */
export function selectsKind(selection: ExportSelection, kind: KindName): boolean {
  return selection.kinds === undefined || selection.kinds.includes(kind);
}

/** A test on (kind, name) for the selection; built once (the patterns compile once). */
export function selector(selection: ExportSelection): (kind: KindName, name: string) => boolean {
  const tests = selection.names?.map(namePattern);
  return (kind, name) => selectsKind(selection, kind) && (tests === undefined || tests.some((t) => t(name)));
}
