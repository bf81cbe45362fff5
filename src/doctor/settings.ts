/**
 * The Control fields the catalog's settings entries name (catalog/settings.yaml, e.g.
 * nextTicketIdMethod -> nextfaultidcalculationmethod): one check per entry, whether GET /api/Control
 * has the field and whether its value is in the entry's table.
 */
import type { Catalog, SettingDef } from '../model/catalog.js';
import { nameFor, overrideYaml, SEEN } from './overrides.js';
import type { TenantRead } from './tenant.js';
import type { CheckResult } from './types.js';
import { code, isCode, notRead, quoted } from './words.js';

/** One check per catalog settings entry. */
export function settingsChecks(catalog: Catalog, read: TenantRead): CheckResult[] {
  return Object.entries(catalog.settings).map(([key, def]) => settingCheck(key, def, read));
}

function settingCheck(key: string, def: SettingDef, read: TenantRead): CheckResult {
  const values = Object.entries(def.values ?? {});
  const table = values.map(([name, v]) => `${name} ${quoted(v.halo)}`).join(', ');
  const base = {
    id: `settings.${key}`,
    area: 'settings',
    assumption: `GET /api/Control has ${code(def.field)} ("${def.label}")${values.length > 0 ? `, valued ${table}` : ''}`,
  };
  const control = read.control;
  if (!control) return { ...base, observed: notRead('/api/Control', read.failures.settings), verdict: 'not seen' };
  if (!(def.field in control)) {
    return {
      ...base,
      observed: `${code(def.field)} is not among the ${Object.keys(control).length} fields of /api/Control`,
      verdict: 'disagrees',
      override: overrideYaml([{ settings: { [key]: { field: `<the Control field for "${def.label}">`, ...SEEN } } }], [
        `Set "${def.label}" in the Halo UI, GET /api/Control and name the field that changed`,
      ]),
    };
  }
  const value = control[def.field];
  if (values.length === 0 || value === null || value === undefined) {
    return { ...base, observed: `${code(def.field)} is present: ${quoted(value ?? null)}`, verdict: 'agrees' };
  }
  const name = values.find(([, v]) => String(v.halo) === String(value))?.[0];
  if (name) return { ...base, observed: `${code(def.field)} is present: ${quoted(value)} (${name})`, verdict: 'agrees' };
  const teachable = typeof value === 'number' || typeof value === 'boolean' || (typeof value === 'string' && value !== '' && isCode(value));
  return {
    ...base,
    observed: `${code(def.field)} is present: ${quoted(value)}, not in the catalog`,
    verdict: 'disagrees',
    ...(teachable ? { override: overrideYaml([{ settings: { [key]: { values: { [nameFor(typeof value === 'boolean' ? String(value) : value)]: { halo: value, ...SEEN } } } } }]) } : {}),
  };
}
