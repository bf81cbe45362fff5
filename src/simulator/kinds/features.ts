/**
 * Features: /api/Features, schema ModuleSetup (module on/off switches), int ids, bare-array
 * list. Creating needs `module_name`; updates usually flip `enabled`. `showdisabled=false` /
 * `showenabled=false` hide disabled / enabled modules (both shown by default).
 */
import type { KindDef } from './types.js';

/** The Features quirk declaration. */
export const featuresKind: KindDef = {
  route: 'Features',
  entity: 'ModuleSetup',
  idType: 'int',
  detailSchema: 'ModuleSetup',
  listSchema: 'ModuleSetup',
  list: { kind: 'array' },
  requiredField: 'module_name',
  defaults: () => ({ enabled: false, core: false, licensed: true, accesslevel: 0 }),
  filter(mod, q) {
    if (q.str('showdisabled')?.toLowerCase() === 'false' && mod['enabled'] !== true) return false;
    if (q.str('showenabled')?.toLowerCase() === 'false' && mod['enabled'] === true) return false;
    return true;
  },
  renderList: (mod) => mod,
  renderDetail: (mod) => mod,
};
