/**
 * Custom field (/api/FieldInfo, schema FieldInfo; int ids; see constructs/kinds/custom-field.ts for
 * why FieldInfo and not Field). Label, type and usage are its table; here: the endpoint and the
 * options. The list is asked for with `includevalues` (SPEC24 GET /FieldInfo), so the options come
 * with it and no detail read is needed. Options are FieldInfo.values rows (Lookup): the whole list,
 * compared as a set of names; rows of options that stay keep their id, so Halo keeps what tickets
 * already hold.
 */
import { customFieldKind, OPTION_TYPES, type CustomFieldSpec } from '../../constructs/kinds/custom-field.js';
import type { HaloRecord } from '../halo/types.js';
import type { FieldCodec } from './fields.js';
import { kindHandler } from './handler.js';
import { fromHalo, nameSet, records, str } from './lookup.js';
import { naturalKey } from '../model/kinds.js';

function liveOptions(raw: HaloRecord): HaloRecord[] {
  return records(raw, 'values').filter((r) => (str(r, 'name') ?? '') !== '');
}

/** `options`: the whole list of option names. */
const options: FieldCodec<CustomFieldSpec> = {
  set: true,
  canonical: (spec) => nameSet(spec.options ?? []),
  normalize: (live) => nameSet(liveOptions(live.raw).map((r) => str(r, 'name') ?? '')),
  payload(p, spec, _ctx, live) {
    if (spec.options === undefined) return;
    const have = live ? liveOptions(live.raw) : [];
    p.values = nameSet(spec.options).map((name) => {
      const row = have.find((r) => naturalKey(str(r, 'name') ?? '') === naturalKey(name));
      return row?.id !== undefined ? { id: row.id, name } : { name };
    });
  },
  // Only with a list type export can name (options need one in the spec).
  export(live, ctx) {
    const type = fromHalo(ctx.catalog.customFieldTypes, live.raw.type);
    const names = nameSet(liveOptions(live.raw).map((r) => str(r, 'name') ?? ''));
    return names.length > 0 && typeof type === 'string' && OPTION_TYPES.includes(type) ? names : undefined;
  },
};

/** Custom fields: label, type, usage, options. */
export const customFieldHandler = kindHandler(customFieldKind, {
  apiPath: 'FieldInfo',
  schema: 'FieldInfo',
  delete: true,
  list: (reader) => reader.list<HaloRecord>('FieldInfo', { includevalues: true }),
  codecs: { options },
});
