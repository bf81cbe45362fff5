/**
 * Client (customer): /api/Client, schema Area (SPEC24 has no Area_List, so list items are
 * projected onto Area too), int ids, required `name`.
 *
 * Quirks (halo-api.md §2.0, §4.2): /Client is a paginating endpoint, so the list is ALWAYS the
 * wrapper `{record_count, clients: [...]}` (the `clients` key is what n8n reads: `const { clients }`);
 * without `pageinate` every row comes back (`count=N` limits), with `pageinate=true` the generic
 * page_size (default 50, capped silently at 100) / page_no apply. Inactive customers are left out
 * unless `includeinactive=true` (a SPEC24 parameter; Halo's default is unverified). `toplevel_id`
 * sets `toplevel_name` on read. Filters: search, toplevel_id, includeinactive.
 * Agents' `clients` restriction rows refer to these ids (agent.ts).
 */
import type { JsonObject } from '../schema/bind.js';
import type { KindContext, KindDef } from './types.js';
import { nameOf } from './references.js';

function clientItem(client: JsonObject, ctx: KindContext): JsonObject {
  return { ...client, toplevel_name: nameOf(ctx, 'TopLevel', client['toplevel_id']) };
}

/** The Client quirk declaration. */
export const clientKind: KindDef = {
  route: 'Client',
  entity: 'Area',
  idType: 'int',
  detailSchema: 'Area',
  listSchema: 'Area',
  list: { kind: 'wrapper', key: 'clients' },
  requiredField: 'name',
  serverOwned: ['toplevel_name', 'datecreated', 'open_ticket_count', 'opps_ticket_count'],
  defaults: (ctx) => ({ inactive: false, toplevel_id: null, datecreated: ctx.nowIso() }),
  check(item, at, ctx, errors) {
    const top = item['toplevel_id'];
    if (typeof top === 'number' && top !== 0 && !ctx.store.get('TopLevel', top)) {
      errors.push({ key: `${at}.toplevel_id`, message: `Top Level ${top} does not exist.` });
    }
  },
  filter(client, q) {
    if (client['inactive'] === true && !q.bool('includeinactive')) return false;
    const top = q.int('toplevel_id');
    if (top !== undefined && client['toplevel_id'] !== top) return false;
    const search = q.str('search')?.toLowerCase();
    return !search || String(client['name'] ?? '').toLowerCase().includes(search);
  },
  renderList: (client, _q, ctx) => clientItem(client, ctx),
  renderDetail: (client, _q, ctx) => clientItem(client, ctx),
};
