/** Expands one Blueprint document and resolves guide labels through the catalog (data), not blueprint code. */
import { loadCatalog } from '../../src/manifest/catalog.js';
import type { DesiredObject } from '../../src/manifest/types.js';
import { synthesizeDesiredState } from '../../constructs/index.js';
import { doc, env } from '../constructs/helpers.js';

export const { catalog } = loadCatalog();

export function expand(use: string, options: Record<string, unknown> = {}, name = use) {
  return synthesizeDesiredState(env(), [doc('Blueprint', name, { use, with: options }, 1)], catalog);
}

export function only(objects: DesiredObject[], kind: DesiredObject['kind']): DesiredObject[] {
  return objects.filter((o) => o.kind === kind);
}

/** A guide row: UI label, the guide's value, and where the spec must say it (dotted path, friendly value). */
export type GuideRow = [label: string, guideValue: string, specPath: string, specValue: unknown];

/** Reads a dotted path from an object. */
export function at(spec: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), spec);
}

/** Asserts each row against the agent spec, and that catalog labels match the guide's wording. */
export function checkRows(spec: Record<string, unknown>, rows: GuideRow[]): void {
  for (const [label, guideValue, path, value] of rows) {
    const ctx = `${label} = ${guideValue}`;
    if (path.startsWith('permissions.')) {
      const def = catalog.permissions[path.slice('permissions.'.length)];
      if (!def) throw new Error(`no catalog permission for ${ctx}`);
      if (normalise(def.label) !== normalise(label)) throw new Error(`catalog label '${def.label}' does not match guide '${label}'`);
    }
    if (JSON.stringify(at(spec, path)) !== JSON.stringify(value)) throw new Error(`${ctx}: expected ${path} = ${JSON.stringify(value)}, got ${JSON.stringify(at(spec, path))}`);
  }
  const expectedPermissions = rows.filter(([, , p]) => p.startsWith('permissions.')).map(([, , p]) => p.slice(12)).sort();
  const actual = Object.keys((spec.permissions as Record<string, unknown>) ?? {}).sort();
  if (JSON.stringify(actual) !== JSON.stringify(expectedPermissions)) throw new Error(`permissions differ: ${JSON.stringify(actual)} vs ${JSON.stringify(expectedPermissions)}`);
}

/** Guide wording varies in case and apostrophes ("Tickets Ticket Type", "Re-Assign"). */
function normalise(label: string): string {
  return label.toLowerCase().replace(/['’]s\b/g, 's').replace(/\s+/g, ' ').trim();
}
