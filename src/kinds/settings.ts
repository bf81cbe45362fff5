/**
 * Settings: the Control singleton (/api/Control; one object, 3,000+ fields). Its fields are the
 * catalog's settings plus `raw` (constructs/kinds/settings.ts). Updates POST `[{id, field: value}]`
 * (the live id; none when the read had none). Never created or deleted.
 */
import { settingsKind } from '../../constructs/kinds/settings.js';
import type { HaloRecord } from '../halo/types.js';
import { kindHandler } from './handler.js';

/** Settings (Control): friendly settings keys plus raw Control fields. */
export const settingsHandler = kindHandler(settingsKind, {
  apiPath: 'Control',
  schema: 'Control',
  list: async (reader) => [await reader.getSingleton<HaloRecord>('Control')],
});
