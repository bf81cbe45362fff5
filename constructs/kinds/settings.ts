/** Settings: the Control singleton (/api/Control), friendly keys from catalog/settings plus raw fields. */
import type { Construct } from 'constructs';
import type { Catalog } from '../../src/model/catalog.js';
import { raw, scalar, tableChoice, type Field } from '../fields.js';
import { declareKind } from '../kind.js';
import { HaloObject, type ObjectProps } from '../object.js';

/** Settings spec (the Control singleton): friendly keys from catalog/settings, plus raw Control fields. */
export interface SettingsSpec {
  raw?: Record<string, unknown>;
  [setting: string]: string | number | boolean | Record<string, unknown> | undefined;
}

/** Props of a Settings construct. */
export type SettingsProps = Omit<ObjectProps<SettingsSpec>, 'spec'> & { spec?: SettingsSpec };

/** The instance settings (one per environment). */
export class Settings extends HaloObject<SettingsSpec> {
  constructor(scope: Construct, id: string, props: SettingsProps = {}) {
    super(scope, settingsKind, id, { ...props, spec: props.spec ?? {} });
  }
}

/** One field per catalog setting (its Control field, through its value table when it has one), then `raw`. */
function settingsFields(catalog: Catalog): Record<string, Field<SettingsSpec>> {
  const out: Record<string, Field<SettingsSpec>> = {};
  for (const [key, def] of Object.entries(catalog.settings)) {
    out[key] = def.values ? tableChoice(def.field, def.values, { export: 'value' }) : scalar(def.field);
  }
  out.raw = raw();
  return out;
}

/**
 * The Settings kind: a singleton whose fields are the catalog's settings (catalog/settings.yaml,
 * overridable per environment), each a Control field; `raw` sets Control fields directly.
 */
export const settingsKind = declareKind(Settings, {
  kind: 'Settings',
  dependsOn: [],
  singleton: true,
  fields: settingsFields,
  check(spec, c) {
    for (const [key, value] of Object.entries(spec)) {
      if (key === 'raw') continue;
      const def = c.lookup('settings', key, key, 'setting');
      if (!def?.values) continue;
      const known = Object.keys(def.values);
      if (typeof value !== 'string' || !known.includes(value)) c.error(key, `setting '${key}' (${def.label}) must be one of: ${known.join(', ')}`);
      else c.use(`settings.${key}.values.${value}`);
    }
  },
});
