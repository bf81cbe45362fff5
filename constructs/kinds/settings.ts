/** Settings: the Control singleton (/api/Control), friendly keys from catalog/settings plus raw fields. */
import type { Construct } from 'constructs';
import type { Reference } from '../../src/model/desired.js';
import type { Checker } from '../checker.js';
import { HaloObject, type ObjectProps } from '../object.js';

/** Settings spec (the Control singleton): friendly keys from catalog/settings, plus raw Control fields. */
export interface SettingsSpec {
  raw?: Record<string, unknown>;
  [setting: string]: string | number | boolean | Record<string, unknown> | undefined;
}

/** Settings refer to nothing. */
export function settingsReferences(): Reference[] {
  return [];
}

/** Props of a Settings construct. */
export type SettingsProps = Omit<ObjectProps<SettingsSpec>, 'spec'> & { spec?: SettingsSpec };

/** The instance settings (one per environment). */
export class Settings extends HaloObject<SettingsSpec> {
  constructor(scope: Construct, id: string, props: SettingsProps = {}) {
    super(scope, 'Settings', id, { ...props, spec: props.spec ?? {} });
  }

  protected checkSpec(c: Checker): void {
    for (const [key, value] of Object.entries(this.spec)) {
      if (key === 'raw') {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) c.error('raw', 'raw must be a mapping of Control fields');
        continue;
      }
      const def = c.lookup('settings', key, key, 'setting');
      if (!def?.values) {
        if (def && !['string', 'number', 'boolean'].includes(typeof value)) c.error(key, `setting '${key}' must be a string, number or boolean`);
        continue;
      }
      const known = Object.keys(def.values);
      if (typeof value !== 'string' || !known.includes(value)) c.error(key, `setting '${key}' (${def.label}) must be one of: ${known.join(', ')}`);
      else c.use(`settings.${key}.values.${value}`);
    }
  }

  references(): Reference[] {
    return settingsReferences();
  }
}
