/** Expands one Blueprint document, and checks a guide's table against the spec it produced. */
import { loadCatalog } from '../../src/manifest/catalog.js';
import type { DesiredObject } from '../../src/model/desired.js';
import { synthesizeDesiredState } from '../../constructs/index.js';
import { doc, env } from '../constructs/helpers.js';
import { at, type GuideRow } from './guides.js';

export const { catalog } = loadCatalog();
export type { GuideRow } from './guides.js';

export function expand(use: string, options: Record<string, unknown> = {}, name = use) {
  return synthesizeDesiredState(env(), [doc('Blueprint', name, { use, with: options }, 1)], catalog);
}

export function only(objects: DesiredObject[], kind: DesiredObject['kind']): DesiredObject[] {
  return objects.filter((o) => o.kind === kind);
}

/**
 * Asserts each row's friendly value against the agent spec, that each `permissions.*` row names a
 * catalog permission whose claim is the row's code, and that the spec sets no permission the table lacks.
 */
export function checkRows(spec: Record<string, unknown>, rows: GuideRow[]): void {
  for (const [label, guideValue, path, value, wire] of rows) {
    const ctx = `${label} = ${guideValue}`;
    if (path.startsWith('permissions.')) {
      const def = catalog.permissions[path.slice('permissions.'.length)];
      if (!def) throw new Error(`no catalog permission for ${ctx}`);
      const target = 'claim' in wire ? { claim: wire.claim } : { field: wire.field };
      if (JSON.stringify(def.target) !== JSON.stringify(target)) throw new Error(`${ctx}: catalog ${path} targets ${JSON.stringify(def.target)}, the row ${JSON.stringify(target)}`);
    }
    if (path.startsWith('access.') && 'claim' in wire && path !== 'access.canCreateTicketTypes') {
      const flag = Object.values(catalog.permissions).find((d) => d.restriction?.access === path.slice('access.'.length));
      if (!flag || !('claim' in flag.target) || flag.target.claim !== wire.claim) throw new Error(`${ctx}: the catalog flag of ${path} is not claim ${wire.claim}`);
    }
    if (JSON.stringify(at(spec, path)) !== JSON.stringify(value)) throw new Error(`${ctx}: expected ${path} = ${JSON.stringify(value)}, got ${JSON.stringify(at(spec, path))}`);
  }
  const expectedPermissions = rows.filter(([, , p]) => p.startsWith('permissions.')).map(([, , p]) => p.slice(12)).sort();
  const actual = Object.keys((spec.permissions as Record<string, unknown>) ?? {}).sort();
  if (JSON.stringify(actual) !== JSON.stringify(expectedPermissions)) throw new Error(`permissions differ: ${JSON.stringify(actual)} vs ${JSON.stringify(expectedPermissions)}`);
}
