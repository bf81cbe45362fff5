/**
 * Webhook: /api/Webhook, schema Webhook, string GUID ids, required `name` (halo-api.md §2.8).
 *
 * Quirks: bare-array list, filter `type`. The subscriptions (`events`, UnameNotification rows)
 * replace on POST; a posted row with the id of a stored one keeps it, others get new ids, and each
 * carries `webhook_id`. They come back only with `includedetails` (list items and plain GETs lack
 * them: halopsa-node docs list events among the "extra objects"). `basic_password` and
 * `authentication_header` are stored but never echoed (our assumption, by analogy with
 * application secrets).
 */
import type { JsonObject } from '../schema/bind.js';
import type { KindDef } from './types.js';
import { postedArray, storedArray, without } from './references.js';

const SECRETS = ['basic_password', 'authentication_header'];

/** The stored subscription rows after a POST that sent `rows`. */
function eventRows(hook: JsonObject, rows: JsonObject[], nextId: () => number): JsonObject[] {
  const stored = new Map(storedArray(hook, 'events').map((r) => [String(r['id']), r]));
  return rows.map((r) => {
    const kept = r['id'] !== undefined && r['id'] !== 0 ? stored.get(String(r['id'])) : undefined;
    return { ...(kept ?? {}), ...r, id: kept ? kept['id'] : nextId(), webhook_id: hook['id'] };
  });
}

/** The Webhook quirk declaration. */
export const webhookKind: KindDef = {
  route: 'Webhook',
  entity: 'Webhook',
  idType: 'guid',
  detailSchema: 'Webhook',
  listSchema: 'Webhook',
  nestedSchemas: ['UnameNotification'],
  list: { kind: 'array' },
  requiredField: 'name',
  neverEchoed: SECRETS,
  nested: ['events'],
  defaults: () => ({ type: 0, method: 0, authentication_type: 0, active: true, disabled: false, events: [] }),
  write(hook, item, ctx) {
    const rows = postedArray(item, 'events');
    if (rows) hook['events'] = eventRows(hook, rows, () => ctx.store.nextId('UnameNotification'));
  },
  filter(hook, q) {
    const type = q.int('type');
    return type === undefined || hook['type'] === type;
  },
  renderList: (hook) => without(hook, [...SECRETS, 'events']),
  renderDetail: (hook, q) => (q.bool('includedetails') ? without(hook, SECRETS) : without(hook, [...SECRETS, 'events'])),
};
