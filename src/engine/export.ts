/**
 * Export: live -> friendly manifests that plan as no-op. Server-only fields are never in a spec
 * (handlers' toSpec emit friendly fields only) and secrets never are (they cannot be read back).
 */
import type { Catalog } from '../model/catalog.js';
import type { KindName } from '../model/kinds.js';
import { handlerFor, kindOrder } from '../kinds/index.js';
import type { LiveId, LiveObject } from '../kinds/types.js';
import { buildContext } from './context.js';
import { selector, type ExportSelection } from './export-selection.js';
import { exportsObject, type LiveSnapshot } from './live.js';
import { LiveIndex } from './match.js';

/** One exported object. */
export interface ExportedObject {
  kind: KindName;
  name: string;
  /** Set when other live objects share the name: the manifest pins this one with `id:`. */
  id?: LiveId;
  spec: Record<string, unknown>;
}

/**
 * Live names of `kind` that several objects share (naturalKey): a manifest can declare one name
 * once, so export writes the first of each, pinned with its id, and leaves out the others.
 */
export function exportedDuplicates(live: LiveSnapshot, kind: KindName): { kept: LiveObject; left: LiveObject[] }[] {
  if (handlerFor(kind).singleton) return [];
  return new LiveIndex(kind, live.objects[kind] ?? []).duplicates().map(([kept, ...left]) => ({ kept: kept as LiveObject, left }));
}

/**
 * Every selected live object (default: every object of every kind read) as a friendly spec, sorted
 * by kind order then name.
 */
export function exportManifests(live: LiveSnapshot, catalog: Catalog, selection: ExportSelection = {}): ExportedObject[] {
  const ctx = buildContext([], catalog, live, 'plan');
  const selected = selector(selection);
  const out: ExportedObject[] = [];
  for (const kind of kindOrder()) {
    if (selection.kinds && !selection.kinds.includes(kind)) continue;
    const h = handlerFor(kind);
    const objects = [...(live.objects[kind] ?? [])].filter((o) => exportsObject(kind, o) && selected(kind, o.name));
    objects.sort((a, b) => a.name.localeCompare(b.name));
    const duplicates = exportedDuplicates(live, kind);
    const pinned = new Set(duplicates.map((d) => d.kept));
    const left = new Set(duplicates.flatMap((d) => d.left));
    // A singleton's live name is halo-iac's own (`settings`), so export writes the name plan matches it by.
    for (const o of objects) if (!left.has(o)) out.push({ kind, name: o.name, ...(pinned.has(o) ? { id: o.id } : {}), spec: h.toSpec(o, ctx) });
  }
  return out;
}
