/**
 * Control: /api/Control, schema Control (3,088 fields), a singleton (halo-api.md §2.7).
 * GET /api/Control returns the object itself (not wrapped, not an array). POST takes an array
 * whose item merges into it; an item without `id` also targets the singleton, another id is 404.
 * DELETE is 405. Fields are opaque: nextfaultidcalculationmethod, next_ticket_id, ...
 */
import type { KindDef } from './types.js';

/** The Control quirk declaration. */
export const controlKind: KindDef = {
  route: 'Control',
  entity: 'Control',
  idType: 'int',
  detailSchema: 'Control',
  listSchema: 'Control',
  list: { kind: 'array' },
  singleton: true,
  serverOwned: ['app_version', 'app_version_nopatch', 'database_version'],
  renderList: (control) => control,
  renderDetail: (control) => control,
};
