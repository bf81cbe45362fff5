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
import type { KindDef } from './types.js';
import { postedArray, replaceRows, without } from './references.js';

const SECRETS = ['basic_password', 'authentication_header'];

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
    if (rows) hook['events'] = replaceRows(hook, 'events', rows, () => ctx.store.nextId('UnameNotification'), { webhook_id: hook['id'] });
  },
  filter(hook, q) {
    const type = q.int('type');
    return type === undefined || hook['type'] === type;
  },
  renderList: (hook) => without(hook, [...SECRETS, 'events']),
  renderDetail: (hook, q) => (q.bool('includedetails') ? without(hook, SECRETS) : without(hook, [...SECRETS, 'events'])),
};
