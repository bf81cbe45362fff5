/**
 * Webhook: /api/Webhook, schema Webhook, string GUID ids, required `name` (halo-api.md §2.8).
 * Bare-array list, filter `type`. `basic_password` is stored but never echoed (our assumption,
 * by analogy with application secrets).
 */
import type { KindDef } from './types.js';
import { without } from './references.js';

/** The Webhook quirk declaration. */
export const webhookKind: KindDef = {
  route: 'Webhook',
  entity: 'Webhook',
  idType: 'guid',
  detailSchema: 'Webhook',
  listSchema: 'Webhook',
  list: { kind: 'array' },
  requiredField: 'name',
  neverEchoed: ['basic_password'],
  defaults: () => ({ type: 0, method: 0, authentication_type: 0, active: true, disabled: false }),
  filter(hook, q) {
    const type = q.int('type');
    return type === undefined || hook['type'] === type;
  },
  renderList: (hook) => without(hook, ['basic_password']),
  renderDetail: (hook) => without(hook, ['basic_password']),
};
