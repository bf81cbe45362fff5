/**
 * FieldInfo: /api/FieldInfo, schema FieldInfo, int ids, required `name`: Halo's custom fields
 * (HaloAPI Get-/New-HaloCustomField use this route).
 *
 * Quirks: bare-array list. The options (`values`, Lookup rows) replace on POST; a posted row with
 * the id of a stored one keeps it, others get new ids. The list carries them only with
 * `includevalues=true` (SPEC24 list parameter); GET /{id} always does. List filter `typeid`
 * (matched against `usage`, which the simulator takes to be the same code).
 */
import type { KindDef } from './types.js';
import { postedArray, replaceRows, without } from './references.js';

/** The FieldInfo quirk declaration. */
export const fieldInfoKind: KindDef = {
  route: 'FieldInfo',
  entity: 'FieldInfo',
  idType: 'int',
  detailSchema: 'FieldInfo',
  listSchema: 'FieldInfo',
  nestedSchemas: ['Lookup'],
  list: { kind: 'array' },
  requiredField: 'name',
  nested: ['values'],
  serverOwned: ['guid'],
  defaults: () => ({ type: 0, usage: 1, custom: 1, values: [] }),
  write(field, item, ctx, created) {
    if (created) field['guid'] = ctx.newGuid();
    const rows = postedArray(item, 'values');
    if (rows) field['values'] = replaceRows(field, 'values', rows, () => ctx.store.nextId('Lookup'));
  },
  filter(field, q) {
    const type = q.int('typeid');
    return type === undefined || field['usage'] === type;
  },
  renderList: (field, q) => (q.bool('includevalues') ? field : without(field, ['values'])),
  renderDetail: (field) => field,
};
