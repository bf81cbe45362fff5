/**
 * Export: live -> friendly manifests that plan as no-op. Server-only fields are never in a spec
 * (handlers' toSpec emit friendly fields only) and secrets never are (they cannot be read back).
 */
import type { Catalog } from '../model/catalog.js';
import type { KindName } from '../model/kinds.js';
import { handlerFor, kindOrder } from '../kinds/index.js';
import { buildContext } from './context.js';
import { selector, type ExportSelection } from './export-selection.js';
import { exportsObject, type LiveSnapshot } from './live.js';

/** One exported object. */
export interface ExportedObject {
  kind: KindName;
  name: string;
  spec: Record<string, unknown>;
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
    // A singleton's live name is halo-iac's own (`settings`), so export writes the name plan matches it by.
    for (const o of objects) out.push({ kind, name: o.name, spec: h.toSpec(o, ctx) });
  }
  return out;
}
